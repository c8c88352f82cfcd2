package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Loss}: on a whole batch it is the formula (checked against the frames' errors computed on the host), and
 * the losses of the shards of a batch, each divided by the whole batch's counts, add up to the batch's loss, value
 * and gradient (float64, to rounding): what data-parallel training relies on.
 */
class LossTest {
    private static final double SIGMA = 0.8, LE = 2.0, LF = 0.5;

    private static List<Structure> frames() {
        return ExtXyz.read(TrainTestSupport.ethanol(), ExtXyz.Options.DEFAULT.withMaxFrames(5));
    }

    private static PairPotential model() {
        NequipConfig cfg = NequipConfig.defaults(List.of("H", "C", "O")).withRescale(null, new double[]{-1, -2, -3}, 1.1, 8).withDType(DType.F64);
        return new PairPotential(cfg, 5, Backends.cpu());
    }

    private static AtomicBatch batch(List<Structure> frames, PairPotential p) {
        return AtomicBatch.of(frames, p.config().rMax(), TypeMapper.ofTypeNames(p.config().chemicalSymbols()));
    }

    @ParameterizedTest(name = "per-atom energies {0}")
    @ValueSource(booleans = {true, false})
    void wholeBatchIsTheFormula(boolean perAtom) {
        PairPotential p = model();
        List<Structure> fs = frames();
        AtomicBatch b = batch(fs, p);
        Potential.Output o = p.predict(b, false);
        double got = Loss.of(o, b, b.numStructures(), b.numAtoms(), SIGMA, LE, LF, perAtom).value().item();
        double[] e = o.totalEnergy().value().toDoubleArray(), f = o.forces().value().toDoubleArray();
        double le = 0, lf = 0;
        for (int k = 0; k < fs.size(); k++) {
            double d = (e[k] - fs.get(k).energy()) / ((perAtom ? fs.get(k).numAtoms() : 1) * SIGMA);
            le += d * d / fs.size();
        }
        for (int i = 0; i < f.length; i++) {
            double d = (f[i] - b.forces()[i]) / SIGMA;
            lf += d * d / f.length;
        }
        assertEquals(LE * le + LF * lf, got, 1e-12 * Math.abs(got));
    }

    @Test
    void shardsAddUpToTheBatch() {
        PairPotential p = model();
        List<Structure> fs = frames();
        AtomicBatch whole = batch(fs, p);
        Var[] leaves = NamedWeight.trainableVars(p.trainable()).toArray(new Var[0]);
        Var l = Loss.of(p.predict(whole, true), whole, whole.numStructures(), whole.numAtoms(), SIGMA, LE, LF, true);
        Var[] g = Tape.grad(new Var[]{l}, leaves, null, false);

        double sum = 0;
        double[][] gs = new double[leaves.length][];
        for (List<Structure> shard : List.of(fs.subList(0, 2), fs.subList(2, 5))) {
            AtomicBatch b = batch(shard, p);
            Var ls = Loss.of(p.predict(b, true), b, whole.numStructures(), whole.numAtoms(), SIGMA, LE, LF, true);
            Var[] gi = Tape.grad(new Var[]{ls}, leaves, null, false);
            sum += ls.value().item();
            for (int i = 0; i < leaves.length; i++) {
                double[] v = gi[i].value().toDoubleArray();
                if (gs[i] == null) gs[i] = v;
                else for (int j = 0; j < v.length; j++) gs[i][j] += v[j];
            }
        }
        assertEquals(l.value().item(), sum, 1e-14 * l.value().item());
        for (int i = 0; i < leaves.length; i++) {
            double[] want = g[i].value().toDoubleArray();
            double scale = java.util.Arrays.stream(want).map(Math::abs).max().orElse(0);
            for (int j = 0; j < want.length; j++) assertEquals(want[j], gs[i][j], 1e-13 * scale, "gradient " + i + "[" + j + "]");
        }
    }
}
