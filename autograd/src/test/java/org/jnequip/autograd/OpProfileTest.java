package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link OpProfile}: off by default; self times of nested ops (a backward rule and the ops it runs) with the
 * bookkeeping and the unattributed rest add up to the wall time; phases, scopes, FLOPs and tape bytes.
 */
class OpProfileTest {
    static OpProfile.Row row(OpProfile p, String kind, OpProfile.Phase ph) {
        return p.rows().stream().filter(r -> r.kind().equals(kind) && r.phase() == ph).findFirst().orElse(null);
    }

    @Test
    void offByDefault() {
        assertFalse(OpProfile.on());
        assertEquals(0, OpProfile.start(), "no timer without a profile");
        assertEquals(null, OpProfile.scope("x"));
    }

    @Test
    void selfTimesBookkeepingAndUnattributedAddUpToTheWall() throws Exception {
        Var x = Var.param(Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Var w = Var.param(Tensor.of(new double[]{1, 0, 2, 1, 0, 3}, 3, 2));
        OpProfile p = OpProfile.begin();
        try {
            assertThrows(IllegalStateException.class, OpProfile::begin, "one profile at a time");
            assertTrue(OpProfile.on());
            OpProfile.scope("layer A");
            Var h = x.matmul(w);                                               // (2, 2): 2·4·3 = 24 flops
            Var slow = Var.record(OpProfile.start(), Double.NaN, h.value().copy(), "slow", (g, n) -> {
                try { Thread.sleep(20); } catch (InterruptedException e) { throw new RuntimeException(e); }
                return new Var[]{g.mul(2.0)};                                  // an op inside the rule
            }, h);
            OpProfile.scope("layer B");
            Var loss = slow.square().sum();
            Tape.grad(new Var[]{loss}, new Var[]{x, w}, null, false);
        } finally {
            p.end();
        }
        assertFalse(OpProfile.on());
        long sum = 0;
        for (OpProfile.Row r : p.rows()) {
            assertTrue(r.nanos() >= 0 && r.calls() > 0, r.toString());
            sum += r.nanos();
        }
        assertTrue(p.unattributedNs() >= 0, "no time counted twice: " + p.unattributedNs());
        assertEquals(p.wallNs(), sum + p.bookkeepingNs() + p.gcInOpsNs() + p.unattributedNs());
        OpProfile.Row rule = row(p, "slow.backward", OpProfile.Phase.BACKWARD);
        assertNotNull(rule, p.rows().toString());
        assertTrue(rule.nanos() + p.gcInOpsNs() >= 20_000_000L, "the rule's own work holds the sleep (less a collection that struck in it): " + rule);
        assertEquals("layer A", rule.scope(), "a rule is charged to the scope its op ran in");
        OpProfile.Row inner = row(p, "affine", OpProfile.Phase.BACKWARD);
        assertNotNull(inner, "the op run by the rule is a row of its own: " + p.rows());
        assertTrue(inner.nanos() < rule.nanos());
        OpProfile.Row mm = row(p, "matmul", OpProfile.Phase.FORWARD);
        assertEquals(24.0, mm.flops());
        assertEquals("layer A", mm.scope());
        assertEquals(8 * (6 + 6 + 4), mm.bytes(), "inputs and output");
        assertEquals(2, row(p, "matmul", OpProfile.Phase.BACKWARD).calls(), "∂x and ∂w");
        assertEquals("layer B", row(p, "square", OpProfile.Phase.FORWARD).scope());
        assertTrue(Double.isNaN(row(p, "square", OpProfile.Phase.FORWARD).flops()), "elementwise ops have no FLOPs in the model");
        // tape: h (4), slow (4), square (4), sum (1) doubles
        assertEquals(8 * 13, p.tapeBytes());
    }

    @Test
    void byShapeSplitsAKindByItsOperandsAndResults() {
        Var x = Var.param(Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Var w = Var.param(Tensor.of(new double[]{1, 0, 2, 1, 0, 3}, 3, 2));
        Var v = Var.param(Tensor.of(new double[]{1, 2, 3, 4}, 2, 2));
        OpProfile p = OpProfile.begin(true);
        try {
            Var y = x.matmul(w).matmul(v);                           // (2,3)·(3,2), then (2,2)·(2,2)
            Tape.grad(y.sum(), x, false);
        } finally {
            p.end();
        }
        assertEquals(1, row(p, "matmul [2,3][3,2]->[2,2]", OpProfile.Phase.FORWARD).calls());
        assertEquals(1, row(p, "matmul [2,2][2,2]->[2,2]", OpProfile.Phase.FORWARD).calls());
        assertEquals(24.0, row(p, "matmul [2,3][3,2]->[2,2]", OpProfile.Phase.FORWARD).flops());
        assertNull(row(p, "matmul", OpProfile.Phase.FORWARD), "no row without shapes");
        assertNotNull(row(p, "matmul [2,2][3,2]->[2,3]", OpProfile.Phase.BACKWARD), "∂x = g·wᵀ: " + p.rows());
        assertNotNull(row(p, "matmul.backward", OpProfile.Phase.BACKWARD), "a rule's own glue keeps its plain name");
        OpProfile q = OpProfile.begin();
        try { x.matmul(w); } finally { q.end(); }
        assertNotNull(row(q, "matmul", OpProfile.Phase.FORWARD), "a plain profile keys by kind only");
    }

    @Test
    void resultsAreTheSameWithProfilingOn() {
        Var x = Var.param(Tensor.of(new double[]{0.3, -1.2, 2.5, 0.7}, 2, 2));
        double[][] g = new double[2][];
        for (int k = 0; k < 2; k++) {
            OpProfile p = k == 1 ? OpProfile.begin() : null;
            try {
                Var y = x.matmul(x.transpose()).silu().sum(0, false).exp().sum();
                g[k] = Tape.grad(y, x, false).value().toDoubleArray();
            } finally {
                if (p != null) p.end();
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(g[0], g[1], 0.0);
    }
}
