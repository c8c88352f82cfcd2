package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnequip.nequip.TestDirs;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;

/** Shared helpers for trainer tests: the bundled ethanol data, small configs, directory listings. */
final class TrainTestSupport {
    private TrainTestSupport() {}

    static Path ethanol() {
        Path p = TestDirs.repoRoot().resolve("data/ethanol-gfn2xtb-500K/ethanol.extxyz");
        if (!Files.isRegularFile(p)) throw new IllegalStateException("bundled data missing: " + p);
        return p;
    }

    /** The first n frames of the bundled ethanol set written to dir/name. */
    static Path ethanolSubset(Path dir, String name, int n) {
        List<Structure> frames = ExtXyz.read(ethanol(), ExtXyz.Options.DEFAULT.withMaxFrames(n));
        Path p = dir.resolve(name);
        ExtXyz.write(p, frames);
        return p;
    }

    /** A small, fast config (float64, a few epochs) on the given data file. */
    static Map<String, Object> smallConfig(Path root, Path data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", root.toString());
        m.put("run_name", "run");
        m.put("seed", 7);
        m.put("dataset_file_name", data.toString());
        m.put("n_train", 12);
        m.put("n_val", 4);
        m.put("batch_size", 3);
        m.put("max_epochs", 4);
        m.put("r_max", 3.5);
        m.put("default_dtype", "float64");
        m.put("learning_rate", 0.01);
        return m;
    }

    static TrainConfig parse(Map<String, Object> raw, Path cwd) { return TrainConfig.from(raw, cwd, null); }

    static List<Path> listRecursive(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
