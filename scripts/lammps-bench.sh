#!/usr/bin/env bash
# Cost per atom and step of `jnequip lammps` (LAMMPS integrating, JNequIP's forces through fix external) against
# `jnequip md` (JNequIP integrating), same model and structure (water192, NVE, 0.5 fs), run alternately so that both
# see the same machine load. Each number is the integration loop alone: md's "N steps ... in T s", LAMMPS's
# "Loop time of T ... for N steps" (both leave out start-up and the first force call).
#   scripts/lammps-bench.sh [STEPS=500] [ROUNDS=3] [DTYPE=float32] [MODEL=models/water-small.safetensors]
# After each lammps row, a second (warm) run of 100 steps tells how much of LAMMPS's loop is not the model.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEPS="${1:-500}"; ROUNDS="${2:-3}"; DTYPE="${3:-float32}"; MODEL="$(realpath "${4:-$ROOT/models/water-small.safetensors}")"
# the first frame of the water data the model was trained on (examples/lammps/water-nve/water.data is the same frame): on
# ../shared/bench/water192.xyz the small bundled model lets two H atoms meet within 20 steps, which md refuses
STRUCTURE="$ROOT/data/water-deepmd-example/test-20.extxyz"
[ -f "$STRUCTURE" ] || { echo "lammps-bench: $STRUCTURE not found" >&2; exit 1; }
OUT="$(mktemp -d "${TMPDIR:-/tmp}/jnequip-lammps-bench.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
echo "water, 192 atoms (first frame of data/water-deepmd-example/test-20.extxyz), $STEPS NVE steps of 0.5 fs, $DTYPE, model $MODEL; $ROUNDS rounds, md and lammps alternating"
per_atom_step() { awk -v t="$1" -v s="$STEPS" 'BEGIN { printf "%.2f", t * 1e6 / 192 / s }'; }
printf '%-6s %-8s %12s %16s\n' round path "loop (s)" "us/atom/step"
for r in $(seq "$ROUNDS"); do
  "$ROOT/jnequip" md --model "$MODEL" --structure "$STRUCTURE" --ensemble nve --temperature 300 --timestep 0.5 --steps "$STEPS" \
      --thermo-every 100 --traj-every 0 --dtype "$DTYPE" --out "$OUT/md" >"$OUT/md.log" 2>&1
  t=$(sed -n 's/^\([0-9]*\) steps of .* in \([0-9.]*\) s .*/\2/p' "$OUT/md.log")
  [ -n "$t" ] || { cat "$OUT/md.log" >&2; exit 1; }
  printf '%-6s %-8s %12s %16s\n' "$r" md "$t" "$(per_atom_step "$t")"
  "$ROOT/jnequip" lammps "$ROOT/examples/lammps/bench/in.lmp" -var steps "$STEPS" -var model "$MODEL" --dtype "$DTYPE" -log none >"$OUT/lammps.log" 2>&1
  t=$(sed -n 's/^Loop time of \([0-9.e+-]*\) on 1 procs for .*/\1/p' "$OUT/lammps.log" | head -n 1)
  [ -n "$t" ] || { cat "$OUT/lammps.log" >&2; exit 1; }
  printf '%-6s %-8s %12s %16s\n' "$r" lammps "$t" "$(per_atom_step "$t")"
  # the second (warm) run: its model time per call times its steps, against its loop; the rest is LAMMPS's own work
  # (integration, neighbour lists, ghosts) plus the bridge's (ids, positions, box, forces, energy, virial)
  t2=$(sed -n 's/^Loop time of \([0-9.e+-]*\) on 1 procs for .*/\1/p' "$OUT/lammps.log" | tail -n 1)
  m=$(sed -n 's/^jnequip: \([0-9]*\) force calls: \([0-9.]*\) s in the model, \([0-9.]*\) s in the rest.*/\1 \2 \3/p' "$OUT/lammps.log" | tail -n 1)
  awk -v t="$t2" -v m="$m" 'BEGIN { split(m, a, " "); inloop = a[2] * (a[1] - 1) / a[1];
    printf "       warm run of %d steps: loop %.3f s, of which the model %.3f s: %.2f %% outside the model (the bridge alone: %.0f us per call)\n",
           a[1] - 1, t, inloop, 100 * (t - inloop) / t, 1e6 * a[3] / a[1] }'
done
