package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked SIMD GEMM, float64: C(M,N) = A(M,K)·B(K,N); the same method as {@link GemmF32} with
 * DoubleVector lanes (MR = 6 rows × 2 vectors of C in registers).
 * A and B are read through strides, so transposed operands need no copy:
 * A(i,p) = a[ao + i·rsA + p·csA], B(p,j) = b[bo + p·rsB + j·csB].
 *
 * <p>Method: B is seen as column panels of width NR = 2 vectors (the last one narrower, 1 vector, when few
 * columns remain), each p-major: panel[p][0..NR). A row-major B (csB = 1) is read in place, row stride rsB; any
 * other B, and a ragged last panel, is packed with stride NR and zero-padded. The micro-kernel keeps a
 * tile of MR = 6 rows × NR columns of C in 12 vector registers and, for p = 0..K−1, broadcasts A(i,p) for the
 * six rows and does 12 FMAs with the two B vectors of row p. Row strips of 6 are distributed over threads; a
 * strip past the last row re-reads row M−1 (no A packing needed); tiles at the bottom or right edge are
 * computed into a scratch tile and copied. Each element of C is
 * summed over p in order by one task, so the result does not depend on the thread count.
 */
final class GemmF64 {
    private GemmF64() {}

    static final VectorSpecies<Double> F = Simd.D;
    static final int L = F.length();
    static final int NR = 2 * L;
    static final int MR = 6;

    /**
     * SIMD multiply-adds per unit of {@link Parallel#forRange}'s cost: a product goes to the second thread from
     * about 16 × 32,768 = 524k of them. Below that the hand-off costs more than it saves (one thread against
     * two, median of 2,000 calls after warm-up, float32: 21×64×64 3.8 against 6.4 µs, 63×64×64 5.2 against 8.1 µs,
     * 222×64×8 3.4 against 5.3 µs; 21×192×192 36 against 31 µs and 147×64×192 38 against 27 µs gain from two).
     */
    static final int FMA_PER_ITEM = 16;

    /**
     * Panel-major order ({@link #byPanels}) when B has more than BIG_B elements (it would not stay in L2 across
     * strips), one packed panel (K × NR) has at most MAX_PANEL_K rows (it stays in L2 across strips) and A at most
     * SMALL_A elements (it is read once per panel).
     */
    static final long BIG_B = 65_536, SMALL_A = 262_144;
    static final int MAX_PANEL_K = 2048;

