#!/usr/bin/env bash
# Copies stdin to stdout unchanged, except a first line that is the JVM's "WARNING: Using incubator modules: ..."
# (printed at every start of a JVM that uses jdk.incubator.vector; no JVM option turns it off). After the first
# line, cat passes bytes on as they arrive, so carriage-return progress bars still draw in place. Signals are
# ignored so that after Ctrl-C the JVM's last words (where a run stopped) still get through.
trap '' INT TERM HUP
if IFS= read -r first; then
  case "$first" in
    "WARNING: Using incubator modules: "*) ;;
    *) printf '%s\n' "$first" ;;
  esac
else
  printf '%s' "$first"
fi
exec cat
