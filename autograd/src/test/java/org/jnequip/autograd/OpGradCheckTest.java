package org.jnequip.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * First- and second-order float64 finite-difference checks ({@link GradCheck}) of every differentiable Var op.
 * Ops that are linear in their input are composed with a square (or multiplied by another input), so that the
 * second-order check differentiates through the op's own backward rule rather than comparing zeros.
 * Non-smooth ops (abs, relu, maximum, minimum, max) are evaluated away from their kinks and ties.
 */
class OpGradCheckTest {
    record Case(String name, Function<Var[], Var> f, Tensor[] inputs) {
        @Override public String toString() { return name; }
    }

    static final Rng RNG = new Rng(2024);

    /** Normal samples of the given shape. */
    static Tensor n(int... shape) { return RNG.normal(DType.F64, shape); }

    /** Uniform samples in [lo, hi). */
    static Tensor u(double lo, double hi, int... shape) { return RNG.uniform(DType.F64, lo, hi, shape); }

    /** Values at least 0.2 away from zero, random sign. */
    static Tensor awayFromZero(int... shape) {
        Tensor mag = u(0.2, 1.5, shape), sign = u(-1, 1, shape).sign();
        return mag.mul(sign);
    }

    /** A permutation of evenly spaced values (ties and near-ties impossible), for max/min. */
    static Tensor distinct(int... shape) {
        int numel = 1;
        for (int d : shape) numel *= d;
        int[] p = RNG.permutation(numel);
        double[] v = new double[numel];
        for (int i = 0; i < numel; i++) v[i] = 0.3 * p[i] - 1;
        return Tensor.of(v, shape);
    }

