# Sourced by ./jnequip and .ci/run: sets JAVA_HOME to a JDK >= 25 and puts it first on PATH, or exits with a
# clear message. Order: $JAVA_HOME if it is >= 25, then /usr/lib/jvm/*, then `java` on PATH.
jnequip_java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
jnequip_find_java() {
  local cand
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(jnequip_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return 0
  fi
  for cand in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    if [ -x "$cand/bin/javac" ] && [ "$(jnequip_java_major "$cand")" -ge 25 ] 2>/dev/null; then echo "$cand"; return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    cand="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if [ "$(jnequip_java_major "$cand")" -ge 25 ] 2>/dev/null; then echo "$cand"; return 0; fi
  fi
  return 1
}
if ! JAVA_HOME="$(jnequip_find_java)"; then
  echo "ERROR: JNequIP needs a JDK 25 or newer, and none was found (looked at \$JAVA_HOME, /usr/lib/jvm/*, PATH)." >&2
  echo "       Install one (e.g. Temurin 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
