package org.jnequip.kernels;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * {@link Driver} on OpenCL through jocl: one context and one in-order command queue on the selected device,
 * programs built from the kernel resources on first use ({@link KernelSource#openCl}) and kernels cached.
 * Device selection: env {@code JNEQUIP_OPENCL_DEVICE} = a device index over all platforms in order, or
 * "platform:device", or a case-insensitive substring of the device name; default: first device of the
 * first platform.
 */
final class OpenClDriver implements Driver {
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final boolean fp64;
    private final String description;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    OpenClDriver() {
        CL.setExceptionsEnabled(true);
        List<cl_platform_id> plats = new ArrayList<>();
        List<cl_device_id> devs = new ArrayList<>();
        List<int[]> coords = new ArrayList<>();
        int[] np = new int[1];
        clGetPlatformIDs(0, null, np);
        if (np[0] == 0) throw new IllegalStateException("no OpenCL platform (is an ICD such as pocl-opencl-icd installed?)");
        cl_platform_id[] ps = new cl_platform_id[np[0]];
        clGetPlatformIDs(ps.length, ps, null);
        for (int p = 0; p < ps.length; p++) {
            int[] nd = new int[1];
            try {
                clGetDeviceIDs(ps[p], CL_DEVICE_TYPE_ALL, 0, null, nd);
            } catch (RuntimeException e) {
                continue;   // CL_DEVICE_NOT_FOUND on this platform
            }
            cl_device_id[] ds = new cl_device_id[nd[0]];
            clGetDeviceIDs(ps[p], CL_DEVICE_TYPE_ALL, ds.length, ds, null);
            for (int d = 0; d < ds.length; d++) { plats.add(ps[p]); devs.add(ds[d]); coords.add(new int[]{p, d}); }
        }
        if (devs.isEmpty()) throw new IllegalStateException("no OpenCL device found on " + ps.length + " platform(s)");
        int pick = select(System.getenv("JNEQUIP_OPENCL_DEVICE"), devs, coords);
        device = devs.get(pick);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, plats.get(pick));
        context = clCreateContext(props, 1, new cl_device_id[]{device}, null, null, null);
        queue = createQueue(context, device);
        String ext = info(device, CL_DEVICE_EXTENSIONS);
        fp64 = ext.contains("cl_khr_fp64") && ext.contains("cl_khr_int64_base_atomics");
        description = "OpenCL: " + info(device, CL_DEVICE_NAME).trim() + " (" + platformName(plats.get(pick)) + ")" + (fp64 ? ", fp64" : ", no fp64");
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context ctx, cl_device_id dev) {
        try {
            return clCreateCommandQueueWithProperties(ctx, dev, null, null);   // OpenCL 2.0+
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return clCreateCommandQueue(ctx, dev, 0, null);                   // OpenCL 1.x platforms
        }
    }

    private static int select(String spec, List<cl_device_id> devs, List<int[]> coords) {
        if (spec == null || spec.isBlank()) return 0;
        String s = spec.trim();
        try {
            if (s.contains(":")) {
                String[] pd = s.split(":");
                int p = Integer.parseInt(pd[0].trim()), d = Integer.parseInt(pd[1].trim());
                for (int i = 0; i < coords.size(); i++) if (coords.get(i)[0] == p && coords.get(i)[1] == d) return i;
                throw new IllegalArgumentException("JNEQUIP_OPENCL_DEVICE=" + spec + ": no device " + d + " on platform " + p);
            }
            int i = Integer.parseInt(s);
            if (i < 0 || i >= devs.size()) throw new IllegalArgumentException("JNEQUIP_OPENCL_DEVICE=" + spec + ": only " + devs.size() + " device(s)");
            return i;
        } catch (NumberFormatException e) {
            for (int i = 0; i < devs.size(); i++)
                if (info(devs.get(i), CL_DEVICE_NAME).toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))) return i;
            throw new IllegalArgumentException("JNEQUIP_OPENCL_DEVICE=" + spec + ": no device name contains it");
        }
    }

    private static String info(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1));
    }

    private static String platformName(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1)).trim();
    }

    @Override public String describe() { return description; }

    @Override public boolean fp64() { return fp64; }

    @Override
    public Object alloc(long bytes) { return clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(bytes, 4), null, null); }

    @Override public void free(Object handle) { clReleaseMemObject((cl_mem) handle); }

    @Override
    public Object upload(Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        if (bytes == 0) return alloc(4);
        return clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, pointer(host), null);
    }

    @Override
    public synchronized void download(Object handle, Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        if (bytes == 0) return;
        clEnqueueReadBuffer(queue, (cl_mem) handle, CL_TRUE, 0, bytes, pointer(host), 0, null, null);
    }

    @Override
    public synchronized void write(Object handle, Object host) {
        long bytes = DeviceBuffer.hostBytes(host);
        if (bytes == 0) return;
        clEnqueueWriteBuffer(queue, (cl_mem) handle, CL_TRUE, 0, bytes, pointer(host), 0, null, null);
    }

    @Override
    public synchronized void launch(String program, String kernel, int[] global, int[] local, Object... args) {
        cl_kernel k = kernel(program, kernel);
        bind(k, kernel, args);
        enqueue(k, global, local);
    }

    /**
     * OpenCL has no graphs, but the host work of a launch is mostly binding its arguments: one kernel object
     * per recorded launch, bound once, leaves a replay with one clEnqueueNDRangeKernel each.
     */
    @Override
    public synchronized Object instantiate(java.util.List<Launch> launches) {
        Bound[] seq = new Bound[launches.size()];
        for (int i = 0; i < seq.length; i++) {
            Launch l = launches.get(i);
            program(l.program());
            cl_kernel k = clCreateKernel(programs.get(l.program()), l.kernel(), null);
            bind(k, l.kernel(), l.args());
            seq[i] = new Bound(k, l.global(), l.local());
        }
        return seq;
    }

    private record Bound(cl_kernel kernel, int[] global, int[] local) {}

    @Override
    public synchronized void launchGraph(Object graph) {
        for (Bound b : (Bound[]) graph) enqueue(b.kernel(), b.global(), b.local());
    }

    @Override
    public synchronized void destroyGraph(Object graph) {
        for (Bound b : (Bound[]) graph) clReleaseKernel(b.kernel());
    }

    private void enqueue(cl_kernel k, int[] global, int[] local) {
        long[] g = new long[global.length], l = new long[local.length];
        for (int d = 0; d < g.length; d++) { g[d] = global[d]; l[d] = local[d]; }
        clEnqueueNDRangeKernel(queue, k, g.length, null, g, l, 0, null, null);
    }

    private static void bind(cl_kernel k, String kernel, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case DeviceBuffer b -> clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to((cl_mem) b.handle));
                case cl_mem m -> clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
                case Integer v -> clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[]{v}));
                case Float v -> clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[]{v}));
                case Double v -> clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[]{v}));
                default -> throw new IllegalArgumentException(kernel + ": unsupported kernel argument " + args[i]);
            }
        }
    }

    @Override public synchronized void finish() { clFinish(queue); }

    private cl_kernel kernel(String program, String kernel) {
        String key = program + "/" + kernel;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            k = clCreateKernel(program(program), kernel, null);
            kernels.put(key, k);
        }
        return k;
    }

    private cl_program program(String name) {
        cl_program p = programs.get(name);
        if (p != null) return p;
        if (!KernelSource.templated(name) && !fp64) throw new IllegalStateException("opencl: program " + name + " needs fp64");
        String src = KernelSource.openCl(name, fp64);
        p = clCreateProgramWithSource(context, 1, new String[]{src}, null, null);
        try {
            clBuildProgram(p, 0, null, "-cl-std=CL1.2", null, null);
        } catch (RuntimeException e) {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new IllegalStateException("opencl: building " + name + ".cu failed: " + new String(log).trim(), e);
        }
        programs.put(name, p);
        return p;
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
