package org.jnequip.nequip.neighbors;

import java.util.Arrays;

/**
 * Growable (i, j, S) storage used while building an edge list, with a sort of one centre's edges by
 * (j, S0, S1, S2). The sort packs each edge into one long, key = j·W³ + ((S0+o)·W + S1+o)·W + S2+o with
 * o = max|S| and W = 2o+1, which orders exactly like the tuple; if that would overflow it falls back to
 * a comparator sort.
 */
final class EdgeBuffer {
    int[] center, neighbor, shifts;
    int size;

    EdgeBuffer(int capacity) {
        center = new int[capacity];
        neighbor = new int[capacity];
        shifts = new int[3 * capacity];
    }

    void add(int i, int j, int s0, int s1, int s2) {
        if (size == center.length) grow(size + 1);
        center[size] = i;
        neighbor[size] = j;
        shifts[3 * size] = s0;
        shifts[3 * size + 1] = s1;
        shifts[3 * size + 2] = s2;
        size++;
    }

    private void grow(int min) {
        int cap = Math.max(min, center.length + (center.length >> 1) + 16);
        center = Arrays.copyOf(center, cap);
        neighbor = Arrays.copyOf(neighbor, cap);
        shifts = Arrays.copyOf(shifts, 3 * cap);
    }

    void append(EdgeBuffer o) {
        if (size + o.size > center.length) grow(size + o.size);
        System.arraycopy(o.center, 0, center, size, o.size);
        System.arraycopy(o.neighbor, 0, neighbor, size, o.size);
        System.arraycopy(o.shifts, 0, shifts, 3 * size, 3 * o.size);
        size += o.size;
    }

    /** Sorts all stored edges by (j, S) (they share one centre); numAtoms bounds j. */
    void sortSegment(int numAtoms) {
        if (size < 2) return;
        long o = 0;
        for (int e = 0; e < 3 * size; e++) o = Math.max(o, Math.abs((long) shifts[e]));
        long wd = 2 * o + 1;
        if (wd < (1L << 20) && (double) numAtoms * wd * wd * wd < 0x1p62) {
            long[] key = new long[size];
            for (int e = 0; e < size; e++)
                key[e] = neighbor[e] * wd * wd * wd + ((shifts[3 * e] + o) * wd + shifts[3 * e + 1] + o) * wd + shifts[3 * e + 2] + o;
            Arrays.sort(key);
            for (int e = 0; e < size; e++) {
                long k = key[e];
                shifts[3 * e + 2] = (int) (k % wd - o);
                k /= wd;
                shifts[3 * e + 1] = (int) (k % wd - o);
                k /= wd;
                shifts[3 * e] = (int) (k % wd - o);
                neighbor[e] = (int) (k / wd);
            }
        } else {
            Integer[] idx = new Integer[size];
            for (int e = 0; e < size; e++) idx[e] = e;
            Arrays.sort(idx, (a, b) -> {
                int c = Integer.compare(neighbor[a], neighbor[b]);
                for (int k = 0; c == 0 && k < 3; k++) c = Integer.compare(shifts[3 * a + k], shifts[3 * b + k]);
                return c;
            });
            int[] nj = new int[size], ns = new int[3 * size];
            for (int e = 0; e < size; e++) {
                nj[e] = neighbor[idx[e]];
                System.arraycopy(shifts, 3 * idx[e], ns, 3 * e, 3);
            }
            System.arraycopy(nj, 0, neighbor, 0, size);
            System.arraycopy(ns, 0, shifts, 0, 3 * size);
        }
    }

    Edges toEdges() {
        return new Edges(Arrays.copyOf(center, size), Arrays.copyOf(neighbor, size), Arrays.copyOf(shifts, 3 * size), size);
    }
}
