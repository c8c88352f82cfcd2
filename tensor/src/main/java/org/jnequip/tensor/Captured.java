package org.jnequip.tensor;

/**
 * A step recorded once by {@link Backend#capture} and run again by {@link #replay}: on a device, the recorded
 * kernel sequence is re-issued as one unit (a CUDA Graph on CUDA, pre-bound kernels on OpenCL) without the
 * host-side work that built it — no tape, no shape logic, no allocation.
 *
 * <p>What a replay sees: the host arrays the step passed to {@link Backend#fromHost} while it was recorded,
 * read again (mutate them in place to change the inputs, e.g. positions in MD); everything else as
 * recorded — the parameters, the index arrays (edges: re-capture when the neighbour list changes) and every
 * host-side decision the step took. The result's tensors are overwritten by each replay.
 *
 * @param <T> what the step returns (tensors, or a record of them)
 */
public interface Captured<T> extends AutoCloseable {
    /** Runs the step again on the current contents of its host input arrays; returns its result. */
    T replay();

    /** The latest result (the recording run's until the first replay). */
    T result();

    /** Kernel launches a replay issues (as one graph where the device has graphs); 0 where the step is re-run on the host. */
    int launches();

    /** Releases the device's executable graph; the recorded buffers go with the last reference to this object. */
    @Override
    default void close() {}

    /** The host fallback: each replay runs the step again (the CPU has no launches to save). */
    static <T> Captured<T> rerun(java.util.function.Supplier<T> step) {
        final class Rerun implements Captured<T> {
            private T last = step.get();

            @Override public T replay() { return last = step.get(); }

            @Override public T result() { return last; }

            @Override public int launches() { return 0; }
        }
        return new Rerun();
    }
}
