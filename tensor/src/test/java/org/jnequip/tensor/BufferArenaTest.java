package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jnequip.tensor.BufferArena.Mode;
import org.junit.jupiter.api.Test;

/**
 * The step arena: which storage it hands out again (op results of the thread inside a run, from the
 * previous run), zeroed, and what it leaves alone (tensors made explicitly, other threads, other arenas);
 * poison and off modes; accumulating ops on recycled storage give the same values as on fresh storage.
 */
class BufferArenaTest {
    private static final Tensor X = Tensor.of(new double[]{1, -2, 3, 0.5, 4, -1}, 2, 3);

    @Test
    void aRunReusesThePreviousRunsOpResultsZeroed() {
        BufferArena a = new BufferArena(Mode.REUSE);
        a.run(() -> X.add(X));                                      // a size is kept once it recurs in consecutive runs
        Tensor first = a.run(() -> X.add(X));
        assertArrayEquals(new double[]{2, -4, 6, 1, 8, -2}, first.toDoubleArray(), "a result stays valid after its run");
        // indexAdd accumulates into its (zeroed) result: on recycled storage it must start from zero too
        Tensor second = a.run(() -> X.indexAdd(0, new int[]{1, 1}, 2));
        assertSame(first.data(), second.data(), "same length and dtype: the previous run's array is handed out again");
        assertArrayEquals(X.indexAdd(0, new int[]{1, 1}, 2).toDoubleArray(), second.toDoubleArray(), "recycled storage starts zeroed");
        assertEquals(48, a.issuedBytes());
        assertEquals(48, a.reusedBytes());
    }

    @Test
    void float32AndFloat64StorageAreKeptApart() {
        BufferArena a = new BufferArena(Mode.REUSE);
        Tensor x32 = X.to(DType.F32);
        a.run(() -> X.mul(X));
        a.run(() -> X.mul(X));                                      // its six doubles are now kept
        assertEquals(48, a.heldBytes());
        Tensor f = a.run(() -> x32.mul(x32));
        assertTrue(f.data() instanceof float[], "a float32 result");
        assertEquals(0, a.reusedBytes(), "six doubles do not serve six floats");
        assertEquals(0, a.heldBytes(), "six floats were not asked for in the run before");
    }

    @Test
    void onlySizesThatRecurInConsecutiveRunsAreKept() {
        BufferArena a = new BufferArena(Mode.REUSE);
        java.util.function.Supplier<Tensor[]> both = () -> new Tensor[]{X.neg(), X.reshape(6).slice(0, 0, 4).neg()};
        Tensor[] r1 = a.run(both);
        assertEquals(0, a.heldBytes(), "a first run keeps nothing");
        Tensor[] r2 = a.run(both);
        assertNotSame(r1[0].data(), r2[0].data());
        assertEquals(8 * (6 + 4 + 4), a.heldBytes(), "the sizes recurred: run 2's float64 buffers are kept (neg, slice, neg)");
        Tensor[] r3 = a.run(() -> new Tensor[]{X.neg()});
        assertSame(r2[0].data(), r3[0].data());
        Tensor[] r4 = a.run(both);
        assertSame(r3[0].data(), r4[0].data());
        assertNotSame(r2[1].data(), r4[1].data(), "length 4 was not asked for in run 3: it was dropped when run 3 ended");
        // sizes that change every run (a training batch's edge count) are not carried from run to run
        for (int len = 1; len <= 6; len++) {
            int l = len;
            a.run(() -> X.reshape(6).slice(0, 0, l).exp());
            if (len > 1) assertEquals(0, a.reusedBytes(), "length " + len);
        }
        assertEquals(0, a.heldBytes());
    }

    @Test
    void tensorsMadeExplicitlyAreNeverRecycled() {
        BufferArena a = new BufferArena(Mode.POISON);
        Tensor[] kept = a.run(() -> new Tensor[]{Tensor.zeros(DType.F64, 2, 3), Tensor.full(DType.F32, 2.5, 4),
                Tensor.of(new double[]{1, 2}, 2), X.add(X).copy(), Tensor.of(new double[]{7, 8}, DType.F32, 2)});
        a.run(() -> X.add(X));
        assertArrayEquals(new double[6], kept[0].toDoubleArray());
        assertArrayEquals(new double[]{2.5, 2.5, 2.5, 2.5}, kept[1].toDoubleArray());
        assertArrayEquals(new double[]{1, 2}, kept[2].toDoubleArray());
        assertArrayEquals(new double[]{2, -4, 6, 1, 8, -2}, kept[3].toDoubleArray());
        assertArrayEquals(new double[]{7, 8}, kept[4].toDoubleArray());
    }

    @Test
    void poisonFillsThePreviousRunsResultsWithNanAndNeverReusesThem() {
        BufferArena a = new BufferArena(Mode.POISON);
        Tensor first = a.run(() -> X.exp());
        Tensor second = a.run(() -> X.exp());
        assertNotSame(first.data(), second.data());
        for (double v : first.toDoubleArray()) assertTrue(Double.isNaN(v), "a result kept past the next run reads NaN");
        assertArrayEquals(X.exp().toDoubleArray(), second.toDoubleArray());
    }

