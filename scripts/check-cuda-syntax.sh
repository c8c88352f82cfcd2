#!/usr/bin/env bash
# Compiles the CUDA side of every kernel file with clang (CUDA device-only, sm_80) against a small
# declaration shim instead of the CUDA headers, where nvcc is not installed. This checks syntax,
# overload resolution, extern "C" names and that float kernels contain no f64 arithmetic. It is NOT a
# substitute for nvcc + a GPU run. Usage: scripts/check-cuda-syntax.sh   (CLANG=clang-15 by default)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/kernels/src/main/resources/org/jnequip/kernels
CLANG=${CLANG:-clang-15}
command -v "$CLANG" >/dev/null 2>&1 || { echo "check-cuda-syntax: $CLANG not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/shim.h" <<'SHIM'
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __forceinline__ __attribute__((always_inline))
#include "__clang_cuda_builtin_vars.h"
#define DECL1(f) __device__ float f(float); __device__ double f(double);
#define DECL2(f) __device__ float f(float, float); __device__ double f(double, double);
DECL1(exp) DECL1(log) DECL1(sqrt) DECL1(sin) DECL1(cos) DECL1(tanh) DECL1(fabs) DECL1(log1p)
DECL2(pow) DECL2(fmax) DECL2(fmin)
__device__ int min(int, int);
__device__ float atomicAdd(float*, float);
__device__ double atomicAdd(double*, double);
SHIM
"$root/scripts/kernel-wrappers.sh" "$src" "$tmp"
fail=0
for w in "$tmp"/*.wrap.cu; do
  name=$(basename "$w" .wrap.cu)
  if "$CLANG" -Wno-unknown-cuda-version -x cuda --cuda-device-only --cuda-gpu-arch=sm_80 -nocudainc -nocudalib \
       -include "$tmp/shim.h" -I"$src" -S -o "$tmp/$name.ptx" "$w"; then
    f64=$(awk '/^.visible .entry [a-z_0-9]*_f32/{f=1} /^.visible .entry [a-z_0-9]*_f64/{f=0} f && /\.f64/' "$tmp/$name.ptx" | wc -l)
    echo "$name: ok, $(grep -c '^.visible .entry' "$tmp/$name.ptx") kernels, f64 instructions in f32 kernels: $f64"
    [ "$name" = convert ] || [ "$f64" = 0 ] || fail=1
  else
    echo "$name: FAILED"; fail=1
  fi
done
exit $fail
