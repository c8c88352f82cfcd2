/*
 * convert.cu: dtype casts (not type-templated; built only where the device has fp64).
 * f64 -> f32 rounds to nearest like Java's (float) cast.
 */
#include "prelude.h"

KERNEL void cast_f32_f64(int n, GLOBAL const float* RESTRICT x, GLOBAL double* RESTRICT y) {
    int i = GID;
    if (i < n) y[i] = (double)x[i];
}

KERNEL void cast_f64_f32(int n, GLOBAL const double* RESTRICT x, GLOBAL float* RESTRICT y) {
    int i = GID;
    if (i < n) y[i] = (float)x[i];
}
