package org.jnequip.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Driver} that counts what goes through it: kernel launches, host→device uploads and device→host
 * downloads (each download waits for the queue, so it is a host synchronisation). The bench harness reads
 * the counts per energy+forces call and per training step (issue: "launches per step", "no host
 * synchronisation inside a step"). Counting is two atomic increments per command, negligible next to a launch.
 */
final class CountingDriver implements Driver {
    private final Driver d;
    private final AtomicLong launches = new AtomicLong(), uploads = new AtomicLong(), uploadBytes = new AtomicLong(),
            downloads = new AtomicLong(), downloadBytes = new AtomicLong();
    private final AtomicLong graphLaunches = new AtomicLong();
    private final Map<String, AtomicLong> perKernel = new ConcurrentHashMap<>();
    /** Whether a failed graph build has been reported on stderr (once per device, by {@link DeviceGraph}). */
    final AtomicBoolean graphFailureReported = new AtomicBoolean();
    /** Set while {@link DeviceGraph#capture} records a step: launches are kept, downloads refused. */
    volatile DeviceGraph.Recording recording;

    CountingDriver(Driver d) { this.d = d; }

    /** Cumulative counts since the backend was created. */
    Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("launches", launches.get());
        m.put("uploads", uploads.get());
        m.put("upload_bytes", uploadBytes.get());
        m.put("downloads", downloads.get());
        m.put("download_bytes", downloadBytes.get());
        m.put("graph_launches", graphLaunches.get());
        return m;
    }

    /** Cumulative launches per kernel name (for finding what to fuse). */
    Map<String, Long> kernelCounts() {
        Map<String, Long> m = new TreeMap<>();
        perKernel.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override public String describe() { return d.describe(); }

    @Override public boolean fp64() { return d.fp64(); }

    @Override public Object alloc(long bytes) { return d.alloc(bytes); }

    @Override public void free(Object handle) { d.free(handle); }

    @Override
    public Object upload(Object host) {
        uploads.incrementAndGet();
        uploadBytes.addAndGet(DeviceBuffer.hostBytes(host));
        return d.upload(host);
    }

    /** A write into an existing buffer counts as an upload (a replay's inputs). */
    @Override
    public void write(Object handle, Object host) {
        uploads.incrementAndGet();
        uploadBytes.addAndGet(DeviceBuffer.hostBytes(host));
        d.write(handle, host);
    }

    @Override
    public void download(Object handle, Object host) {
        DeviceGraph.Recording r = recording;
        if (r != null) r.refuseDownload();
        downloads.incrementAndGet();
        downloadBytes.addAndGet(DeviceBuffer.hostBytes(host));
        d.download(handle, host);
    }

    @Override
    public void launch(String program, String kernel, int[] global, int[] local, Object... args) {
        DeviceGraph.Recording r = recording;
        if (r != null) r.add(new Launch(program, kernel, global.clone(), local.clone(), args.clone()));
        count(kernel);
        d.launch(program, kernel, global, local, args);
    }

    private void count(String kernel) {
        launches.incrementAndGet();
        perKernel.computeIfAbsent(kernel, k -> new AtomicLong()).incrementAndGet();
    }

    @Override public Object instantiate(java.util.List<Launch> seq) { return d.instantiate(seq); }

    /** Counts one graph launch and each kernel in it. */
    void launchGraph(Object graph, java.util.List<Launch> seq) {
        graphLaunches.incrementAndGet();
        for (Launch l : seq) count(l.kernel());
        d.launchGraph(graph);
    }

    @Override public void launchGraph(Object graph) { throw new UnsupportedOperationException("CountingDriver.launchGraph needs the launch sequence"); }

    @Override public void destroyGraph(Object graph) { d.destroyGraph(graph); }

    @Override public void finish() { d.finish(); }
}
