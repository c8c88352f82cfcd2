package org.jnequip.nequip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jnequip.autograd.OpProfile;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Test;

/**
 * The op-level profile of the model ({@link OpProfile}): off by default, the same E, F, virial and parameter
 * gradients bit for bit with it on, FLOPs of the forward ops equal to {@link NequipModel#forwardFlops}, and the
 * ops charged to the model's scopes (embedding, interaction k, output head).
 */
class NequipModelProfileTest {
    static final NequipModel model = NequipModelPropertiesTest.model;     // 2 layers, l_max 2, 6 features, self-connection, float64

    static ModelInput input(Structure s) {
        return NequipModel.input(AtomicBatch.of(List.of(s), NequipModelPropertiesTest.R_MAX, NequipModelPropertiesTest.types));
    }

    /** E, F, virial, and the gradient of a force loss with respect to the first weight. */
    static double[][] run(ModelInput in) {
        NequipModel.Prediction p = model.predict(in, true, true);
        Var w = model.weights().stream().filter(x -> x.trainable()).findFirst().orElseThrow().var();
        Var loss = p.forces().square().sum().add(p.totalEnergy().square().sum());
        Var g = Tape.grad(loss, w, false);
        return new double[][]{p.totalEnergy().value().toDoubleArray(), p.forces().value().toDoubleArray(), p.virial().value().toDoubleArray(), g.value().toDoubleArray()};
    }

    static OpProfile profiled(Runnable r) {
        OpProfile p = OpProfile.begin();
        try { r.run(); } finally { p.end(); }
        return p;
    }

    @Test
    void profilingIsOffByDefaultAndChangesNoResult() {
        assertFalse(OpProfile.on());
        ModelInput in = input(NequipModelPropertiesTest.crystal(5));
        double[][] off = run(in);
        double[][][] on = new double[1][][];
        OpProfile p = profiled(() -> on[0] = run(in));
        for (int k = 0; k < off.length; k++) assertArrayEquals(off[k], on[0][k], 0.0, "output " + k + " bit for bit");
        assertTrue(p.rows().size() > 10);
    }

    @Test
    void forwardFlopsAreTheModelsAndScopesAreTheLayers() {
        ModelInput in = input(NequipModelPropertiesTest.molecule(3, 9));
        OpProfile p = profiled(() -> model.predict(in, false, false));
        double fwd = 0;
        Set<String> withFlops = new TreeSet<>(), scopes = new TreeSet<>();
        for (OpProfile.Row r : p.rows()) {
            scopes.add(r.scope());
            if (Double.isNaN(r.flops())) continue;
            withFlops.add(r.kind());
            if (r.phase() == OpProfile.Phase.FORWARD) fwd += r.flops();
        }
        double expected = model.forwardFlops(in.numAtoms(), in.numEdges());
        assertEquals(expected, fwd, 1e-12 * expected, "forward FLOPs per op add up to the FLOP model");
        assertEquals(Set.of("matmul", "tp_contract_out", "tp_contract_x1", "tp_contract_x2w"), withFlops, "the x2 and w gradients of a convolution come from one fused op");
        assertEquals(Set.of("embedding", "interaction 0", "interaction 1", "output head"), scopes, "backward ops too are charged to the layers");
        // periodic: the cell-shift product (E,1,3)·(3,3) adds 18 flops per edge
        ModelInput c = input(NequipModelPropertiesTest.crystal(6));
        OpProfile pc = profiled(() -> model.predict(c, false, false));
        double fc = pc.rows().stream().filter(r -> r.phase() == OpProfile.Phase.FORWARD && !Double.isNaN(r.flops())).mapToDouble(OpProfile.Row::flops).sum();
        double mc = model.forwardFlops(c.numAtoms(), c.numEdges()) + 18.0 * c.numEdges();
        assertEquals(mc, fc, 1e-12 * mc);
    }
}