    @Test
    void storageGivenBackServesTheNextResultOfItsSizeInTheSameRun() {
        BufferArena a = new BufferArena(Mode.REUSE);
        a.run(() -> X.exp());                                       // the size is asked for: the next run's arrays are kept
        Tensor[] r = a.run(() -> {
            Tensor dead = X.exp();
            BufferArena.giveBack(dead.data());
            Tensor next = X.add(X);                                  // same size: the given-back array, overwritten
            Tensor acc = X.indexAdd(0, new int[]{1, 1}, 2);          // an accumulating op on a fresh array
            BufferArena.giveBack(acc.data());
            Tensor acc2 = X.indexAdd(0, new int[]{0, 1}, 2);         // on the given-back one: must start from zero
            return new Tensor[]{dead, next, acc, acc2};
        });
        assertSame(r[0].data(), r[1].data(), "the given-back array is handed out again within the run");
        assertArrayEquals(new double[]{2, -4, 6, 1, 8, -2}, r[1].toDoubleArray());
        assertSame(r[2].data(), r[3].data());
        assertArrayEquals(X.indexAdd(0, new int[]{0, 1}, 2).toDoubleArray(), r[3].toDoubleArray(), "given-back storage starts zeroed for an accumulating op");
        assertEquals(96, a.reusedBytes(), "both reissues count as reused");
        // the next run gets this run's two arrays, each once (a reissued array is not listed twice), and two new ones
        Tensor[] s = a.run(() -> new Tensor[]{X.exp(), X.add(X), X.mul(X), X.neg()});
        Tensor[] t = a.run(() -> new Tensor[]{X.exp(), X.add(X), X.mul(X), X.neg()});
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++) {
                assertNotSame(s[i].data(), s[j].data(), "an array handed out twice in one run");
                assertNotSame(t[i].data(), t[j].data(), "an array handed out twice in one run");
            }
        assertArrayEquals(X.exp().toDoubleArray(), t[0].toDoubleArray());
        assertArrayEquals(X.neg().toDoubleArray(), t[3].toDoubleArray());
    }

    @Test
    void onlyThisRunsOwnLiveStorageIsTakenBack() {
        BufferArena a = new BufferArena(Mode.REUSE);
        Tensor explicit = Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor previous = a.run(() -> X.exp());
        Tensor[] r = a.run(() -> {
            BufferArena.giveBack(explicit.data());                   // not the arena's: ignored
            BufferArena.giveBack(previous.data());                   // the previous run's result: not live in this run
            Tensor x = X.add(X);
            BufferArena.giveBack(x.data());
            BufferArena.giveBack(x.data());                          // twice: the second is ignored
            return new Tensor[]{x, X.mul(X), X.neg()};
        });
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, explicit.toDoubleArray(), "an explicit tensor is never handed out");
        assertNotSame(explicit.data(), r[1].data());
        assertSame(r[0].data(), r[1].data());
        assertNotSame(r[1].data(), r[2].data(), "given back twice, handed out once");
        Tensor outside = X.exp();
        BufferArena.giveBack(outside.data());                        // no run: nothing happens
        assertArrayEquals(X.exp().toDoubleArray(), outside.toDoubleArray());
    }

    @Test
    void poisonFillsStorageGivenBackWithNanAndNeverReissuesIt() {
        BufferArena a = new BufferArena(Mode.POISON);
        Tensor[] r = a.run(() -> {
            Tensor dead = X.exp();
            BufferArena.giveBack(dead.data());
            return new Tensor[]{dead, X.add(X)};
        });
        for (double v : r[0].toDoubleArray()) assertTrue(Double.isNaN(v), "a reader of given-back storage reads NaN");
        assertNotSame(r[0].data(), r[1].data());
        assertArrayEquals(new double[]{2, -4, 6, 1, 8, -2}, r[1].toDoubleArray());
    }

    @Test
    void offAllocatesEveryResultFromTheHeap() {
        BufferArena a = new BufferArena(Mode.OFF);
        Tensor first = a.run(() -> X.exp()), second = a.run(() -> X.exp());
        assertNotSame(first.data(), second.data());
        assertArrayEquals(second.toDoubleArray(), first.toDoubleArray());
        assertEquals(0, a.issuedBytes());
    }

    @Test
    void otherThreadsAndCodeOutsideARunAllocateFromTheHeap() throws Exception {
        BufferArena a = new BufferArena(Mode.POISON);
        AtomicReference<Tensor> other = new AtomicReference<>();
        Tensor outside = X.sqrt().abs();
        a.run(() -> {
            Thread t = new Thread(() -> other.set(X.abs()));
            t.start();
            try { t.join(); } catch (InterruptedException e) { throw new IllegalStateException(e); }
        });
        a.run(() -> X.abs());
        assertArrayEquals(X.abs().toDoubleArray(), other.get().toDoubleArray(), "made on another thread: not the arena's");
        assertArrayEquals(X.sqrt().abs().toDoubleArray(), outside.toDoubleArray());
    }

    @Test
    void arenasNestAndARunCannotReenterItsOwnArena() {
        BufferArena outer = new BufferArena(Mode.POISON), inner = new BufferArena(Mode.POISON);
        Tensor[] got = outer.run(() -> {
            Tensor i = inner.run(() -> X.neg());
            Tensor o = X.square();                                  // back in the outer arena
            return new Tensor[]{i, o};
        });
        inner.run(() -> X.neg());
        for (double v : got[0].toDoubleArray()) assertTrue(Double.isNaN(v), "the inner run's result belongs to the inner arena");
        assertArrayEquals(X.square().toDoubleArray(), got[1].toDoubleArray(), "the outer arena has not run again");
        outer.run(() -> X.neg());
        for (double v : got[1].toDoubleArray()) assertTrue(Double.isNaN(v), "and now it has");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> outer.run(() -> outer.run(() -> X.neg())));
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        assertArrayEquals(X.neg().toDoubleArray(), outer.run(() -> X.neg()).toDoubleArray(), "usable after the refused call");
    }

    @Test
    void aCapturedCpuStepReplaysIntoThePreviousReplaysBuffers() {
        String old = System.getProperty("jnequip.arena");
        try {
            for (String mode : List.of("reuse", "poison")) {
                System.setProperty("jnequip.arena", mode);          // the capture's arena reads it when it is made
                double[] in = {0.5, 1.5, -2};
                Captured<Tensor> g = Backends.cpu().capture(() -> Backends.cpu().fromHost(in, DType.F64, 3).exp().mul(2.0));
                in[1] = 0;
                Tensor r1 = g.replay();
                double[] want = {2 * Math.exp(0.5), 2, 2 * Math.exp(-2)};
                assertArrayEquals(want, r1.toDoubleArray(), 1e-15, mode + ": a replay re-reads the host input");
                Tensor r2 = g.replay();
                assertArrayEquals(want, r2.toDoubleArray(), 1e-15, mode);
                if (mode.equals("reuse")) assertSame(r2.data(), g.replay().data(), "from the third run on, a replay writes into the previous one's buffers");
                else assertTrue(Double.isNaN(r1.toDoubleArray()[0]), "poison: a result kept past the next replay reads NaN");
            }
        } finally {
            if (old == null) System.clearProperty("jnequip.arena"); else System.setProperty("jnequip.arena", old);
        }
    }

    /**
     * Ops whose results are not zeroed first (they write every element): in poison mode those results start as
     * NaN, so an element an op leaves unwritten would differ from the same op outside an arena. Edge cases
     * included: k = 0 products, broadcasts, narrow and wide gathers, SIMD bodies with scalar tails, empty results.
     */
    @Test
    void opsThatSkipZeroingWriteEveryElement() {
        BufferArena a = new BufferArena(Mode.POISON);
        Rng rng = new Rng(4);
        for (DType dt : DType.values()) {
            Tensor m = Tensor.of(rng.normal(37 * 5), dt, 37, 5), v = Tensor.of(rng.normal(5), dt, 5), big = Tensor.of(rng.normal(7 * 3 * 40), dt, 7, 3, 40);
            Tensor w = Tensor.of(rng.normal(5 * 33), dt, 5, 33), empty = Tensor.zeros(dt, 37, 0), emptyB = Tensor.zeros(dt, 0, 4);
            int[] idx = {3, 0, 36, 3, 12};
            List<java.util.function.Supplier<Tensor>> ops = List.of(
                    () -> m.silu(), () -> m.exp(), () -> m.neg(), () -> m.unary(UnaryOp.SILU_GRAD), () -> m.unary(UnaryOp.SILU_SECOND), () -> m.affine(2, -1),
                    () -> m.add(m), () -> m.mul(v), () -> m.sub(m.slice(0, 0, 1)), () -> m.where(m.gt(v), v),
                    () -> m.matmul(w), () -> m.matmul(m, true, false), () -> m.matmul(m, false, true), () -> empty.matmul(emptyB),
                    () -> big.permute(2, 0, 1), () -> big.transpose(0, 2), () -> Tensor.concat(List.of(m, m.neg(), m), 1),
                    () -> big.slice(2, 5, 31), () -> v.expand(37, 5), () -> m.indexSelect(0, idx), () -> big.indexSelect(2, idx),
                    () -> big.indexSelect(0, new int[]{6, 6, 1}));
            for (int i = 0; i < ops.size(); i++) {
                java.util.function.Supplier<Tensor> op = ops.get(i);
                double[] want = op.get().toDoubleArray();
                for (int run = 0; run < 2; run++)
                    assertArrayEquals(want, a.run(() -> op.get().toDoubleArray()), dt + " op " + i + ", run " + run);
            }
        }
    }

    @Test
    void aBadModePropertyIsNamed() {
        String old = System.getProperty("jnequip.arena");
        System.setProperty("jnequip.arena", "sometimes");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, BufferArena::new);
            assertTrue(e.getMessage().contains("-Djnequip.arena=sometimes") && e.getMessage().contains("poison"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("jnequip.arena"); else System.setProperty("jnequip.arena", old);
        }
    }
}
