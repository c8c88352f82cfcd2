package org.jnequip.kernels;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reuses freed device buffers by size class. Sizes are rounded up to 4 classes per power of two (at most
 * 25% slack), so a freed buffer serves later requests of similar size without a device allocation.
 * At most {@code capBytes} are kept idle; beyond that freed buffers are released to the driver.
 * Thread-safe: buffers come back from the Cleaner thread.
 */
final class BufferPool {
    private final Driver driver;
    private final long capBytes;
    private final Map<Long, ArrayDeque<Object>> idle = new HashMap<>();
    private long idleBytes, allocated, reused;

    BufferPool(Driver driver, long capBytes) {
        this.driver = driver;
        this.capBytes = capBytes;
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
            System.gc();
            try { Thread.sleep(50); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            trim();
            return new DeviceBuffer(driver.alloc(c), c);
        }
    }

    /** Returns a buffer of capacity {@code bytes} (a size class) for reuse. */
    void give(Object handle, long bytes) {
        synchronized (this) {
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

    synchronized String stats() { return "allocated=" + allocated + " reused=" + reused + " idleBytes=" + idleBytes; }

    synchronized long reusedCount() { return reused; }
}
