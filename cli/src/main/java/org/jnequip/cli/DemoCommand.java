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
 * {@code jnequip demo}: trains the small demo model of {@code configs/demo-ethanol.yaml} on the bundled ethanol
 * data, then evaluates it on the frames it never saw and prints the errors (a few minutes on two cores).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the small demo model and evaluate it on held-out frames.", "",
                "Uses configs/demo-ethanol.yaml (bundled ethanol data). Writes",
                "results/demo-ethanol[-N]/ with the model, learning curve and a parity",
                "plot of the test frames; takes a few minutes on two cores."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--config", paramLabel = "YAML", description = "demo config (default: configs/demo-ethanol.yaml of the checkout)")
    Path config;

    @Option(names = "--max-epochs", description = "override max_epochs (e.g. 2 for a quick look)")
    Integer maxEpochs;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary")
    boolean quiet;

    /** configs/demo-ethanol.yaml in the working directory or in the checkout holding the running jar. */
    static Path findConfig() {
        Path rel = Path.of("configs", "demo-ethanol.yaml");
        if (Files.isRegularFile(rel)) return rel;
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = jar.getParent(); d != null; d = d.getParent())
                if (Files.isRegularFile(d.resolve(rel))) return d.resolve(rel);
        } catch (Exception ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("configs/demo-ethanol.yaml not found (run from the repository root or pass --config)");
    }

    @Override
    public Integer call() throws Exception {
        Path cfg = config != null ? config : findConfig();
        NequipYaml y = NequipYaml.read(cfg);
        String base = String.valueOf(y.values().getOrDefault("run_name", "demo-ethanol"));
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