    static void gemm(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                     double[] b, int bo, int rsB, int csB, double[] c, int co) {
        int panels = (n + NR - 1) / NR;
        if (csB != 1 && rsB == 1 && m < n && m <= FEW_ROWS && (long) k * n >= PACKED_B) {
            transposed(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
            return;
        }
        if ((long) k * n > BIG_B && k <= MAX_PANEL_K && (long) m * k <= SMALL_A && panels > 1) {
            byPanels(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
            return;
        }
        byStrips(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
    }

    /**
     * Few rows against a large B stored transposed (rsB = 1, the weight matrix of a linear layer in dX = dY·Wᵀ): at
     * most FEW_ROWS rows of C, fewer than its columns, and at least PACKED_B elements of B are computed as
     * Cᵀ = Bᵀ·Aᵀ ({@link #transposed}). Below that size packing B costs little (21 rows: 64×64 4.0 against 4.6 µs
     * float64, 96×96 even, 192×192 55 against 32 µs).
     */
    static final int FEW_ROWS = 32, PACKED_B = 16_384;

    /**
     * C = A·B computed as Cᵀ = Bᵀ·Aᵀ into a scratch and transposed into C, for few rows and a B stored transposed:
     * Bᵀ is then a row-major A operand read in place (broadcasts along its rows), and the operand to pack is Aᵀ,
     * M·K elements, instead of the K·N of B (float32, 21×320 times a stored 192×320: 69 against 36 µs with
     * operands in cache, 2 threads). Each element is the same fused multiply-add chain over p in order (the two
     * factors of each product swapped), so the result is bit-identical to the direct order's.
     */
    static void transposed(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                           double[] b, int bo, int rsB, int csB, double[] c, int co) {
        double[][] h = CT.get();
        if (h[0].length < n * m) h[0] = new double[n * m];
        double[] ct = h[0];                                                  // (N, M)
        byStrips(n, m, k, b, bo, csB, rsB, a, ao, csA, rsA, ct, 0);
        for (int i = 0; i < m; i++) for (int j = 0, o = co + i * n; j < n; j++) c[o + j] = ct[j * m + i];
    }

    /** The calling thread's Cᵀ for {@link #transposed} (apart from {@link #PACK}, which byStrips uses meanwhile). */
    private static final ThreadLocal<double[][]> CT = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * Rows of B packed at a time when B is large: about L2's worth of B (BIG_B elements, so KC = BIG_B / N), between
     * 64 and 1024 rows; each C tile carries its sums from block to block.
     */
    static int kc(int n) { return (int) Math.max(64, Math.min(1024, BIG_B / Math.max(1, n))); }

    /** Row strips over threads, each running over every panel of B packed once (per block of K rows of B). */
    static void byStrips(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                         double[] b, int bo, int rsB, int csB, double[] c, int co) {
        byStrips(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co, (long) k * n > BIG_B ? kc(n) : k);
    }

    /**
     * Row strips, B packed kc rows at a time. The tile kernel of block 2, 3, … starts from the C values the
     * previous block stored and goes on with p in order, so the sum is the same FMA chain as with one block: the
     * result does not depend on kc (tested bit for bit).
     */
    static void byStrips(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                         double[] b, int bo, int rsB, int csB, double[] c, int co, int kc) {
        int panels = (n + NR - 1) / NR;
        int strips = (m + MR - 1) / MR;
        for (int kb = 0; kb < k; kb += kc) {
            int kn = Math.min(kc, k - kb), k0 = kb;
            boolean load = kb > 0;
            // a row-major B (csB = 1) is read in place, its kn rows one contiguous block; only a ragged last panel is packed
            boolean direct = csB == 1;
            double[] packed = direct ? packRagged(n, kn, b, bo + kb * rsB, rsB) : packB(n, kn, b, bo + kb * rsB, rsB, csB);
            Parallel.forRange(strips, (long) MR * n * kn / FMA_PER_ITEM, (lo, hi) -> {
                int[] ar = new int[MR];
                double[] tile = new double[MR * NR];                    // edge tiles land here first, then rows/columns in range are copied
                for (int s = lo; s < hi; s++) {
                    int i0 = s * MR, rows = Math.min(MR, m - i0), crow = co + i0 * n;
                    for (int r = 0; r < MR; r++) ar[r] = ao + Math.min(i0 + r, m - 1) * rsA + k0 * csA;
                    for (int q = 0; q < panels; q++) {
                        int j0 = q * NR, cols = Math.min(NR, n - j0), w = n - j0 > L ? NR : L;
                        boolean wide = n - j0 > L, full = rows == MR && cols == w, inPlace = direct && cols == w;
                        double[] bp = inPlace ? b : packed;
                        int bq = inPlace ? bo + k0 * rsB + j0 : direct ? 0 : q * kn * NR, bs = inPlace ? rsB : w;
                        double[] dst = full ? c : tile;
                        int doff = full ? crow + j0 : 0, ldd = full ? n : NR;
                        if (load && !full)
                            for (int r = 0; r < rows; r++) System.arraycopy(c, crow + r * n + j0, tile, r * NR, cols);
                        if (wide) kernel6x2(kn, a, ar, csA, bp, bq, bs, dst, doff, ldd, load);
                        else kernel6x1(kn, a, ar, csA, bp, bq, bs, dst, doff, ldd, load);
                        if (!full)
                            for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, c, crow + r * n + j0, cols);
                    }
                }
            });
        }
    }

    /**
     * The same tiles in the other order, for a large B and a small A (weight gradients Aᵀ·G over a few hundred
     * edges and thousands of columns; the radial MLP's last layer): threads take column panels (read in place
     * from a row-major B, otherwise packed into a scratch panel of their own) and run every row strip over each,
     * so B is read once and A stays in cache, where the row-strip order streams the whole of B once per strip. Each C element is the same kernel's
     * sum over p in order, so the result is bit-identical to the row-strip order's.
     */
    static void byPanels(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                         double[] b, int bo, int rsB, int csB, double[] c, int co) {
        int panels = (n + NR - 1) / NR, strips = (m + MR - 1) / MR;
        Parallel.forRange(panels, (long) m * NR * k / FMA_PER_ITEM, (lo, hi) -> {
            int[] ar = new int[MR];
            double[] tile = new double[MR * NR], pan = null;                  // pan: only for panels that are packed
            for (int q = lo; q < hi; q++) {
                int j0 = q * NR, cols = Math.min(NR, n - j0);
                boolean wide = n - j0 > L;
                int w = wide ? NR : L;
                boolean inPlace = csB == 1 && cols == w;                 // a full panel of a row-major B is read in place
                if (!inPlace) {
                    if (pan == null) pan = new double[k * NR];
                    for (int p = 0; p < k; p++) {
                        int po = p * w, bp = bo + p * rsB + j0 * csB;
                        if (csB == 1) System.arraycopy(b, bp, pan, po, cols);     // B row-major: a row segment
                        else for (int j = 0; j < cols; j++) pan[po + j] = b[bp + j * csB];
                        for (int j = cols; j < w; j++) pan[po + j] = 0;
                    }
                }
                for (int s = 0; s < strips; s++) {
                    int i0 = s * MR, rows = Math.min(MR, m - i0), crow = co + i0 * n;
                    for (int r = 0; r < MR; r++) ar[r] = ao + Math.min(i0 + r, m - 1) * rsA;
                    boolean full = rows == MR && cols == w;
                    double[] dst = full ? c : tile;
                    int doff = full ? crow + j0 : 0, ldd = full ? n : NR;
                    if (wide) kernel6x2(k, a, ar, csA, inPlace ? b : pan, inPlace ? bo + j0 : 0, inPlace ? rsB : w, dst, doff, ldd, false);
                    else kernel6x1(k, a, ar, csA, inPlace ? b : pan, inPlace ? bo + j0 : 0, inPlace ? rsB : w, dst, doff, ldd, false);
                    if (!full)
                        for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, c, crow + r * n + j0, cols);
                }
            }
        });
    }

    /**
     * Panels of width NR (the last one L when at most L columns remain), p-major, zero-padded: for a B that is not
     * row-major (a row-major one is read in place). A B stored transposed (rsB = 1) is read along its rows.
     */
    static double[] packB(int n, int k, double[] b, int bo, int rsB, int csB) {
        int panels = (n + NR - 1) / NR;
        int lastW = n - (panels - 1) * NR <= L ? L : NR;
        double[] out = scratch(((panels - 1) * NR + lastW) * k);
        Parallel.forRange(panels, (long) k * NR, (lo, hi) -> {        // a copy: any split gives the same panels
            for (int q = lo; q < hi; q++) {
                int j0 = q * NR, w = q == panels - 1 ? lastW : NR, cols = Math.min(NR, n - j0), base = q * k * NR;
                for (int p = 0; p < k && cols < w; p++) java.util.Arrays.fill(out, base + p * w + cols, base + (p + 1) * w, 0);
                if (rsB == 1)                                           // B stored transposed: its columns are rows of b
                    for (int j = 0; j < cols; j++)
                        for (int p = 0, from = bo + (j0 + j) * csB, to = base + j; p < k; p++, to += w) out[to] = b[from + p];
                else
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < cols; j++) out[base + p * w + j] = b[bo + p * rsB + (j0 + j) * csB];
            }
        });
        return out;
    }

