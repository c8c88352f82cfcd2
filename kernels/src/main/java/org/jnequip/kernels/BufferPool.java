package org.jnequip.kernels;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reuses freed device buffers by size class. Sizes are rounded up to 4 classes per power of two (at most
 * 25% slack), so a freed buffer serves later requests of similar size without a device allocation.
 * At most {@code capBytes} are kept idle; beyond that freed buffers are released to the driver.
 * Thread-safe: buffers come back from the Cleaner thread.
 *
 * <p>Buffers come back only when the Java objects holding them are collected, and those objects are tiny, so
 * the heap alone would not trigger a collection while gigabytes of device memory wait to be freed (a water192
 * training step on PoCL grew past 24 GB this way). Like the JDK's direct buffers, the pool therefore keeps a
 * soft limit on the bytes handed out and not yet returned ({@code liveLimit}): past it, it asks for a
 * collection and waits briefly for the Cleaner to return buffers. An allocation the driver refuses is retried
 * the same way.
 */
final class BufferPool {
    private final Driver driver;
    private final long capBytes, liveLimit;
    private final Map<Long, ArrayDeque<Object>> idle = new HashMap<>();
    private long idleBytes, allocated, reused, live, collections;

    BufferPool(Driver driver, long capBytes) { this(driver, capBytes, Long.MAX_VALUE); }

    BufferPool(Driver driver, long capBytes, long liveLimit) {
        this.driver = driver;
        this.capBytes = capBytes;
        this.liveLimit = liveLimit;
    }

    /** Smallest size class >= bytes (minimum 256 B). */
    static long sizeClass(long bytes) {
        long b = Math.max(256, bytes);
        long top = Long.highestOneBit(b);
        if (top == b) return b;
        long step = Math.max(1, top >> 2);
        return (b + step - 1) / step * step;
    }

    /** A buffer of capacity sizeClass(bytes); on allocation failure, drops idle buffers, runs GC and retries. */
    DeviceBuffer take(long bytes) {
        long c = sizeClass(bytes);
        boolean over;
        synchronized (this) {
            live += c;
            over = live > liveLimit;
        }
        if (over) reclaim();
        synchronized (this) {
            ArrayDeque<Object> q = idle.get(c);
            if (q != null && !q.isEmpty()) {
                idleBytes -= c;
                reused++;
                return new DeviceBuffer(q.pop(), c);
            }
            allocated++;
        }
        try {
            return new DeviceBuffer(driver.alloc(c), c);
        } catch (RuntimeException first) {
            trim();
            reclaim();
            trim();
            try {
                return new DeviceBuffer(driver.alloc(c), c);
            } catch (RuntimeException second) {
                synchronized (this) { live -= c; }
                throw second;
            }
        }
    }

    /** Asks for a collection and waits up to ~0.2 s for the Cleaner to bring live bytes back under 3/4 of the limit. */
    private void reclaim() {
        synchronized (this) { collections++; }
        System.gc();
        for (int i = 0; i < 20; i++) {
            synchronized (this) { if (live <= liveLimit / 4 * 3) return; }
            try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
        }
    }

    /** Returns a buffer of capacity {@code bytes} (a size class) for reuse. */
    void give(Object handle, long bytes) {
        synchronized (this) {
            live -= bytes;
            if (idleBytes + bytes <= capBytes && bytes == sizeClass(bytes)) {
                idle.computeIfAbsent(bytes, k -> new ArrayDeque<>()).push(handle);
                idleBytes += bytes;
                return;
            }
        }
        driver.free(handle);
    }

    /** Releases every idle buffer to the driver. */
    void trim() {
        Map<Long, ArrayDeque<Object>> drop;
        synchronized (this) {
            drop = new HashMap<>(idle);
            idle.clear();
            idleBytes = 0;
        }
        for (ArrayDeque<Object> q : drop.values()) for (Object h : q) driver.free(h);
    }

    synchronized String stats() {
        return "allocated=" + allocated + " reused=" + reused + " idleBytes=" + idleBytes + " liveBytes=" + live + " collections=" + collections;
    }

    synchronized long liveBytes() { return live; }

    synchronized long reusedCount() { return reused; }
}
