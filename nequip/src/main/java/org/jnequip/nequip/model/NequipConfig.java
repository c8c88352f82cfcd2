package org.jnequip.nequip.model;

import java.util.List;
import java.util.Map;
import org.jnequip.tensor.DType;

/**
 * Hyperparameters of a NequIP model, with nequip 0.6's key names in the Javadoc (nequip-spec §5); {@link ModelKeys}
 * reads and writes them. The irreps follow
 * SimpleIrrepsConfig: features F×(l, p) for p in (+1, −1 if parity) and l in 0..l_max, SH 0..l_max with p = −1
 * when parity, chemical embedding F×0e, output hidden max(1, F/2)×0e.
 *
 * @param chemicalSymbols   type names in type-index order (nequip TypeMapper: sorted by atomic number); per-species arrays follow this order
 * @param rMax              r_max (Å)
 * @param numLayers         num_layers
 * @param lMax              l_max
 * @param parity            parity
 * @param numFeatures       num_features
 * @param numBasis          num_basis (Bessel functions)
 * @param besselTrainable   BesselBasis_trainable
 * @param polynomialCutoffP PolynomialCutoff_p
 * @param invariantLayers   invariant_layers (hidden layers of the radial MLP)
 * @param invariantNeurons  invariant_neurons
 * @param scalarsEven       nonlinearity_scalars.e (also the radial-MLP activation)
 * @param scalarsOdd        nonlinearity_scalars.o
 * @param gatesEven         nonlinearity_gates.e
 * @param gatesOdd          nonlinearity_gates.o
 * @param useSc             use_sc (self-connection)
 * @param resnet            resnet
 * @param avgNumNeighbors   avg_num_neighbors; NaN means no normalisation
 * @param perSpeciesScales  per_species_rescale scales (model units, i.e. already divided by globalScale), or null = 1
 * @param perSpeciesShifts  per_species_rescale shifts (model units), or null = 0
 * @param globalScale       global_rescale_scale (the RescaleOutput scale_by); 1 = none
 * @param dtype             model dtype (float32 by default for speed, float64 on request)
 */
public record NequipConfig(
        List<String> chemicalSymbols, double rMax, int numLayers, int lMax, boolean parity, int numFeatures,
        int numBasis, boolean besselTrainable, double polynomialCutoffP, int invariantLayers, int invariantNeurons,
        String scalarsEven, String scalarsOdd, String gatesEven, String gatesOdd, boolean useSc, boolean resnet,
        double avgNumNeighbors, double[] perSpeciesScales, double[] perSpeciesShifts, double globalScale, DType dtype) {

    public NequipConfig {
        chemicalSymbols = List.copyOf(chemicalSymbols);
        if (chemicalSymbols.isEmpty()) throw new IllegalArgumentException("chemical_symbols: at least one species is needed");
        if (!(rMax > 0)) throw new IllegalArgumentException("r_max: must be > 0, got " + rMax);
        if (numLayers < 1) throw new IllegalArgumentException("num_layers: must be >= 1, got " + numLayers);
        if (lMax < 0) throw new IllegalArgumentException("l_max: must be >= 0, got " + lMax);
        if (numFeatures < 1) throw new IllegalArgumentException("num_features: must be >= 1, got " + numFeatures);
        if (numBasis < 1) throw new IllegalArgumentException("num_basis: must be >= 1, got " + numBasis);
        if (!(polynomialCutoffP > 0)) throw new IllegalArgumentException("PolynomialCutoff_p: must be > 0, got " + polynomialCutoffP);
        if (invariantLayers < 0) throw new IllegalArgumentException("invariant_layers: must be >= 0, got " + invariantLayers);
        if (invariantNeurons < 1) throw new IllegalArgumentException("invariant_neurons: must be >= 1, got " + invariantNeurons);
        if (perSpeciesScales != null && perSpeciesScales.length != chemicalSymbols.size())
            throw new IllegalArgumentException("per_species_rescale_scales: " + perSpeciesScales.length + " values for " + chemicalSymbols.size() + " species");
        if (perSpeciesShifts != null && perSpeciesShifts.length != chemicalSymbols.size())
            throw new IllegalArgumentException("per_species_rescale_shifts: " + perSpeciesShifts.length + " values for " + chemicalSymbols.size() + " species");
        if (dtype == null) dtype = DType.F32;
    }

    /**
     * nequip 0.6.2 example.yaml defaults ({@link ModelKeys}) for the given species (r_max 4, 4 layers, l_max 2,
     * 32 features, ...), without avg_num_neighbors normalisation.
     */
    public static NequipConfig defaults(List<String> chemicalSymbols) {
        return ModelKeys.read(Map.of("chemical_symbols", List.copyOf(chemicalSymbols)), ModelKeys.Source.NEQUIP)
                .with(ModelKeys.AVG_NUM_NEIGHBORS, Double.NaN).toConfig();
    }

    public int numTypes() { return chemicalSymbols.size(); }

    public NequipConfig withDType(DType dt) {
        return new NequipConfig(chemicalSymbols, rMax, numLayers, lMax, parity, numFeatures, numBasis, besselTrainable,
                polynomialCutoffP, invariantLayers, invariantNeurons, scalarsEven, scalarsOdd, gatesEven, gatesOdd, useSc,
                resnet, avgNumNeighbors, perSpeciesScales, perSpeciesShifts, globalScale, dt);
    }

    public NequipConfig withRescale(double[] scales, double[] shifts, double global, double avgNeighbors) {
        return new NequipConfig(chemicalSymbols, rMax, numLayers, lMax, parity, numFeatures, numBasis, besselTrainable,
                polynomialCutoffP, invariantLayers, invariantNeurons, scalarsEven, scalarsOdd, gatesEven, gatesOdd, useSc,
                resnet, avgNeighbors, scales, shifts, global, dtype);
    }
}
