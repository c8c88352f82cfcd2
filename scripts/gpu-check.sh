#!/usr/bin/env bash
# Runs on a GPU machine with the kit of scripts/gpu-kit.sh in .gpu/: the device test suite (every kernel against
# the CPU backend, whole-model energy/forces/virial and training parity, training on the device), then the bench
# harness on CUDA for the standard structures (energy+forces and a training step, with kernel launches and host
# copies per call), and the same on the CPU for reference. Everything it prints goes to $OUT (the device tool
# brings $OUT back) as well as to the console. One call does it all:
#   run(command="bash scripts/gpu-check.sh", carry=[".gpu"], timeout_s=600)
# DEVICE=opencl tries the same steps with OpenCL, and QUICK=1 times one call of each and no training step (to
# check the kit itself on a machine with PoCL). The --graph runs time energy+forces replayed from a captured step.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
kit=$root/.gpu
OUT=${OUT:-/tmp/gpu-check}
DEVICE=${DEVICE:-cuda}
mkdir -p "$OUT"
[ -f "$kit/jre.tar.xz" ] || { echo "no kit in $kit: run scripts/gpu-kit.sh on a development machine and carry .gpu" >&2; exit 1; }
rt=$(mktemp -d)
tar xJf "$kit/jre.tar.xz" -C "$rt"
JAVA=("$rt/jre/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED
      --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true -Xss16m -XX:+UseParallelGC -Xmn2g)
export JNEQUIP_GOLDEN_DIR=$kit/golden

{
  date -u
  nvidia-smi 2>&1 || echo "nvidia-smi: not available"
  "$rt/jre/bin/java" -version 2>&1
  nproc
} > "$OUT/machine.txt" 2>&1
cat "$OUT/machine.txt"

echo "== device tests" | tee "$OUT/tests.txt"
cp=$kit/jnequip.jar:$kit/kernels-tests.jar:$kit/cli-tests.jar:$(ls "$kit"/junit/*.jar | tr '\n' ':')
( cd cli && timeout 420 "${JAVA[@]}" -Djnequip.repoRoot="$root" -cp "$cp" org.jnequip.cli.DeviceSuite \
    org.jnequip.kernels org.jnequip.cli.DeviceTrainingTest org.jnequip.cli.BenchCommandTest ) 2>&1 | tee -a "$OUT/tests.txt" | tail -n 40

bench() {  # label, then bench arguments
  local label=$1; shift
  echo "== $label: $*" | tee -a "$OUT/bench.txt"
  timeout 300 "${JAVA[@]}" -jar "$kit/jnequip.jar" bench "$@" 2>&1 | grep -E "device|median|work per|kernels per|captured|^\{|rror|unavailable" | tee -a "$OUT/bench.txt"
}
B=$kit/bench
runs=(--warmup 15 --warmup-seconds 3 --calls 15 --train-batch 1); big=(--warmup 5 --warmup-seconds 3 --calls 10)
[ "${QUICK:-0}" = 1 ] && { runs=(--warmup 1 --warmup-seconds 0 --calls 1); big=(--warmup 0 --warmup-seconds 0 --calls 1); }
for dev in "$DEVICE" cpu; do
  bench "$dev water192" --device "$dev" --structure "$B/water192.xyz" --r-max 4.5 --layers 6 --features 32 --l-max 1 "${runs[@]}"
  bench "$dev aspirin l_max 3" --device "$dev" --structure "$B/aspirin.xyz" --r-max 4.0 --layers 5 --features 64 --l-max 3 "${runs[@]}"
done
# the same energy+forces replayed as one captured graph (CUDA Graph on CUDA)
graph=(--warmup 15 --warmup-seconds 3 --calls 30 --graph); [ "${QUICK:-0}" = 1 ] && graph=(--warmup 1 --warmup-seconds 0 --calls 1 --graph)
bench "$DEVICE water192 graph" --device "$DEVICE" --structure "$B/water192.xyz" --r-max 4.5 --layers 6 --features 32 --l-max 1 "${graph[@]}"
bench "$DEVICE aspirin l_max 3 graph" --device "$DEVICE" --structure "$B/aspirin.xyz" --r-max 4.0 --layers 5 --features 64 --l-max 3 "${graph[@]}"
# the convolution TP alone (uvu, per-edge and fused), nominal GFLOP/s, against e3nn's figures
tpcalls=(--warmup 5 --calls 20); [ "${QUICK:-0}" = 1 ] && tpcalls=(--warmup 0 --calls 1 --features 32 --l-max 1)
echo "== $DEVICE bench-tp" | tee -a "$OUT/bench.txt"
timeout 300 "${JAVA[@]}" -jar "$kit/jnequip.jar" bench-tp --device "$DEVICE" "${tpcalls[@]}" 2>&1 | tee -a "$OUT/bench.txt"
bench "$DEVICE water1536" --device "$DEVICE" --structure "$B/water1536.xyz" --r-max 4.5 --layers 6 --features 32 --l-max 1 "${big[@]}"
echo "results in $OUT: $(ls "$OUT" | tr '\n' ' ')"
