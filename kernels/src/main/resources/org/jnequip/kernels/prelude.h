/*
 * prelude.h: the portability layer that lets every kernel file compile both as CUDA (nvcc -> PTX) and as
 * OpenCL C (clBuildProgram). Kernel files are written once against these macros.
 *
 * Type templating: each kernel file is instantiated once per element type with
 *   T              the element type (float or double)
 *   FN(name)       name##_f32 or name##_f64 (every kernel AND helper name goes through FN)
 *   ATOMIC_ADD_T   the float atomic add for T
 * The Java loader (KernelSource) and scripts/build-ptx.sh both wrap the file in these #defines.
 * Rules (docs/toolchain.md section 3): overloaded math names only (sqrt, exp; never sqrtf), float literals
 * written as LIT(x) casts, GLOBAL on every pointer parameter, int indices, no float3, fixed-size local memory.
 */
#ifndef JNEQUIP_PRELUDE_H
#define JNEQUIP_PRELUDE_H

#if defined(__CUDACC__) || defined(__CUDA__)

#define KERNEL extern "C" __global__
#define DEVICE static __device__ __forceinline__
#define GLOBAL
#define RESTRICT __restrict__
#define LOCAL_MEM __shared__
#define GID ((int)(blockIdx.x * blockDim.x + threadIdx.x))
#define LID_X ((int)threadIdx.x)
#define LID_Y ((int)threadIdx.y)
#define GROUP_X ((int)blockIdx.x)
#define GROUP_Y ((int)blockIdx.y)
#define GROUP_Z ((int)blockIdx.z)
#define BARRIER() __syncthreads()
#define ATOMIC_ADD_F32(p, v) atomicAdd((p), (v))
#define ATOMIC_ADD_F64(p, v) atomicAdd((p), (v))

#elif defined(__OPENCL_VERSION__)

#define KERNEL __kernel
#define DEVICE static inline
#define GLOBAL __global
#define RESTRICT restrict
#define LOCAL_MEM __local
#define GID ((int)get_global_id(0))
#define LID_X ((int)get_local_id(0))
#define LID_Y ((int)get_local_id(1))
#define GROUP_X ((int)get_group_id(0))
#define GROUP_Y ((int)get_group_id(1))
#define GROUP_Z ((int)get_group_id(2))
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)

/* No cl_ext_float_atomics on PoCL: compare-and-swap on the bit pattern until no other thread interfered. */
DEVICE float atomic_add_f32_cas(volatile __global float* p, float v) {
    union { unsigned int u; float f; } o, n;
    do { o.f = *p; n.f = o.f + v; }
    while (atomic_cmpxchg((volatile __global unsigned int*)p, o.u, n.u) != o.u);
    return o.f;
}
#define ATOMIC_ADD_F32(p, v) atomic_add_f32_cas((p), (v))

#ifdef JNEQUIP_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
DEVICE double atomic_add_f64_cas(volatile __global double* p, double v) {
    union { unsigned long u; double f; } o, n;
    do { o.f = *p; n.f = o.f + v; }
    while (atom_cmpxchg((volatile __global unsigned long*)p, o.u, n.u) != o.u);
    return o.f;
}
#define ATOMIC_ADD_F64(p, v) atomic_add_f64_cas((p), (v))
#endif

#else
#error "prelude.h: compile as CUDA (nvcc) or OpenCL C"
#endif

/* A real constant in the kernel's element type (folded at compile time; no double arithmetic in float kernels). */
#define LIT(x) ((T)(x))

#endif /* JNEQUIP_PRELUDE_H */
