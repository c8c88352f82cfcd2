package org.jnequip.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap over a stretch of calls: {@link #start} runs a full GC, takes the heap in use as the baseline and
 * resets every heap pool's peak; {@link #stop} reads the peaks back. Two figures above the baseline:
 * <ul>
 *   <li>{@code peakMb}: Σ over heap pools of their peak use (MemoryPoolMXBean) — what the heap grew to,
 *       garbage not yet collected included (with G1 the young pools fill to their size whatever is live);</li>
 *   <li>{@code liveMb}: the most in use right after any GC during the calls — live data at those moments, a
 *       lower bound of the peak live set (NaN when no GC ran).</li>
 * </ul>
 */
final class HeapPeak {
    /** Figures in MB (10⁶ bytes): baseline after a full GC, then peak and post-GC maximum above it. */
    record Result(double baselineMb, double peakMb, double liveMb) {}

    private final List<MemoryPoolMXBean> pools;
    private final java.util.Set<String> heapPools;
    private final long baseline;
    private final AtomicLong maxAfterGc = new AtomicLong(-1);
    private final NotificationListener listener;

    private HeapPeak() {
        pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        heapPools = pools.stream().map(MemoryPoolMXBean::getName).collect(java.util.stream.Collectors.toSet());
        System.gc();
        long b = 0;
        for (MemoryPoolMXBean p : pools) b += p.getUsage().getUsed();
        baseline = b;
        for (MemoryPoolMXBean p : pools) p.resetPeakUsage();
        listener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            if (gc instanceof NotificationEmitter e) e.addNotificationListener(listener, null, null);
    }

    static HeapPeak start() { return new HeapPeak(); }

    private void onGc(Notification n, Object handback) {
        if (!"com.sun.management.gc.notification".equals(n.getType()) || !(n.getUserData() instanceof CompositeData cd)) return;
        var info = com.sun.management.GarbageCollectionNotificationInfo.from(cd);
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
        maxAfterGc.accumulateAndGet(used, Math::max);
    }

    Result stop() {
        long peak = 0;
        for (MemoryPoolMXBean p : pools) peak += p.getPeakUsage().getUsed();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter e)) continue;
            try { e.removeNotificationListener(listener); } catch (javax.management.ListenerNotFoundException ignored) { }
        }
        long live = maxAfterGc.get();
        return new Result(baseline / 1e6, (peak - baseline) / 1e6, live < 0 ? Double.NaN : Math.max(0, live - baseline) / 1e6);
    }
}
