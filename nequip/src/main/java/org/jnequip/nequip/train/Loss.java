package org.jnequip.nequip.train;

import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;

/**
 * The training loss on normalised targets (nequip-spec §6), for one batch of B frames and N atoms:
 * <pre>
 *   L = λ_E · mean_b ((E_b − E_b^ref) / (N_b σ))²  +  λ_F · mean_{i,k} ((F_ik − F_ik^ref) / σ)²
 * </pre>
 * with σ the force-RMS scale; without per-atom normalisation the energy term drops the 1/N_b. Terms with a
 * zero weight are left out. For a shard of a batch (data-parallel training, {@link Replicas}) the sums run over
 * the shard's frames and atoms but are divided by the whole batch's B and 3N, so the shards' losses (and their
 * gradients) add up to the batch's.
 */
public final class Loss {
    private Loss() {}

    /** The loss of the frames of {@code b}, a shard of a batch of {@code batchFrames} frames and {@code batchAtoms} atoms (b itself when whole). */
    public static Var of(Potential.Output out, AtomicBatch b, int batchFrames, int batchAtoms, double sigma, double lambdaE, double lambdaF, boolean perAtom) {
        DType dt = out.totalEnergy().dtype();
        Backend be = out.totalEnergy().value().backend();     // the references go where the model ran (CPU or a device)
        int nb = b.numStructures(), n = b.numAtoms();
        Var loss = null;
        if (lambdaE > 0) {
            double[] inv = new double[nb];                                              // (B) 1/(N_b σ)
            for (int k = 0; k < nb; k++) inv[k] = 1.0 / ((perAtom ? b.numAtoms(k) : 1) * sigma);
            Var ref = Var.constant(be.fromHost(b.energy(), dt, nb));
            Var d = out.totalEnergy().sub(ref).mul(Var.constant(be.fromHost(inv, dt, nb)));  // (B)
            loss = d.square().sum().mul(1.0 / batchFrames).mul(lambdaE);          // Σ over the shard / B: the mean when whole
        }
        if (lambdaF > 0) {
            Var ref = Var.constant(be.fromHost(b.forces(), dt, n, 3));
            Var d = out.forces().sub(ref).mul(1.0 / sigma);                             // (N, 3)
            Var lf = d.square().sum().mul(1.0 / (3.0 * batchAtoms)).mul(lambdaF);
            loss = loss == null ? lf : loss.add(lf);
        }
        return loss;
    }
}
