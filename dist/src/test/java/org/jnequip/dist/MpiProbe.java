package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The program {@link OpenMpiTest} starts on several ranks. {@code collectives}: every operation of
 * {@link Comm} against values each rank can compute for every other rank (rank r's data come from a
 * generator seeded with r), ending with "rank r ok". The failure scenarios make rank 1 fail while rank 0
 * waits in a barrier: {@code exit} (System.exit(3)), {@code throw} (an exception out of main), {@code halt}
 * (Runtime.halt(4): no shutdown hook, the launcher must notice).
 */
public final class MpiProbe {
    private MpiProbe() {}

    public static void main(String[] args) {
        Comm comm = Comm.world();
        switch (args[0]) {
            case "collectives" -> collectives(comm);
            case "exit", "throw", "halt" -> {
                if (comm.rank() == 1) {
                    if (args[0].equals("exit")) System.exit(3);
                    if (args[0].equals("halt")) Runtime.getRuntime().halt(4);
                    throw new IllegalStateException("probe failure on rank 1");
                }
                comm.barrier();
                System.out.println("rank " + comm.rank() + " passed the barrier (must not happen)");
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        comm.finish();
    }

    static void collectives(Comm comm) {
        int r = comm.rank(), n = comm.size();
        check(comm.describe().contains("Open MPI"), "describe: " + comm.describe());
        int len = 1 << 18;                                              // 2 MB: far above the shared-memory eager limit
        try (Arena a = Arena.ofConfined()) {
            // FLOAT64 sums of values with rounding: RANKS must equal ((x0 + x1) + x2) ... bit for bit
            double[] want = new double[len], abs = new double[len];
            for (int q = 0; q < n; q++) {
                double[] x = data(q, len);
                for (int i = 0; i < len; i++) {
                    want[i] = q == 0 ? x[i] : want[i] + x[i];
                    abs[i] += Math.abs(x[i]);
                }
            }
            MemorySegment buf = a.allocate(JAVA_DOUBLE, len);
            MemorySegment.copy(data(r, len), 0, buf, JAVA_DOUBLE, 0, len);
            comm.sum(buf, Datatype.FLOAT64, SumOrder.RANKS);
            check(Arrays.equals(buf.toArray(JAVA_DOUBLE), want), "sum(RANKS) differs from the rank-order sum");
            MemorySegment.copy(data(r, len), 0, buf, JAVA_DOUBLE, 0, len);
            comm.sum(buf, Datatype.FLOAT64, SumOrder.MPI);
            double[] got = buf.toArray(JAVA_DOUBLE);
            double worst = 0;                                           // |MPI − rank order| / Σ_r |x_r|: bounded by 2(n−1)ε
            int differ = 0;
            for (int i = 0; i < len; i++) {
                worst = Math.max(worst, Math.abs(got[i] - want[i]) / abs[i]);
                if (Double.doubleToRawLongBits(got[i]) != Double.doubleToRawLongBits(want[i])) differ++;
            }
            check(worst <= 2 * (n - 1) * 0x1p-53, "sum(MPI) differs from the rank-order sum by " + worst + " of the sum of magnitudes");
            if (n == 2) check(differ == 0, "with two ranks MPI_Allreduce must equal x0 + x1 bit for bit");
            MemorySegment root = a.allocate(JAVA_DOUBLE, len).copyFrom(buf);
            comm.broadcast(root, Datatype.FLOAT64, n - 1);
            check(Arrays.equals(root.toArray(JAVA_DOUBLE), got), "sum(MPI): ranks hold different bits");
            if (r == 0) System.out.printf("%d ranks: sum(MPI) differs from the rank-order sum in %d of %d elements, by at most %.2g of Σ|x|%n", n, differ, len, worst);

            // FLOAT32 in rank order, as float additions
            float[] wantF = new float[len];
            for (int q = 0; q < n; q++) {
                double[] x = data(q, len);
                for (int i = 0; i < len; i++) wantF[i] = q == 0 ? (float) x[i] : wantF[i] + (float) x[i];
            }
            FusedBuffer f = FusedBuffer.of(Datatype.FLOAT32, 3, len - 10, 7);
            double[] mine = data(r, len);
            f.put(0, Arrays.copyOfRange(mine, 0, 3));
            f.put(1, Arrays.copyOfRange(mine, 3, len - 7));
            f.put(2, Arrays.copyOfRange(mine, len - 7, len));
            f.sum(comm, SumOrder.RANKS);
            float[] p1 = new float[len - 10];
            f.get(1, p1);
            check(Arrays.equals(p1, Arrays.copyOfRange(wantF, 3, len - 7)), "FusedBuffer FLOAT32 sum(RANKS)");
            check(f.segment().getAtIndex(JAVA_FLOAT, len - 1) == wantF[len - 1], "FusedBuffer last element");

            // MAX, MIN, INT64 SUM, the on-heap reduce
            double[] mm = comm.reduce(new double[]{r, -r, 0.5 * r}, ReduceOp.MAX);
            check(Arrays.equals(mm, new double[]{n - 1, 0, 0.5 * (n - 1)}), "MAX " + Arrays.toString(mm));
            double[] mn = comm.reduce(new double[]{r, -r}, ReduceOp.MIN);
            check(Arrays.equals(mn, new double[]{0, -(n - 1)}), "MIN " + Arrays.toString(mn));
            double[] s = comm.reduce(new double[]{1, r}, ReduceOp.SUM);
            check(s[0] == n && s[1] == n * (n - 1) / 2.0, "reduce SUM " + Arrays.toString(s));
            MemorySegment big = a.allocate(JAVA_LONG, 1);
            big.set(JAVA_LONG, 0, (1L << 60) + r);
            comm.sum(big, Datatype.INT64, SumOrder.RANKS);
            check(big.get(JAVA_LONG, 0) == n * (1L << 60) + n * (n - 1L) / 2, "INT64 sum");

            // allgather, gather of unequal lengths (rank q sends q + 1 values q·10 + i)
            MemorySegment one = a.allocate(JAVA_LONG, 1), all = a.allocate(JAVA_LONG, n);
            one.set(JAVA_LONG, 0, 100 + r);
            comm.allgather(one, all, Datatype.INT64);
            for (int q = 0; q < n; q++) check(all.getAtIndex(JAVA_LONG, q) == 100 + q, "allgather");
            MemorySegment send = a.allocate(JAVA_DOUBLE, r + 1);
            for (int i = 0; i <= r; i++) send.setAtIndex(JAVA_DOUBLE, i, r * 10 + i);
            MemorySegment g = comm.gather(send, Datatype.FLOAT64, n - 1, a);
            if (r == n - 1) {
                int k = 0;
                for (int q = 0; q < n; q++) for (int i = 0; i <= q; i++) check(g.getAtIndex(JAVA_DOUBLE, k++) == q * 10 + i, "gather order");
                check(k * 8L == g.byteSize(), "gather length");
            } else check(g.byteSize() == 0, "gather off the root");
            comm.barrier();
        }
        System.out.println("rank " + r + " ok");
    }

    /** Rank q's values: wide-ranging magnitudes and both signs, so that the grouping of a sum shows in its bits. */
    static double[] data(int q, int len) {
        SplittableRandom rng = new SplittableRandom(1000 + q);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-8, 9));
        return x;
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError("check failed: " + what);
    }
}
