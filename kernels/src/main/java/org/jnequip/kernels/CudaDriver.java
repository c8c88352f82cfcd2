package org.jnequip.kernels;

import static jcuda.driver.JCudaDriver.*;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * {@link Driver} on CUDA through the JCuda driver API only (libJCudaDriver needs just libcuda.so.1): primary
 * context of device {@code JNEQUIP_CUDA_DEVICE} (default 0), one stream for kernels, modules loaded from PTX
 * resources {@code ptx/<program>.<arch>.ptx} made by scripts/build-ptx.sh (sm_90 on compute capability 9+,
 * else sm_80; the driver JIT-compiles the PTX for the actual GPU). Copies are synchronous cuMemcpy calls on
 * the legacy default stream, which orders them after the kernel stream's work.
 * NOT RUN YET: there was no GPU where this was written (see kernels/README.md).
 */
final class CudaDriver implements Driver {
    static final String[] ARCHS = {"sm_80", "sm_90"};

    private final CUcontext ctx = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String arch, description;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    CudaDriver() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new IllegalStateException("no CUDA device");
        String env = System.getenv("JNEQUIP_CUDA_DEVICE");
        int ordinal = env == null || env.isBlank() ? 0 : Integer.parseInt(env.trim());
        if (ordinal < 0 || ordinal >= count[0]) throw new IllegalArgumentException("JNEQUIP_CUDA_DEVICE=" + env + ": only " + count[0] + " device(s)");
        CUdevice dev = new CUdevice();
        cuDeviceGet(dev, ordinal);
        int[] major = new int[1], minor = new int[1];
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        if (major[0] < 8) throw new IllegalStateException("compute capability " + major[0] + "." + minor[0] + " is below 8.0, the oldest PTX target shipped");
        arch = major[0] >= 9 ? "sm_90" : "sm_80";
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, dev);
        cuDevicePrimaryCtxRetain(ctx, dev);
        cuCtxSetCurrent(ctx);
        cuStreamCreate(stream, 0);
        String n = new String(name, StandardCharsets.US_ASCII);
        description = "CUDA: " + n.substring(0, Math.max(0, n.indexOf(0) < 0 ? n.length() : n.indexOf(0))).trim()
                + " (cc " + major[0] + "." + minor[0] + ", PTX " + arch + "), fp64";
    }

    /** Null when every program has PTX for every shipped arch, else the first missing resource. */
    static String missingPtx() {
        for (String p : KernelSource.PROGRAMS)
            for (String a : ARCHS) if (!KernelSource.exists(ptxName(p, a))) return ptxName(p, a);
        return null;
    }

    static String ptxName(String program, String arch) { return "ptx/" + program + "." + arch + ".ptx"; }

    @Override public String describe() { return description; }

    @Override public boolean fp64() { return true; }

    @Override
    public synchronized Object alloc(long bytes) {
        cuCtxSetCurrent(ctx);
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(bytes, 4));
        return p;
    }

    @Override
    public synchronized void free(Object handle) {
        cuCtxSetCurrent(ctx);
        cuMemFree((CUdeviceptr) handle);
    }

    @Override
    public synchronized Object upload(Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        CUdeviceptr p = (CUdeviceptr) alloc(bytes);
        if (bytes > 0) cuMemcpyHtoD(p, pointer(host), bytes);
        return p;
    }

    @Override
    public synchronized void download(Object handle, Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        if (bytes == 0) return;
        cuCtxSetCurrent(ctx);
        cuStreamSynchronize(stream);
        cuMemcpyDtoH(pointer(host), (CUdeviceptr) handle, bytes);
    }

    @Override
    public synchronized void write(Object handle, Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        if (bytes == 0) return;
        cuCtxSetCurrent(ctx);
        cuMemcpyHtoD((CUdeviceptr) handle, pointer(host), bytes);   // legacy stream: after the kernel stream's work
    }

    @Override
    public synchronized void launch(String program, String kernel, int[] global, int[] local, Object... args) {
        cuCtxSetCurrent(ctx);
        enqueue(program, kernel, global, local, args, stream);
    }

    /**
     * A CUDA Graph of the sequence by stream capture: the launches are enqueued on a capture-only stream (so
     * the kernel stream is never left capturing if one fails), and the graph is instantiated once.
     * Kernel arguments are copied into the graph's nodes at capture time.
     */
    @Override
    public synchronized Object instantiate(java.util.List<Launch> launches) {
        cuCtxSetCurrent(ctx);
        CUstream cap = new CUstream();
        cuStreamCreate(cap, CUstream_flags.CU_STREAM_NON_BLOCKING);
        CUgraph graph = new CUgraph();
        try {
            cuStreamBeginCapture(cap, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_RELAXED);
            RuntimeException failure = null;
            try {
                for (Launch l : launches) enqueue(l.program(), l.kernel(), l.global(), l.local(), l.args(), cap);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                cuStreamEndCapture(cap, graph);
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
            if (failure != null) throw new IllegalStateException("cuda: capturing a graph of " + launches.size() + " launches failed: " + failure.getMessage(), failure);
            try {
                CUgraphExec exec = new CUgraphExec();
                cuGraphInstantiate(exec, graph, 0);
                return exec;
            } finally {
                cuGraphDestroy(graph);                               // the executable keeps its own copy
            }
        } finally {
            cuStreamDestroy(cap);
        }
    }

    @Override
    public synchronized void launchGraph(Object graph) {
        cuCtxSetCurrent(ctx);
        cuGraphLaunch((CUgraphExec) graph, stream);
    }

    @Override
    public synchronized void destroyGraph(Object graph) {
        cuCtxSetCurrent(ctx);
        cuGraphExecDestroy((CUgraphExec) graph);
    }

    private void enqueue(String program, String kernel, int[] global, int[] local, Object[] args, CUstream on) {
        CUfunction f = function(program, kernel);
        Pointer[] ps = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            ps[i] = switch (args[i]) {
                case DeviceBuffer b -> Pointer.to((CUdeviceptr) b.handle);
                case CUdeviceptr p -> Pointer.to(p);
                case Integer v -> Pointer.to(new int[]{v});
                case Float v -> Pointer.to(new float[]{v});
                case Double v -> Pointer.to(new double[]{v});
                default -> throw new IllegalArgumentException(kernel + ": unsupported kernel argument " + args[i]);
            };
        }
        int[] g = {1, 1, 1}, b = {1, 1, 1};
        for (int d = 0; d < global.length; d++) { b[d] = local[d]; g[d] = global[d] / local[d]; }
        cuLaunchKernel(f, g[0], g[1], g[2], b[0], b[1], b[2], 0, on, Pointer.to(ps), null);
    }

    @Override
    public synchronized void finish() {
        cuCtxSetCurrent(ctx);
        cuStreamSynchronize(stream);
    }

    private CUfunction function(String program, String kernel) {
        String key = program + "/" + kernel;
        CUfunction f = functions.get(key);
        if (f != null) return f;
        CUmodule m = modules.get(program);
        if (m == null) {
            String ptx = KernelSource.read(ptxName(program, arch));
            byte[] src = (ptx + "\0").getBytes(StandardCharsets.US_ASCII);
            m = new CUmodule();
            cuModuleLoadData(m, src);
            modules.put(program, m);
        }
        f = new CUfunction();
        cuModuleGetFunction(f, m, kernel);
        functions.put(key, f);
        return f;
    }

    private static Pointer pointer(Object host) {
        return switch (host) {
            case float[] f -> Pointer.to(f);
            case double[] d -> Pointer.to(d);
            case int[] i -> Pointer.to(i);
            default -> throw new IllegalArgumentException("host array must be float[], double[] or int[]: " + host);
        };
    }
}