    private static final ThreadLocal<double[][]> PACK = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * The calling thread's packing buffer, grown to at least n elements. A fresh array per call cost more than the
     * products of a small GEMM (zeroing and first writes to memory not in cache: 21×64×64 with B transposed 3.3 µs,
     * of which the product is about 1.3). The packed panels live only during one {@link #byStrips} call of this
     * thread (its K blocks one after another), so one buffer per thread suffices.
     */
    private static double[] scratch(int n) {
        double[][] h = PACK.get();
        if (h[0].length < n) h[0] = new double[Math.max(n, h[0].length + h[0].length / 2)];
        return h[0];
    }

    /**
     * The last panel of a row-major B (k rows from bo, row stride rsB) packed alone and zero-padded, p-major with
     * its width (NR, or L when at most L columns remain), when its columns do not fill that width; null otherwise
     * (every panel is then read in place).
     */
    static double[] packRagged(int n, int k, double[] b, int bo, int rsB) {
        int panels = (n + NR - 1) / NR, j0 = (panels - 1) * NR, cols = n - j0, w = cols <= L ? L : NR;
        if (cols == w) return null;
        double[] out = new double[k * w];
        for (int p = 0; p < k; p++) System.arraycopy(b, bo + p * rsB + j0, out, p * w, cols);
        return out;
    }

    /**
     * One 6 × (2 vectors) tile: d[doff + r·ldd + j] = Σ_p A(row r, p)·panel[p][j]; ar holds the 6 (clamped) row
     * offsets into a. Straight-line stores and no vector-typed calls, so C2 keeps all twelve accumulators in
     * registers (a vector passed to a non-inlined helper is boxed, and the box can move into the p loop).
     */
    private static void kernel6x2(int k, double[] a, int[] ar, int csA, double[] bp, int bq, int bs, double[] d, int doff, int ldd, boolean load) {
        int a0 = ar[0], a1 = ar[1], a2 = ar[2], a3 = ar[3], a4 = ar[4], a5 = ar[5];
        DoubleVector c00 = DoubleVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        if (load) {                                                // go on from the sums stored by the previous K block
            c00 = DoubleVector.fromArray(F, d, doff); c01 = DoubleVector.fromArray(F, d, doff + L);
            c10 = DoubleVector.fromArray(F, d, doff + ldd); c11 = DoubleVector.fromArray(F, d, doff + ldd + L);
            c20 = DoubleVector.fromArray(F, d, doff + 2 * ldd); c21 = DoubleVector.fromArray(F, d, doff + 2 * ldd + L);
            c30 = DoubleVector.fromArray(F, d, doff + 3 * ldd); c31 = DoubleVector.fromArray(F, d, doff + 3 * ldd + L);
            c40 = DoubleVector.fromArray(F, d, doff + 4 * ldd); c41 = DoubleVector.fromArray(F, d, doff + 4 * ldd + L);
            c50 = DoubleVector.fromArray(F, d, doff + 5 * ldd); c51 = DoubleVector.fromArray(F, d, doff + 5 * ldd + L);
        }
        for (int p = 0, bi = bq, ap = 0; p < k; p++, bi += bs, ap += csA) {
            DoubleVector b0 = DoubleVector.fromArray(F, bp, bi), b1 = DoubleVector.fromArray(F, bp, bi + L);
            DoubleVector x = DoubleVector.broadcast(F, a[a0 + ap]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(F, a[a1 + ap]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(F, a[a2 + ap]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(F, a[a3 + ap]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(F, a[a4 + ap]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(F, a[a5 + ap]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(d, doff); c01.intoArray(d, doff + L);
        c10.intoArray(d, doff + ldd); c11.intoArray(d, doff + ldd + L);
        c20.intoArray(d, doff + 2 * ldd); c21.intoArray(d, doff + 2 * ldd + L);
        c30.intoArray(d, doff + 3 * ldd); c31.intoArray(d, doff + 3 * ldd + L);
        c40.intoArray(d, doff + 4 * ldd); c41.intoArray(d, doff + 4 * ldd + L);
        c50.intoArray(d, doff + 5 * ldd); c51.intoArray(d, doff + 5 * ldd + L);
    }

    /** Same for a panel one vector wide (the last ≤ L columns). */
    private static void kernel6x1(int k, double[] a, int[] ar, int csA, double[] bp, int bq, int bs, double[] d, int doff, int ldd, boolean load) {
        int a0 = ar[0], a1 = ar[1], a2 = ar[2], a3 = ar[3], a4 = ar[4], a5 = ar[5];
        DoubleVector c0 = DoubleVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        if (load) {
            c0 = DoubleVector.fromArray(F, d, doff); c1 = DoubleVector.fromArray(F, d, doff + ldd); c2 = DoubleVector.fromArray(F, d, doff + 2 * ldd);
            c3 = DoubleVector.fromArray(F, d, doff + 3 * ldd); c4 = DoubleVector.fromArray(F, d, doff + 4 * ldd); c5 = DoubleVector.fromArray(F, d, doff + 5 * ldd);
        }
        for (int p = 0, bi = bq, ap = 0; p < k; p++, bi += bs, ap += csA) {
            DoubleVector b0 = DoubleVector.fromArray(F, bp, bi);
            c0 = b0.fma(DoubleVector.broadcast(F, a[a0 + ap]), c0);
            c1 = b0.fma(DoubleVector.broadcast(F, a[a1 + ap]), c1);
            c2 = b0.fma(DoubleVector.broadcast(F, a[a2 + ap]), c2);
            c3 = b0.fma(DoubleVector.broadcast(F, a[a3 + ap]), c3);
            c4 = b0.fma(DoubleVector.broadcast(F, a[a4 + ap]), c4);
            c5 = b0.fma(DoubleVector.broadcast(F, a[a5 + ap]), c5);
        }
        c0.intoArray(d, doff);
        c1.intoArray(d, doff + ldd);
        c2.intoArray(d, doff + 2 * ldd);
        c3.intoArray(d, doff + 3 * ldd);
        c4.intoArray(d, doff + 4 * ldd);
        c5.intoArray(d, doff + 5 * ldd);
    }
}
