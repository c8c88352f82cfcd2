package org.jnequip.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.Tensor;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>{@link #grad} returns ∂(Σ gradOutputs·outputs)/∂inputs. With {@code createGraph=true} the backward rules run
 * with recording on, so the returned gradients are themselves on the tape and can be differentiated again
 * (forces F = −∂E/∂r trained against references need this: nequip-spec §5 step 9). Gradients flowing into a
 * value used several times are summed. Only the part of the graph between outputs and the requested inputs is
 * visited. The gradients of several slices of one value are summed as one tiling ({@link SliceGrads}).
 */
public final class Tape {
    private Tape() {}

    /** ∂output/∂input for a scalar (or summed) output. */
    public static Var grad(Var output, Var input, boolean createGraph) {
        return grad(new Var[]{output}, new Var[]{input}, null, createGraph)[0];
    }

    /** Gradients of Σ_k ⟨gradOutputs[k], outputs[k]⟩ with respect to each input (zeros where unreachable). */
    public static Var[] grad(Var[] outputs, Var[] inputs, Var[] gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, createGraph);
    }

    public static Var[] grad(Var[] outputs, Var[] inputs, Var[] gradOutputs, boolean createGraph, boolean retainGraph) {
        Set<Var> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var in : inputs) {
            if (!in.requiresGrad()) throw new IllegalArgumentException("grad: input " + in + " does not require grad");
            targets.add(in);
        }
        Map<Var, Var> grads = run(outputs, gradOutputs, targets, createGraph, retainGraph);
        Var[] out = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Var g = grads.get(inputs[i]);
            out[i] = g != null ? g : inputs[i].zerosLike();
        }
        return out;
    }

    /** Loss-style backward: accumulates ∂loss/∂leaf into {@link Var#grad()} of every leaf that requires grad. */
    public static void backward(Var loss) { backward(loss, false); }

    public static void backward(Var loss, boolean retainGraph) {
        Map<Var, Var> grads = run(new Var[]{loss}, null, null, false, retainGraph);
        for (Map.Entry<Var, Var> e : grads.entrySet()) {
            Var v = e.getKey();
            if (v.isLeaf() && v.requiresGrad()) v.accumulateGrad(e.getValue().value());
        }
    }

    /** targets == null means every leaf that requires grad. */
    private static Map<Var, Var> run(Var[] outputs, Var[] gradOutputs, Set<Var> targets, boolean createGraph, boolean retain) {
        OpProfile.Phase prevPhase = OpProfile.phase(OpProfile.Phase.BACKWARD);   // null when not profiling
        int walk = OpProfile.start();
        List<Var> post = postOrder(outputs);
        // needed: on a path from an output to a target
        Set<Var> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var v : post) {
            if (targets == null ? v.isLeaf() && v.requiresGrad() : targets.contains(v)) { needed.add(v); continue; }
            if (v.node == null) continue;
            if (v.node.released()) throw new IllegalStateException("the graph behind '" + v.node.op + "' was released by an earlier backward; pass retainGraph=true");
            for (Var in : v.node.inputs) if (in != null && needed.contains(in)) { needed.add(v); break; }
        }
        OpProfile.stop(walk, "tape.walk", Double.NaN, (Tensor) null, null);
        Map<Var, Var> grads = new IdentityHashMap<>();
        int prevScope = OpProfile.currentScope();
        try (var mode = GradMode.set(createGraph)) {
            for (int k = 0; k < outputs.length; k++) {
                Var o = outputs[k];
                Var g = gradOutputs != null && gradOutputs[k] != null ? gradOutputs[k] : o.constantLike(1.0, o.shape());
                if (!java.util.Arrays.equals(g.shape(), o.shape()))
                    throw new IllegalArgumentException("grad: gradOutput shape " + java.util.Arrays.toString(g.shape()) + " does not match output " + java.util.Arrays.toString(o.shape()));
                grads.merge(o, g, Var::add);
            }
            Recycle rc = !createGraph && BufferArena.active() ? new Recycle() : null;   // gradients off the tape: give dead ones back
            if (rc != null) {
                for (Var gv : grads.values()) rc.hold(gv);
                if (gradOutputs != null) for (Var gv : gradOutputs) if (gv != null) rc.hold(gv);   // the caller's: never given back
            }
            Map<Var, List<SliceGrads.Piece>> pieces = new IdentityHashMap<>();   // slice gradients held back
            for (int idx = post.size() - 1; idx >= 0; idx--) {
                Var v = post.get(idx);
                if (v.node != null) OpProfile.scopeIndex(v.node.scope);   // its rule's ops are charged where the op ran
                List<SliceGrads.Piece> ps = pieces.remove(v);   // every consumer of v has been visited
                if (ps != null) {
                    Var before = grads.get(v), sum = SliceGrads.sum(before, ps, v.shape());
                    grads.put(v, sum);
                    if (rc != null) {
                        rc.hold(sum);
                        if (before != null) rc.drop(before);
                        for (SliceGrads.Piece p : ps) rc.drop(p.g());
                    }
                }
                Node node = v.node;
                Var g = grads.get(v);
                if (node == null || g == null || !needed.contains(v)) continue;
                Var[] ins = node.inputs;
                boolean[] needs = new boolean[ins.length];
                boolean any = false;
                for (int i = 0; i < ins.length; i++) {
                    needs[i] = ins[i] != null && ins[i].requiresGrad() && needed.contains(ins[i]);
                    any |= needs[i];
                }
                if (!any) continue;
                if (node.backward instanceof SliceGrads.Rule rule) {
                    pieces.computeIfAbsent(ins[0], k -> new ArrayList<>()).add(new SliceGrads.Piece(rule, g));
                    if (rc != null) { rc.hold(g); grads.remove(v); rc.drop(g); }
                    continue;
                }
                int timer = OpProfile.start();
                Var[] gin = node.backward.apply(g, needs);
                if (timer != 0) OpProfile.stop(timer, node.op + ".backward", Double.NaN, (Tensor) null, null);
                for (int i = 0; i < ins.length; i++) {
                    if (!needs[i] || gin[i] == null) continue;
                    if (!java.util.Arrays.equals(gin[i].shape(), ins[i].shape()))
                        throw new IllegalStateException("backward of '" + node.op + "' gave gradient of shape " + java.util.Arrays.toString(gin[i].shape()) + " for input of shape " + java.util.Arrays.toString(ins[i].shape()));
                    if (rc == null) { grads.merge(ins[i], gin[i], Var::add); continue; }
                    Var before = grads.get(ins[i]);
                    Var now = before == null ? gin[i] : before.add(gin[i]);
                    grads.put(ins[i], now);
                    rc.hold(now);
                    if (before != null) { rc.hold(gin[i]); rc.drop(before); rc.drop(gin[i]); }
                }
                if (rc != null && !targetOrLeaf(v, targets)) { grads.remove(v); rc.drop(g); }   // v's gradient is consumed
            }
        } finally {
            if (prevPhase != null) OpProfile.phase(prevPhase);
            OpProfile.scopeIndex(prevScope);
        }
        if (!retain) {
            for (Var v : post) {
                if (v.node != null) { v.node.inputs = null; v.node.backward = null; }
            }
        }
        return grads;
    }

    /** Whether v's gradient is a result of {@link #run} (a requested input, or a leaf in a loss backward). */
    private static boolean targetOrLeaf(Var v, Set<Var> targets) { return targets == null ? v.isLeaf() : targets.contains(v); }

    /**
     * Gradients in a backward without createGraph are not on the tape: once consumed they are dead, and their storage
     * goes back to the step's arena ({@link BufferArena#giveBack}) to serve the next result of its size while still
     * in cache. A storage array can stand behind several gradients (a reshape, an add's pass-through), so each is
     * counted by the live gradients that use it and given back when none is left.
     */
    private static final class Recycle {
        private final IdentityHashMap<Object, int[]> refs = new IdentityHashMap<>();

        void hold(Var g) { refs.computeIfAbsent(g.value().data(), k -> new int[1])[0]++; }

        void drop(Var g) {
            Object d = g.value().data();
            int[] c = refs.get(d);
            if (c == null || --c[0] > 0) return;
            refs.remove(d);
            BufferArena.giveBack(d);
        }
    }

    /** Post-order (inputs before consumers) of every value reachable from the outputs, iteratively. */
    private static List<Var> postOrder(Var[] outputs) {
        List<Var> order = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Var o : outputs) {
            if (!seen.add(o)) continue;
            stack.push(new Object[]{o, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Var v = (Var) top[0];
                int i = (Integer) top[1];
                Var[] ins = v.node == null || v.node.inputs == null ? new Var[0] : v.node.inputs;
                if (i < ins.length) {
                    top[1] = i + 1;
                    Var c = ins[i];
                    if (c != null && c.requiresGrad() && seen.add(c)) stack.push(new Object[]{c, 0});
                } else {
                    stack.pop();
                    order.add(v);
                }
            }
        }
        return order;
    }
}
