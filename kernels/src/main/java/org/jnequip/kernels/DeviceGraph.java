package org.jnequip.kernels;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jnequip.tensor.Captured;
import org.jnequip.tensor.DType;

/**
 * {@link Captured} on a {@link DeviceBackend}: the step runs once for real while the {@link CountingDriver}
 * records its launches; {@link Driver#instantiate} turns the sequence into one executable (a CUDA Graph on
 * CUDA, pre-bound kernels on OpenCL) and each replay re-writes the recorded host inputs and enqueues it.
 *
 * <p>Why it is exact: device tensors are never written after the op that made them, the recorded launches
 * hold every buffer they touch (so none returns to the pool and is reused while the graph lives), and the
 * queue is in order — a replay performs the same kernels on the same buffers in the same order, on the new
 * input values. What it cannot see: a download inside the step (a host read whose value would steer the
 * host side) is refused while recording; host-side decisions and index arrays are frozen.
 */
final class DeviceGraph<T> implements Captured<T> {
    private static final Cleaner CLEANER = Cleaner.create();

    /** What a capture collects; its methods run on the driver's calling threads. */
    static final class Recording {
        final Thread owner = Thread.currentThread();
        final List<Launch> launches = new ArrayList<>();
        final List<Input> inputs = new ArrayList<>();

        void add(Launch l) {
            if (Thread.currentThread() != owner)
                throw new IllegalStateException("capture: thread " + Thread.currentThread().getName() + " launched a kernel on a backend that thread "
                        + owner.getName() + " is capturing; use one thread per backend while capturing");
            launches.add(l);
        }

        void refuseDownload() {
            throw new IllegalStateException("capture: the step copies a device tensor to the host (toHost waits for the device, and a replay "
                    + "cannot repeat a host read); return the device tensors from the step and copy them after replay()");
        }
    }

    /** A host array passed to fromHost while recording, re-read into its buffer at each replay. */
    record Input(double[] source, DType dtype, DeviceBuffer target) {}

    private final CountingDriver drv;
    private final List<Launch> launches;
    private final List<Input> inputs;
    private final Object exec;
    private final Cleaner.Cleanable release;
    private final T result;
    private volatile boolean closed;

    private DeviceGraph(CountingDriver drv, Recording r, T result) {
        this.drv = drv;
        this.launches = List.copyOf(r.launches);
        this.inputs = List.copyOf(r.inputs);
        this.result = result;
        Object g = instantiateOrNull(drv, launches);
        this.exec = g;
        this.release = g == null ? null : CLEANER.register(this, () -> drv.destroyGraph(g));
    }

    /**
     * The driver's executable, or null — replay launch by launch, same results, more host work — when building it
     * fails (said once per device on stderr, so that a driver problem costs speed, not the run).
     */
    private static Object instantiateOrNull(CountingDriver drv, List<Launch> launches) {
        try {
            return drv.instantiate(launches);
        } catch (RuntimeException e) {
            if (drv.graphFailureReported.compareAndSet(false, true)) {
                System.err.println("[jnequip] " + drv.describe() + ": building a graph of " + launches.size()
                        + " launches failed (" + e.getMessage() + "); captured steps are replayed launch by launch");
            }
            return null;
        }
    }

    static <T> DeviceGraph<T> capture(DeviceBackend be, Supplier<T> step) {
        CountingDriver drv = (CountingDriver) be.drv;
        Recording r = new Recording();
        synchronized (drv) {
            if (drv.recording != null) throw new IllegalStateException("capture: " + be.name() + " is already capturing a step on thread " + drv.recording.owner.getName());
            drv.recording = r;
        }
        T out;
        try {
            out = step.get();
        } finally {
            drv.recording = null;
        }
        return new DeviceGraph<>(drv, r, out);
    }

    /** Called by {@link DeviceBackend#fromHost} while recording. */
    static void input(CountingDriver drv, double[] source, DType dtype, DeviceBuffer target) {
        Recording r = drv.recording;
        if (r != null && Thread.currentThread() == r.owner) r.inputs.add(new Input(source, dtype, target));
    }

    @Override
    public T replay() {
        if (closed) throw new IllegalStateException("replay: this captured step was closed");
        for (Input in : inputs) drv.write(in.target().handle, host(in.source(), in.dtype()));
        if (exec != null) drv.launchGraph(exec, launches);
        else for (Launch l : launches) drv.launch(l.program(), l.kernel(), l.global(), l.local(), l.args());
        return result;
    }

    private static Object host(double[] v, DType dt) {
        if (dt == DType.F64) return v;
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Override public T result() { return result; }

    @Override public int launches() { return launches.size(); }

    @Override
    public void close() {
        closed = true;
        if (release != null) release.clean();
    }
}
