package org.jnequip.kernels;

/**
 * The CUDA backend: {@link DeviceBackend}'s ops on a {@link CudaDriver} (JCuda driver API, PTX made by
 * scripts/build-ptx.sh). Obtain it with {@code Backends.get("cuda")}; device choice via env
 * {@code JNEQUIP_CUDA_DEVICE}. Written against the same kernels that the OpenCL backend runs on PoCL in CI;
 * not yet run on a GPU (kernels/README.md).
 */
public final class CudaBackend extends DeviceBackend {
    public CudaBackend() { super(new CudaDriver()); }

    @Override public String name() { return "cuda"; }
}
