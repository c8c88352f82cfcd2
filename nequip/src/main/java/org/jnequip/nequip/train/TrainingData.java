package org.jnequip.nequip.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.config.ConfigMap;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Overlaps;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.tensor.Rng;

/**
 * The frames of a run: the data set, the random train/validation split (seeded by dataset_seed), the test
 * frames (those of dataset_file_name in neither split) and the type mapping. Loading checks everything that
 * would otherwise fail mid-run: empty files, too few frames, species outside chemical_symbols, missing
 * energies or forces where the loss weights them, atoms on top of one another.
 *
 * @param trainIndex frames of {@code frames} used for training, in split order
 * @param valIndex   frames of {@code valFrames} used for validation
 * @param testIndex  frames of {@code frames} in neither split, ascending
 */
public record TrainingData(List<Structure> frames, List<Structure> valFrames, int[] trainIndex, int[] valIndex,
                           int[] testIndex, TypeMapper types) {

    public List<Structure> train() { return pick(frames, trainIndex); }

    public List<Structure> validation() { return pick(valFrames, valIndex); }

    static List<Structure> pick(List<Structure> all, int[] idx) {
        List<Structure> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(all.get(i));
        return out;
    }

    public static TrainingData load(TrainConfig c) {
        List<Structure> frames = DataFiles.read(c.datasetFile(), c.energyUnit());
        if (frames.isEmpty()) throw new ConfigException("dataset_file_name", c.datasetFile() + ": the data set is empty (no frames)");
        List<Structure> valFrames = frames;
        if (c.validationFile() != null) {
            valFrames = DataFiles.read(c.validationFile(), c.energyUnit());
            if (valFrames.isEmpty()) throw new ConfigException("validation_dataset_file_name", c.validationFile() + ": the data set is empty (no frames)");
        }
        Rng rng = new Rng(c.datasetSeed());
        int[] perm = rng.permutation(frames.size());
        int[] trainIdx, valIdx;
        if (c.validationFile() == null) {
            if ((long) c.nTrain() + c.nVal() > frames.size())
                throw new ConfigException("n_train", "n_train (" + c.nTrain() + ") + n_val (" + c.nVal() + ") = " + (c.nTrain() + c.nVal())
                        + " frames requested, but " + c.datasetFile() + " holds only " + frames.size());
            trainIdx = Arrays.copyOfRange(perm, 0, c.nTrain());
            valIdx = Arrays.copyOfRange(perm, c.nTrain(), c.nTrain() + c.nVal());
        } else {
            if (c.nTrain() > frames.size())
                throw new ConfigException("n_train", "n_train (" + c.nTrain() + ") frames requested, but " + c.datasetFile() + " holds only " + frames.size());
            if (c.nVal() > valFrames.size())
                throw new ConfigException("n_val", "n_val (" + c.nVal() + ") frames requested, but " + c.validationFile() + " holds only " + valFrames.size());
            trainIdx = Arrays.copyOfRange(perm, 0, c.nTrain());
            valIdx = Arrays.copyOfRange(rng.permutation(valFrames.size()), 0, c.nVal());
        }
        TypeMapper types = typeMapper(c, frames, valFrames);
        check(c, c.datasetFile().toString(), frames, trainIdx, types);
        check(c, String.valueOf(c.validationFile() == null ? c.datasetFile() : c.validationFile()), valFrames, valIdx, types);
        boolean[] used = new boolean[frames.size()];
        for (int i : trainIdx) used[i] = true;
        if (c.validationFile() == null) for (int i : valIdx) used[i] = true;
        int[] test = java.util.stream.IntStream.range(0, frames.size()).filter(i -> !used[i]).toArray();
        return new TrainingData(frames, valFrames, trainIdx, valIdx, test, types);
    }

    private static TypeMapper typeMapper(TrainConfig c, List<Structure> frames, List<Structure> valFrames) {
        if (c.chemicalSymbols() == null) {
            List<Structure> all = new ArrayList<>(frames);
            if (valFrames != frames) all.addAll(valFrames);
            return TypeMapper.fromStructures(all);
        }
        for (String s : c.chemicalSymbols())
            if (!Elements.isSymbol(s)) throw ConfigMap.bad("chemical_symbols", c.chemicalSymbols(), "a list of element symbols ('" + s + "' is not one)");
        return TypeMapper.ofChemicalSymbols(c.chemicalSymbols());
    }

    /** Species, energies and forces of the frames a split uses. */
    private static void check(TrainConfig c, String file, List<Structure> frames, int[] idx, TypeMapper types) {
        for (int k : idx) {
            Structure s = frames.get(k);
            for (int i = 0; i < s.numAtoms(); i++) {
                int z = s.atomicNumber(i);
                if (!types.typeNames().contains(Elements.symbol(z)))
                    throw new ConfigException("chemical_symbols", file + ": frame " + k + " contains species " + Elements.symbol(z)
                            + " (Z=" + z + "), which is not in chemical_symbols " + types.typeNames());
            }
            if (s.numAtoms() == 0) throw new ConfigException("dataset_file_name", file + ": frame " + k + " has no atoms");
            String overlap = Overlaps.inData(s);
            if (overlap != null) throw new ConfigException("dataset_file_name", file + ": frame " + k + ": " + overlap);
            if (c.forcesWeight() > 0 && s.forces() == null)
                throw new ConfigException("loss_coeffs", file + ": frame " + k + " has no forces, but the loss weights them (loss_coeffs.forces = "
                        + c.forcesWeight() + "); set loss_coeffs.forces to 0 to train on energies only");
            if (c.energyWeight() > 0 && s.energy() == null)
                throw new ConfigException("loss_coeffs", file + ": frame " + k + " has no energy, but the loss weights it (loss_coeffs.total_energy = "
                        + c.energyWeight() + "); set loss_coeffs.total_energy to 0 to train on forces only");
        }
    }
}
