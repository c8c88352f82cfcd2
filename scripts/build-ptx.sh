#!/usr/bin/env bash
# Builds the CUDA PTX resources of module kernels with nvcc: for every kernel file <name>.cu and each arch
# (sm_80: A100 and later via JIT; sm_90: H100/H200), kernels/src/main/resources/org/jnequip/kernels/ptx/<name>.<arch>.ptx.
# Type-templated files are instantiated for float (_f32) and double (_f64) exactly as KernelSource does for OpenCL.
# Usage: scripts/build-ptx.sh            (NVCC=/path/to/nvcc to choose the compiler; ARCHS="sm_80 sm_90" to override)
# Commit the generated .ptx files: the Maven build never runs nvcc, and CudaProvider reports CUDA unavailable
# without them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/kernels/src/main/resources/org/jnequip/kernels
out=$src/ptx
NVCC=${NVCC:-nvcc}
ARCHS=${ARCHS:-"sm_80 sm_90"}
command -v "$NVCC" >/dev/null 2>&1 || { echo "build-ptx: nvcc not found (install the CUDA toolkit or set NVCC=)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/kernel-wrappers.sh" "$src" "$tmp"
for w in "$tmp"/*.wrap.cu; do
  name=$(basename "$w" .wrap.cu)
  for arch in $ARCHS; do
    "$NVCC" -ptx -arch="$arch" -I"$src" -o "$out/$name.$arch.ptx" "$w"
    echo "built ptx/$name.$arch.ptx ($(grep -c '^.visible .entry' "$out/$name.$arch.ptx") kernels)"
  done
done
