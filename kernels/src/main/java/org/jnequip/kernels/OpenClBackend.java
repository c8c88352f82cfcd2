package org.jnequip.kernels;

/**
 * The OpenCL backend (jocl): {@link DeviceBackend}'s ops on an {@link OpenClDriver}. Runs on any OpenCL 1.2+
 * device, including PoCL on a CPU (how CI checks the kernels without a GPU). Obtain it with
 * {@code Backends.get("opencl")}; device choice via env {@code JNEQUIP_OPENCL_DEVICE}.
 */
public final class OpenClBackend extends DeviceBackend {
    public OpenClBackend() { super(new OpenClDriver()); }

    @Override public String name() { return "opencl"; }
}