    static Case c(String name, Function<Var[], Var> f, Tensor... inputs) { return new Case(name, f, inputs); }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // ---- binary with broadcasting
        cs.add(c("add (2,3)+(3)", x -> x[0].add(x[1]).square(), n(2, 3), n(3)));
        cs.add(c("add (3,1)+(1,4)", x -> x[0].add(x[1]).square(), n(3, 1), n(1, 4)));
        cs.add(c("sub (2,1,3)-(4,1)", x -> x[0].sub(x[1]).square(), n(2, 1, 3), n(4, 1)));
        cs.add(c("mul (3,1)*(1,4)", x -> x[0].mul(x[1]), n(3, 1), n(1, 4)));
        cs.add(c("mul (2,3)*()", x -> x[0].mul(x[1]), n(2, 3), n()));
        cs.add(c("div (2,3)/(3)", x -> x[0].div(x[1]), n(2, 3), awayFromZero(3)));
        cs.add(c("div (3)/(2,3)", x -> x[0].div(x[1]), n(3), awayFromZero(2, 3)));
        cs.add(c("maximum (2,3),(3)", x -> x[0].maximum(x[1]).square(), distinct(2, 3), distinct(3).mul(0.9).add(0.05)));
        cs.add(c("minimum (2,3),(2,1)", x -> x[0].minimum(x[1]).square(), distinct(2, 3), distinct(2, 1).mul(0.9).add(0.05)));
        Tensor mask = Tensor.of(new double[]{1, 0, 1, 0, 0, 1}, 2, 3);
        cs.add(c("where (2,3),(3)", x -> x[0].where(mask, x[1]).square(), n(2, 3), n(3)));
        // ---- scalar-parameter ops
        cs.add(c("affine", x -> x[0].affine(-1.7, 0.3).square(), n(2, 3)));
        cs.add(c("add/mul const, neg", x -> x[0].add(0.5).mul(3.0).neg().square(), n(5)));
        cs.add(c("pow 2.5", x -> x[0].pow(2.5), u(0.3, 2, 2, 3)));
        cs.add(c("pow -1.5", x -> x[0].pow(-1.5), u(0.3, 2, 2, 3)));
        cs.add(c("pow 3", x -> x[0].pow(3.0), n(2, 3)));
        // ---- unary
        cs.add(c("exp", x -> x[0].exp(), n(2, 3)));
        cs.add(c("log", x -> x[0].log(), u(0.3, 3, 2, 3)));
        cs.add(c("sqrt", x -> x[0].sqrt(), u(0.3, 3, 2, 3)));
        cs.add(c("rsqrt", x -> x[0].rsqrt(), u(0.3, 3, 2, 3)));
        cs.add(c("reciprocal", x -> x[0].reciprocal(), awayFromZero(2, 3)));
        cs.add(c("square", x -> x[0].square(), n(2, 3)));
        cs.add(c("sin", x -> x[0].sin(), n(2, 3)));
        cs.add(c("cos", x -> x[0].cos(), n(2, 3)));
        cs.add(c("tanh", x -> x[0].tanh(), n(2, 3)));
        cs.add(c("sigmoid", x -> x[0].sigmoid(), n(2, 3)));
        cs.add(c("silu", x -> x[0].silu(), n(2, 3).mul(2)));
        cs.add(c("silu_grad (the backward of silu)", x -> ElementwiseOps.siluGrad(x[0], 1.0), n(2, 3).mul(2)));
        cs.add(c("silu_grad scaled", x -> ElementwiseOps.siluGrad(x[0], 1.3), n(2, 3).mul(2)));
        cs.add(c("silu_second (the double backward of silu)", x -> ElementwiseOps.siluSecond(x[0]), n(2, 3).mul(2)));
        cs.add(c("silu scaled", x -> x[0].silu(1.7), n(2, 3).mul(2)));
        cs.add(c("silu_backward g·silu'(x) (the device backward of silu)", x -> ElementwiseOps.siluBackward(x[0], x[1]).square(), n(2, 3), n(2, 3).mul(2)));
        cs.add(c("tanh scaled", x -> x[0].tanh(1.6).square(), n(2, 3)));
        cs.add(c("softplus", x -> x[0].softplus(), n(2, 3).mul(2)));
        cs.add(c("abs", x -> x[0].abs().square().mul(x[0]), awayFromZero(2, 3)));
        cs.add(c("relu", x -> x[0].relu().square().mul(x[0]), awayFromZero(2, 3)));
        // ---- reductions
        cs.add(c("sum all", x -> x[0].sum().square(), n(2, 3)));
        cs.add(c("sum axes (0,2) keepDims", x -> x[0].sum(new int[]{0, 2}, true).square(), n(2, 3, 2)));
        cs.add(c("sum axis -1", x -> x[0].sum(-1, false).square(), n(2, 3, 2)));
        cs.add(c("mean", x -> x[0].mean().square(), n(2, 3)));
        cs.add(c("mean axis 1", x -> x[0].mean(1, true).square(), n(2, 3)));
        cs.add(c("max axis 1", x -> x[0].max(1, false).square(), distinct(3, 4)));
        cs.add(c("max axis 0 keepDims", x -> x[0].max(0, true).square(), distinct(3, 4)));
        cs.add(c("sumTo (3,1)", x -> x[0].sumTo(new int[]{3, 1}).square(), n(2, 3, 4)));
        // ---- matmul
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
            int[] a = ta ? new int[]{3, 2} : new int[]{2, 3}, b = tb ? new int[]{4, 3} : new int[]{3, 4};
            cs.add(c("matmul 2-D ta=" + ta + " tb=" + tb, x -> x[0].matmul(x[1], ta, tb), n(a), n(b)));
            int[] ab = {2, a[0], a[1]}, bb = {2, b[0], b[1]};
            cs.add(c("matmul batched ta=" + ta + " tb=" + tb, x -> x[0].matmul(x[1], ta, tb), n(ab), n(bb)));
            cs.add(c("matmul batched x shared ta=" + ta + " tb=" + tb, x -> x[0].matmul(x[1], ta, tb), n(ab), n(b)));
            cs.add(c("matmul shared x batched ta=" + ta + " tb=" + tb, x -> x[0].matmul(x[1], ta, tb), n(a), n(bb)));
        }
        for (boolean ta : new boolean[]{false, true})
            cs.add(c("matmul scaled ta=" + ta, x -> x[0].matmul(x[1], ta, true, -0.7).tanh(), n(ta ? new int[]{3, 2} : new int[]{2, 3}), n(4, 3)));
        cs.add(c("matmul scaled batched x shared", x -> x[0].matmul(x[1], false, false, 1.3).square(), n(2, 2, 3), n(3, 2)));
        cs.add(c("matmul self (x·xᵀ)", x -> x[0].matmul(x[0], false, true), n(2, 3)));
        // ---- layout
        cs.add(c("reshape", x -> x[0].reshape(3, -1).square(), n(2, 3)));
        cs.add(c("permute", x -> x[0].permute(2, 0, 1).mul(x[1]), n(2, 3, 2), n(2, 2, 3)));
        cs.add(c("transpose", x -> x[0].transpose().mul(x[1]), n(2, 3), n(3, 2)));
        cs.add(c("transpose(0,2)", x -> x[0].transpose(0, 2).square(), n(2, 1, 3)));
        cs.add(c("expand", x -> x[0].expand(2, 3, 4).mul(x[1]), n(3, 1), n(2, 3, 4)));
        cs.add(c("unsqueeze", x -> x[0].unsqueeze(1).mul(x[1]), n(3), n(3, 2)));
        cs.add(c("slice middle", x -> x[0].slice(1, 1, 3).square(), n(2, 4)));
        cs.add(c("slice start/end", x -> x[0].slice(0, 0, 1).mul(x[0].slice(0, 2, 3)), n(3, 2)));
        // several slices of one value: the tape sums their gradients as one tiling (SliceGrads)
        cs.add(c("slices tiling axis 1", x -> x[0].slice(1, 0, 2).square().sum(1, false).mul(x[0].slice(1, 2, 5).tanh().sum(1, false)), n(3, 5)));
        cs.add(c("slices with gaps, overlap and a plain use", x -> x[0].slice(1, 1, 2).mul(x[0].slice(1, 3, 4)).add(x[0].slice(1, 0, 2).square().sum(1, true))
                .mul(x[0].slice(1, 1, 3).sum(1, true)).add(x[0].square().sum(1, true)), n(2, 5)));
        cs.add(c("slices on two axes", x -> x[0].slice(0, 0, 1).square().sum().add(x[0].slice(1, 1, 3).square().sum()).add(x[0].slice(0, 1, 3).tanh().sum()), n(3, 4)));
        cs.add(c("pad axis 1", x -> x[0].pad(1, 2, 1).mul(x[1]), n(2, 3), n(2, 6)));
        cs.add(c("pad axis 0 (after only)", x -> x[0].pad(0, 0, 2).tanh(), n(1, 3)));
        // one split into several pieces (gaps, an overlap, the whole axis): each piece has the slice backward
        cs.add(c("split axis 1", x -> {
            List<Var> p = x[0].split(1, new int[]{0, 1, 3, 0}, new int[]{1, 4, 5, 5});
            return p.get(0).mul(p.get(1).sum(1, true)).add(p.get(2).tanh().sum(1, true)).mul(p.get(3).square().sum(1, true));
        }, n(2, 5)));
        cs.add(c("split axis 0 of a 1-D value", x -> {
            List<Var> p = x[0].split(0, new int[]{0, 2}, new int[]{2, 6});
            return p.get(0).reshape(1, 2).matmul(p.get(1).reshape(2, 2)).square();
        }, n(6)));
        cs.add(c("concat axis 1", x -> Var.concat(List.of(x[0], x[1], x[0]), 1).square(), n(2, 3), n(2, 1)));
        cs.add(c("concat axis 0", x -> Var.concat(List.of(x[0], x[1]), 0).tanh(), n(1, 3), n(2, 3)));
        // ---- indexing (repeated indices)
        int[] idx = {2, 0, 2, 1, 2};
        cs.add(c("indexSelect axis 0", x -> x[0].indexSelect(0, idx).square(), n(3, 2)));
        cs.add(c("indexSelect axis 1", x -> x[0].indexSelect(1, idx).square(), n(2, 3)));
        cs.add(c("indexAdd axis 0", x -> x[0].indexAdd(0, idx, 4).square(), n(5, 2)));
        cs.add(c("indexAdd axis 1", x -> x[0].indexAdd(1, idx, 3).square(), n(2, 5)));
        cs.add(c("gather-scatter chain", x -> x[0].indexSelect(0, idx).mul(x[1]).indexAdd(0, idx, 3).tanh(), n(3, 2), n(5, 2)));
        return cs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstAndSecondOrder(Case c) {
        GradCheck.check(c.f(), 2, c.inputs());
    }
}
