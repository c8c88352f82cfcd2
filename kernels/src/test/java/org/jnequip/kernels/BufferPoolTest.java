package org.jnequip.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool on a fake driver that only counts bytes: size classes, reuse of returned buffers, and the soft limit
 * that makes the GC return buffers whose holders were dropped (without it, small Java objects holding large
 * device buffers pile up until the device, or on PoCL the host, runs out of memory).
 */
class BufferPoolTest {
    static final class FakeDriver implements Driver {
        final AtomicLong outstanding = new AtomicLong(), peak = new AtomicLong();

        @Override public String describe() { return "fake"; }
        @Override public boolean fp64() { return true; }
        @Override public Object alloc(long bytes) { peak.accumulateAndGet(outstanding.addAndGet(bytes), Math::max); return new long[]{bytes}; }
        @Override public void free(Object handle) { outstanding.addAndGet(-((long[]) handle)[0]); }
        @Override public Object upload(Object host) { throw new UnsupportedOperationException(); }
        @Override public void write(Object handle, Object host) { throw new UnsupportedOperationException(); }
        @Override public void download(Object handle, Object host) { throw new UnsupportedOperationException(); }
        @Override public void launch(String program, String kernel, int[] global, int[] local, Object... args) {}
        @Override public void finish() {}
    }

    @Test
    void sizeClassesHaveAtMostAQuarterSlack() {
        for (long b = 1; b < 1 << 22; b = b * 3 / 2 + 1) {
            long c = BufferPool.sizeClass(b);
            assertTrue(c >= b && c >= 256 && (c <= 256 || c <= b + b / 4 + 1), b + " -> " + c);
        }
        assertEquals(1 << 20, BufferPool.sizeClass(1 << 20));
    }

    @Test
    void returnedBuffersAreReused() {
        FakeDriver d = new FakeDriver();
        BufferPool p = new BufferPool(d, 1 << 20);
        DeviceBuffer a = p.take(1000);
        p.give(a.handle, a.bytes);
        DeviceBuffer b = p.take(900);                 // same size class (1024)
        assertEquals(a.handle, b.handle);
        assertEquals(1, p.reusedCount());
        assertEquals(1024, p.liveBytes());
    }

    @Test
    void softLimitLetsTheCleanerReturnDroppedBuffers() {
        FakeDriver d = new FakeDriver();
        long limit = 4L << 20, each = 256 << 10;      // 4 MiB limit, 256 KiB buffers, 400 of them (100 MiB in all)
        BufferPool p = new BufferPool(d, 0, limit);   // nothing kept idle: every return is a driver free
        Cleaner cleaner = Cleaner.create();
        for (int i = 0; i < 400; i++) {
            DeviceBuffer b = p.take(each);            // dropped at once, as a temporary tensor's buffer is
            Object h = b.handle;
            long c = b.bytes;
            cleaner.register(b, () -> p.give(h, c));
        }
        assertTrue(d.peak.get() <= 4 * limit, "device bytes peaked at " + d.peak.get() + " for a soft limit of " + limit + " (" + p.stats() + ")");
        assertTrue(p.stats().contains("collections="), p.stats());
    }
}
