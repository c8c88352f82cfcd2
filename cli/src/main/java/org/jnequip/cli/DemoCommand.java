package org.jnequip.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.train.RunDirectory;
import org.jnequip.nequip.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jnequip demo}: trains the small demo model of {@code configs/demo-rmd17-ethanol.yaml} on the bundled rMD17
 * ethanol frames (DFT), then evaluates it on the frames it never saw and prints the errors (about 80 s on two idle cores).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the small demo model and evaluate it on held-out frames.", "",
                "Uses configs/demo-rmd17-ethanol.yaml: 500 bundled frames of rMD17",
                "ethanol (PBE/def2-SVP, data/rmd17-ethanol). Writes",
                "results/demo-rmd17-ethanol[-N]/ with the model, learning curve and a",
                "parity plot of the test frames; about 80 s on two idle cores."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--config", paramLabel = "YAML", description = "demo config (default: configs/demo-rmd17-ethanol.yaml of the checkout)")
    Path config;

    @Option(names = "--max-epochs", description = "override max_epochs (e.g. 2 for a quick look)")
    Integer maxEpochs;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary")
    boolean quiet;

    /** configs/demo-rmd17-ethanol.yaml of the checkout. */
    static Path findConfig() { return checkout().resolve("configs/demo-rmd17-ethanol.yaml"); }

    /**
     * The checkout: the working directory when it holds configs/demo-rmd17-ethanol.yaml, else the first folder above
     * the running jar that does.
     */
    static Path checkout() {
        Path rel = Path.of("configs", "demo-rmd17-ethanol.yaml");
        if (Files.isRegularFile(rel)) return Path.of("").toAbsolutePath();
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = jar.getParent(); d != null; d = d.getParent())
                if (Files.isRegularFile(d.resolve(rel))) return d;
        } catch (Exception ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("configs/demo-rmd17-ethanol.yaml not found: run from the repository root (or pass --config to demo)");
    }

    @Override
    public Integer call() throws Exception {
        Path cfg = config != null ? config : findConfig();
        NequipYaml y = NequipYaml.read(cfg);
        String base = String.valueOf(y.values().getOrDefault("run_name", "demo-rmd17-ethanol"));
        Path root = Path.of(String.valueOf(y.values().getOrDefault("root", "results"))).toAbsolutePath();
        String name = base;
        for (int k = 2; Files.exists(root.resolve(name)); k++) name = base + "-" + k;
        Map<String, Object> over = new LinkedHashMap<>();
        over.put("run_name", name);
        over.put("root", root.toString());
        if (maxEpochs != null) over.put("max_epochs", maxEpochs);
        System.out.println("demo: training " + cfg + " into " + root.resolve(name));
        long t0 = System.nanoTime();
        Trainer.Result r = TrainCommand.train(main.factory(), cfg, over, false, quiet);
        double trainSecs = (System.nanoTime() - t0) * 1e-9;
        System.out.println(TrainCommand.summary(r));
        RunDirectory.Splits s = r.dir().readSplits();
        Path parity = r.dir().dir().resolve("parity_test.png");
        System.out.println();
        System.out.println("demo: evaluating the best model on the held-out test frames");
        EvaluateCommand.evaluate(main.factory(), r.dir().bestModel(), s.datasetFile(), r.dir().dir(), null, 10, parity, System.out);
        System.out.println(Fmt.f("demo: training took %s; learning curve %s", Fmt.duration(trainSecs), r.dir().learningCurve()));
        return 0;
    }
}
