package org.jnequip.kernels;

/**
 * The raw device API a {@link DeviceBackend} runs on: memory, copies, program loading and kernel launches
 * (tinygrad's allocator/compiler/program/device quartet in one interface). Implemented by
 * {@link OpenClDriver} (jocl) and {@link CudaDriver} (JCuda driver API, PTX).
 *
 * <p>All commands go to one in-order queue/stream; only {@link #download} waits for the device.
 * Launch arguments are {@link DeviceBuffer}s, raw handles from {@link #alloc}, {@code Integer}, {@code Float}
 * or {@code Double}. Kernel names carry the type suffix ({@code unary_f32}); {@code program} names the
 * resource file without extension ({@code "elementwise"}).
 */
interface Driver {
    /** e.g. "OpenCL: pthread-skylake-avx512 (Portable Computing Language), fp64". */
    String describe();

    boolean fp64();

    /** A new uninitialised device buffer of at least {@code bytes} bytes. */
    Object alloc(long bytes);

    void free(Object handle);

    /** A new device buffer holding a copy of {@code host} (float[], double[] or int[]). */
    Object upload(Object host);

    /** Overwrites the start of an existing buffer with {@code host} (float[], double[] or int[]), in queue order; waits for the copy. */
    void write(Object handle, Object host);

    /** Copies the first {@code host.length} elements of the buffer into {@code host} (float[], double[], int[]); waits. */
    void download(Object handle, Object host);

    /**
     * Enqueues {@code program.kernel} over a 1-3 dimensional range: {@code global[d]} threads in dimension d
     * (a multiple of {@code local[d]}) in groups of {@code local[d]}.
     */
    void launch(String program, String kernel, int[] global, int[] local, Object... args);

    /** Waits until every enqueued command has finished. */
    void finish();

    /**
     * An executable form of a fixed launch sequence, built once and enqueued whole by {@link #launchGraph}: a
     * CUDA Graph on CUDA, pre-bound kernel objects on OpenCL. Null where the driver has none; the sequence is
     * then re-enqueued launch by launch.
     */
    default Object instantiate(java.util.List<Launch> launches) { return null; }

    /** Enqueues a sequence made by {@link #instantiate}, in queue order. */
    default void launchGraph(Object graph) { throw new UnsupportedOperationException("launchGraph: " + describe() + " has no graphs"); }

    /** Releases what {@link #instantiate} made. */
    default void destroyGraph(Object graph) {}
}
