package org.jnequip.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.FileErrors;
import org.jnequip.nequip.io.torch.TorchCheckpoint;
import org.jnequip.nequip.io.torch.TorchTensor;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipStateDict;
import org.jnequip.tensor.DType;

/**
 * A model → a nequip 0.6.2 run directory that nequip's own tools load ({@code nequip-deploy build --train-dir},
 * {@code nequip-evaluate --train-dir}):
 * <pre>
 *   config.yaml      every key nequip 0.6.2 writes: its defaults (resource nequip-0.6.2-config.yaml), then the
 *                    keys of the model's training config (all of them for a nequip-made model; for a JNequIP
 *                    model those nequip knows), then the model keys from the model itself (architecture, types,
 *                    avg_num_neighbors, rescaling in dataset units, dtypes, model_builders)
 *   best_model.pth   the complete state dict nequip builds for that config ({@link NequipStateDict}), written as
 *                    torch.save writes it ({@link TorchCheckpoint})
 * </pre>
 * train_idcs and val_idcs of a nequip config are not carried over (they index a data set, and nequip reads a
 * run's splits from trainer.pth, which an export has not got).
 */
public final class NequipExport {
    private NequipExport() {}

    static final String TEMPLATE = "nequip-0.6.2-config.yaml";

    /**
     * Writes {@code runDir/config.yaml} and {@code runDir/best_model.pth}; refuses a folder that already holds them.
     * The two files are one result: each is written atomically, and when the second cannot be written (a full
     * disk) the first is removed again, with the folder if this call created it, so a failed export leaves nothing.
     */
    public static void write(ModelSources.Loaded src, Path runDir) throws IOException {
        if (Files.exists(runDir) && !Files.isDirectory(runDir))
            throw new IllegalArgumentException(runDir + ": is a file, not a directory (export writes a nequip run directory)");
        for (String f : List.of("config.yaml", "best_model.pth"))
            if (Files.exists(runDir.resolve(f))) throw new IllegalArgumentException(runDir + " already holds " + f + "; export into a new folder");
        Map<String, Object> cfg = config(src, runDir);
        DType defaultDtype = DType.parse(String.valueOf(cfg.get("default_dtype")));
        boolean stress = ((List<?>) cfg.get("model_builders")).contains("StressForceOutput");
        var state = NequipStateDict.of(src.model(), new NequipStateDict.Wrapping(stress, true, defaultDtype));
        String yaml = NequipYaml.dump(cfg);
        boolean created = !Files.exists(runDir);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw FileErrors.cannot("create the directory", runDir, e);
        }
        Path config = runDir.resolve("config.yaml");
        try {
            AtomicFiles.writeString(config, yaml);
            TorchCheckpoint.write(runDir.resolve("best_model.pth"), state);
        } catch (IOException | RuntimeException e) {
            undo(config, created ? runDir : null);
            throw e;
        }
    }

    /** Removes what a failed export wrote; a failure to remove is not reported over the error that caused it. */
    private static void undo(Path written, Path createdDir) {
        try {
            Files.deleteIfExists(written);
            if (createdDir != null) Files.deleteIfExists(createdDir);      // only when empty
        } catch (IOException ignored) {
            // the export's own error names the file and the cause; a leftover is the lesser harm
        }
    }

    /** The config.yaml map for a model (see the class comment for the order of the layers). */
    static Map<String, Object> config(ModelSources.Loaded src, Path runDir) {
        NequipConfig c = src.model().config();
        ModelSources.Origin o = src.origin();
        boolean fromNequip = o.kind() != ModelSources.Kind.JNEQUIP;
        Map<String, Object> cfg = new LinkedHashMap<>(template().values());
        if (o.trainingConfig() != null)
            o.trainingConfig().forEach((k, v) -> {
                if ((fromNequip || cfg.containsKey(k)) && !(v instanceof TorchTensor) && !k.equals("train_idcs") && !k.equals("val_idcs")) cfg.put(k, v);
            });
        Object builders = fromNequip ? o.trainingConfig().get("model_builders") : null;
        String output = builders instanceof List<?> l && l.contains("ForceOutput") ? "ForceOutput" : "StressForceOutput";
        cfg.putAll(NequipConfigMapping.modelKeys(c, output));
        types(cfg, c.chemicalSymbols());
        cfg.put("dataset_AtomicData_options", new LinkedHashMap<>(Map.of("r_max", c.rMax())));
        String dd = fromNequip && o.defaultDtype() != null ? o.defaultDtype() : "float64";
        cfg.put("default_dtype", c.dtype() == DType.F64 ? "float64" : dd);
        if (!fromNequip) {
            if (!"cuda".equals(cfg.get("device"))) cfg.put("device", "cpu");
            if (cfg.get("run_name") == null) cfg.put("run_name", runDir.toAbsolutePath().getFileName().toString());
        }
        return cfg;
    }

    /** type_names, num_types, type_to_chemical_symbol, and chemical_symbols (types in atomic-number order) or chemical_symbol_to_type. */
    private static void types(Map<String, Object> cfg, List<String> elements) {
        cfg.put("type_names", new ArrayList<>(elements));
        cfg.put("num_types", elements.size());
        Map<Object, Object> toSymbol = new LinkedHashMap<>(), toType = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            toSymbol.put(i, elements.get(i));
            toType.put(elements.get(i), i);
        }
        cfg.put("type_to_chemical_symbol", toSymbol);
        List<String> byZ = new ArrayList<>(elements);
        byZ.sort(Comparator.comparingInt(Elements::atomicNumber));
        if (byZ.equals(elements)) {
            cfg.put("chemical_symbols", new ArrayList<>(elements));
            cfg.remove("chemical_symbol_to_type");
        } else {
            cfg.put("chemical_symbol_to_type", toType);
            cfg.remove("chemical_symbols");
        }
    }

    static NequipYaml template() {
        try (InputStream in = NequipExport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("resource " + TEMPLATE + " missing from the jar");
            return NequipYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), TEMPLATE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + TEMPLATE, e);
        }
    }

}
