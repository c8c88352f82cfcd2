#!/usr/bin/env bash
# kernel-wrappers.sh SRC_DIR OUT_DIR: writes OUT_DIR/<name>.wrap.cu for every SRC_DIR/<name>.cu, instantiating
# type-templated kernel files for float and double (the same #defines that KernelSource.java prepends for
# OpenCL). convert.cu names its types itself and is included once.
set -euo pipefail
src=$1; out=$2
for f in "$src"/*.cu; do
  name=$(basename "$f" .cu)
  w=$out/$name.wrap.cu
  if [ "$name" = convert ]; then
    printf '#include "%s.cu"\n' "$name" > "$w"
    continue
  fi
  : > "$w"
  for t in "float f32 F32" "double f64 F64"; do
    set -- $t
    printf '#define T %s\n#define FN(name) name##_%s\n#define ATOMIC_ADD_T(p, v) ATOMIC_ADD_%s(p, v)\n#include "%s.cu"\n#undef T\n#undef FN\n#undef ATOMIC_ADD_T\n' \
      "$1" "$2" "$3" "$name" >> "$w"
  done
done
