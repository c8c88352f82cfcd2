package org.jnequip.tensor;

/** Element type of a {@link Tensor}: IEEE float32 (the speed default) or float64 (tests, reference runs). */
public enum DType {
    F32(4), F64(8);

    private final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    public int bytes() { return bytes; }

    /** Parses "float32"/"f32"/"float64"/"f64"/"double"/"float" (case-insensitive). */
    public static DType parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float" -> F32;
            case "float64", "f64", "double" -> F64;
            default -> throw new IllegalArgumentException("unknown dtype '" + s + "': expected float32 or float64");
        };
    }

    public String pythonName() { return this == F32 ? "float32" : "float64"; }
}
