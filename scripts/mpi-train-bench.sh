#!/usr/bin/env bash
# Data-parallel training speed on one machine: the water192 bench model (6 layers, 32 features, r_max 4.5, l_max 1,
# float32) trained on the DeePMD water frames (192 atoms each), global batch BATCH frames, under
#   A  mpirun -np 1                  one rank on one core
#   B  mpirun -np 2                  two ranks, one core each, each with half of every batch
#   C  mpirun -np 1 --bind-to none   one rank with every core (its threads share the work instead)
# taking turns, ROUNDS times. Prints each run's median training-step time (validation excluded) and, for B, the
# gradient sum's and the wait for the slower rank's share of a step (medians), as `jnequip train` reports them.
# Usage: scripts/mpi-train-bench.sh [ROUNDS (2)] [BATCH (4)] [STEPS per epoch (4)]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-2}"; BATCH="${2:-4}"; STEPS="${3:-4}"
command -v mpirun >/dev/null || { echo "mpirun not found (Debian: apt-get install openmpi-bin)" >&2; exit 1; }
"$ROOT/jnequip" --build
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jnequip-mpi-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
MPIRUN=(mpirun --oversubscribe)
[ "$(id -u)" = 0 ] && MPIRUN+=(--allow-run-as-root)
run() {   # name, mpirun options...
  local name="$1"; shift
  local dir="$WORK/$name-$round"
  cat > "$WORK/$name-$round.yaml" <<EOF
root: $dir
run_name: run
seed: 1
dataset_file_name: $ROOT/data/water-deepmd-example/train-60.extxyz
n_train: $(( BATCH * STEPS ))
n_val: 2
batch_size: $BATCH
max_epochs: 2
r_max: 4.5
num_layers: 6
num_features: 32
l_max: 1
default_dtype: float32
EOF
  local out
  out="$("${MPIRUN[@]}" "$@" "$ROOT/jnequip" train "$WORK/$name-$round.yaml" 2>&1)" || { echo "$out" >&2; exit 1; }
  printf '%-40s %s\n' "round $round, $name:" "$(grep -o 'stopped: .*' <<<"$out" | sed 's/^stopped: reached max_epochs [0-9]* //')"
  grep -o 'per step on rank 0.*' <<<"$out" | sed 's/^/    /' || true
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; global batch $BATCH frames, $(( 2 * STEPS )) steps per run"
for round in $(seq 1 "$ROUNDS"); do
  run "1 rank, 1 core" -np 1
  run "2 ranks, 1 core each" -np 2
  run "1 rank, all cores" -np 1 --bind-to none
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
