package org.jnequip.e3;

/** {@code mul} copies of one irrep ("16x1o"); dimension mul·(2l+1). */
public record MulIrrep(int mul, Irrep ir) {
    public MulIrrep {
        if (mul < 0) throw new IllegalArgumentException("MulIrrep: mul must be >= 0, got " + mul);
        if (ir == null) throw new IllegalArgumentException("MulIrrep: ir is null");
    }

    public int dim() { return mul * ir.dim(); }

    @Override
    public String toString() { return mul + "x" + ir; }
}
