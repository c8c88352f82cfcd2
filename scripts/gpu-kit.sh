#!/usr/bin/env bash
# Packs what a GPU machine needs to run the device tests and the CUDA benchmarks into .gpu/ (git-ignored).
# GPU machines here have the NVIDIA driver and nvcc but no JDK, no Maven and no network, and what travels with
# the working tree is limited (64 MiB), so the kit holds: a jlink'ed Java runtime (xz, ~22 MB), the command-line
# fat jar (all main classes, JCuda/JOCL and their natives), the kernels and cli test classes, the JUnit jars, and
# the standard structures and golden files from ../shared (which does not travel).
# Usage (on a development machine, from the repo root):  scripts/gpu-kit.sh
# Then on the GPU machine (device tool):  run(command="bash scripts/gpu-check.sh", carry=[".gpu"])
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/find-java.sh
shared=${JNEQUIP_SHARED:-$root/../shared}
repo=${MAVEN_REPO:-$HOME/.m2/repository}
kit=$root/.gpu
rm -rf "$kit" && mkdir -p "$kit/junit" "$kit/bench" "$kit/golden"

echo "[gpu-kit] building (mvn package, tests skipped) ..."
mvn -B -q -ntp -DskipTests package -pl cli -am

echo "[gpu-kit] Java runtime (jlink) ..."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
jlink --add-modules java.base,java.desktop,java.logging,java.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs \
      --strip-debug --no-header-files --no-man-pages --output "$tmp/jre" 2>/dev/null
tar cJf "$kit/jre.tar.xz" -C "$tmp" jre

cp cli/target/jnequip.jar "$kit/jnequip.jar"
jar cf "$kit/kernels-tests.jar" -C kernels/target/test-classes org
jar cf "$kit/cli-tests.jar" -C cli/target/test-classes org

# JUnit: the versions the build used (jupiter 5.x pairs with platform 1.x of the same minor and patch)
jv=$(sed -n 's|.*<junit.version>\(.*\)</junit.version>.*|\1|p' pom.xml)
pv="1.${jv#5.}"
for a in org/junit/jupiter/junit-jupiter-api/$jv org/junit/jupiter/junit-jupiter-engine/$jv org/junit/jupiter/junit-jupiter-params/$jv \
         org/junit/platform/junit-platform-commons/$pv org/junit/platform/junit-platform-engine/$pv \
         org/junit/platform/junit-platform-launcher/$pv org/opentest4j/opentest4j/1.3.0 org/apiguardian/apiguardian-api/1.1.2; do
  f=$(ls "$repo/$a"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -n 1)
  [ -n "$f" ] || { echo "[gpu-kit] missing $repo/$a (run the test suite once so Maven downloads it)" >&2; exit 1; }
  cp "$f" "$kit/junit/"
done

cp "$shared"/bench/*.xyz "$kit/bench/"
cp -r "$shared"/golden/. "$kit/golden/"
du -sh "$kit"
echo "[gpu-kit] ready: $kit (git-ignored). Working tree + kit must stay under 64 MiB."
