package org.jnequip.e3;

import java.util.Locale;
import org.jnequip.tensor.TpPlan.Mode;

/**
 * One path of a {@link TensorProduct} (e3nn's {@code Instruction}): input block {@code iIn1} of irreps_in1
 * times input block {@code iIn2} of irreps_in2 into output block {@code iOut}, with connection mode
 * (uvw, uvu, uvv, uuw, uuu), whether it has weights, and a path weight. Weight block shapes (e3nn path_shape):
 * uvw (mul1, mul2, mulOut); uvu and uvv (mul1, mul2); uuw (mul1, mulOut); uuu (mul1).
 *
 * <p>Given to a {@link TensorProduct} constructor, {@code pathWeight} is e3nn's optional user factor (1 by
 * default) that enters the normalisation; {@link TensorProduct#instructions()} returns the final coefficients
 * (what e3nn stores in {@code tp.instructions}).
 *
 * {@snippet :
 * Instruction ins = Instruction.of(0, 1, 2, "uvu", true);   // pathWeight 1
 * }
 */
public record Instruction(int iIn1, int iIn2, int iOut, Mode connectionMode, boolean hasWeight, double pathWeight) {
    public Instruction {
        if (connectionMode == null) throw new IllegalArgumentException("Instruction: connection mode is null");
        if (!(pathWeight >= 0) || Double.isInfinite(pathWeight))
            throw new IllegalArgumentException("Instruction: path weight must be finite and >= 0, got " + pathWeight);
    }

    public static Instruction of(int iIn1, int iIn2, int iOut, Mode mode, boolean hasWeight) {
        return new Instruction(iIn1, iIn2, iOut, mode, hasWeight, 1.0);
    }

    public static Instruction of(int iIn1, int iIn2, int iOut, String mode, boolean hasWeight) {
        return of(iIn1, iIn2, iOut, mode(mode), hasWeight);
    }

    /** "uvw", "uvu", "uvv", "uuw" or "uuu" (e3nn spelling). */
    public static Mode mode(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "uvw" -> Mode.UVW;
            case "uvu" -> Mode.UVU;
            case "uvv" -> Mode.UVV;
            case "uuw" -> Mode.UUW;
            case "uuu" -> Mode.UUU;
            default -> throw new IllegalArgumentException("Instruction: unknown connection mode '" + s + "' (expected uvw, uvu, uvv, uuw or uuu)");
        };
    }

    /** Same instruction with another path weight. */
    public Instruction withPathWeight(double w) { return new Instruction(iIn1, iIn2, iOut, connectionMode, hasWeight, w); }

    /** e3nn's path_shape for multiplicities mul1, mul2, mulOut. */
    public int[] pathShape(int mul1, int mul2, int mulOut) {
        return switch (connectionMode) {
            case UVW -> new int[]{mul1, mul2, mulOut};
            case UVU, UVV -> new int[]{mul1, mul2};
            case UUW -> new int[]{mul1, mulOut};
            case UUU -> new int[]{mul1};
        };
    }

    /** e3nn's num_elements: how many (u, v) products feed one output component (the 'element' fan-in). */
    public int numElements(int mul1, int mul2) {
        return switch (connectionMode) {
            case UVW -> mul1 * mul2;
            case UVU -> mul2;
            case UVV, UUW -> mul1;
            case UUU -> 1;
        };
    }

    @Override
    public String toString() {
        return "(" + iIn1 + ", " + iIn2 + ", " + iOut + ", " + connectionMode.name().toLowerCase(Locale.ROOT) + ", " + hasWeight + ", " + pathWeight + ")";
    }
}
