package org.jnequip.kernels;

/** Groups an index array by target: packed {@code start[size+1] | order[n]}, sources ascending within a target. */
final class Csr {
    private Csr() {}

    static int[] build(int[] index, int size) {
        int n = index.length;
        int[] out = new int[size + 1 + n];
        for (int t : index) {
            if (t < 0 || t >= size) throw new IndexOutOfBoundsException("index " + t + " out of range [0, " + size + ")");
            out[t + 1]++;
        }
        for (int t = 0; t < size; t++) out[t + 1] += out[t];
        int[] fill = java.util.Arrays.copyOf(out, size);
        for (int i = 0; i < n; i++) out[size + 1 + fill[index[i]]++] = i;
        return out;
    }
}
