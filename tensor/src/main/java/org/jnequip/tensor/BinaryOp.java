package org.jnequip.tensor;

/**
 * Elementwise binary primitives with NumPy broadcasting. Comparisons return 1 or 0 in the operands' dtype.
 * SILU_BACKWARD(g, x) = g·silu'(x) is the backward of silu in one op (devices; the CPU keeps SILU_GRAD and MUL).
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, LT, LE, EQ, SILU_BACKWARD;

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case SILU_BACKWARD -> a * UnaryOp.SILU_GRAD.apply(b);
        };
    }
}
