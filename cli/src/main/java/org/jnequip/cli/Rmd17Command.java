package org.jnequip.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.train.Rmd17;
import org.jnequip.nequip.train.RunDirectory;
import org.jnequip.nequip.train.TrainConfig;
import org.jnequip.nequip.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jnequip rmd17 MOLECULE --n-train N}: the rMD17 protocol in one command. The config is
 * configs/rmd17/&lt;model&gt;.yaml plus the data keys and the wall-clock budget; training is {@code train}'s; the best
 * (EMA) model is then scored by {@code evaluate} on the validation frames (and on --test FILE). The output directory
 * is the run directory plus config.yaml, validation.extxyz, results.json and results.txt.
 */
@Command(name = "rmd17", mixinStandardHelpOptions = true,
        description = {"Train and score a model on one rMD17 molecule (DFT).", "",
                "Takes N training and n_val validation frames (seeded) from",
                "rmd17_<MOLECULE>_train_01.extxyz, trains configs/rmd17/<model>.yaml",
                "until the wall-clock budget is spent (the best EMA model is kept), then",
                "evaluates the best model on the validation frames (and on --test FILE).",
                "MOLECULE: aspirin azobenzene benzene ethanol malonaldehyde naphthalene",
                "paracetamol salicylic toluene uracil.", "",
                "Data: --data FILE, else $JNEQUIP_RMD17_DIR/rmd17_<mol>_train_01.extxyz,",
                "else ../shared/data/rmd17/ next to the checkout. A test split (a name",
                "with _test_, or frames with split=test_*) is refused for training.", "",
                "Writes OUT (default results/rmd17/<mol>-n<N>-<model>):",
                "  best_model.safetensors, checkpoint.safetensors, metrics.csv,",
                "  learning_curve.png, splits.json, config.json   (as train writes them)",
                "  config.yaml        the config it trained (jnequip train can rerun it)",
                "  validation.extxyz  the validation frames, copied from the data file",
                "  results.json       settings, epochs, wall time, hardware, validation",
                "                     (and test) metrics in eV and eV/Å",
                "  results.txt        the results line, also printed at the end"})
final class Rmd17Command implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "MOLECULE", description = "one of the ten rMD17 molecules")
    String molecule;

    @Option(names = "--n-train", required = true, paramLabel = "N", description = "training frames")
    int nTrain;

    @Option(names = "--n-val", defaultValue = "50", paramLabel = "N", description = "validation frames (default ${DEFAULT-VALUE})")
    int nVal;

    @Option(names = "--model", defaultValue = "small", paramLabel = "M",
            description = "small, paper (configs/rmd17/) or a config FILE.yaml (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--budget", defaultValue = "40m", paramLabel = "TIME", description = "wall-clock training budget: 90s, 40m, 2h (default ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--threads", paramLabel = "T", description = "compute threads (default: all the JVM may use)")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "dataset_seed: which frames train and validate (default: the config's)")
    Long seed;

    @Option(names = "--data", paramLabel = "FILE", description = "training file (default: rmd17_<mol>_train_01.extxyz, see above)")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default results/rmd17/<mol>-n<N>-<model>)")
    Path out;

    @Option(names = "--test", paramLabel = "FILE", description = "also evaluate the final model on this file (e.g. rmd17_<mol>_test_01.extxyz)")
    Path test;

    @Option(names = "--resume", description = "continue the run in OUT from its checkpoint")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Rmd17.MOLECULES.contains(molecule))
            return usage("unknown molecule '" + molecule + "'; one of " + String.join(", ", Rmd17.MOLECULES));
        if (nTrain < 1 || nVal < 1) return usage("--n-train and --n-val must be >= 1");
        if (threads != null && threads < 1) return usage("--threads must be >= 1");
        double budgetS = Rmd17.budgetSeconds(budget);
        Path checkout = DemoCommand.checkout();
        Path file = data != null ? data : Rmd17.defaultData(molecule, System.getenv(Rmd17.DIR_ENV), checkout);
        if (!Files.exists(file)) throw new IllegalArgumentException(Rmd17.missingData(file, molecule));
        String text = Rmd17.read(file);
        String refused = Rmd17.testSplitReason(file, text);
        if (refused != null) return usage(refused);
        List<String> frames = Rmd17.frames(file, text);
        if (nTrain + nVal > frames.size())
            throw new IllegalArgumentException(file + ": " + frames.size() + " frames, fewer than --n-train " + nTrain + " + --n-val " + nVal);

        Path base = model.endsWith(".yaml") || model.endsWith(".yml") ? Path.of(model) : checkout.resolve("configs/rmd17/" + model + ".yaml");
        if (!Files.isRegularFile(base))
            return usage("--model " + model + ": " + base + " not found (small, paper, or a config .yaml file)");
        String modelName = base.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path dir = (out != null ? out : Path.of("results", "rmd17", molecule + "-n" + nTrain + "-" + modelName)).toAbsolutePath().normalize();
        NequipYaml y = NequipYaml.read(base);
        Map<String, Object> over = new LinkedHashMap<>();
        over.put("dataset_file_name", file.toAbsolutePath().normalize().toString());
        over.put("n_train", nTrain);
        over.put("n_val", nVal);
        if (seed != null) over.put("dataset_seed", seed);
        over.put("root", dir.getParent().toString());
        over.put("run_name", dir.getFileName().toString());
        Map<String, Object> upper = new LinkedHashMap<>();
        if (y.values().get("early_stopping_upper_bounds") instanceof Map<?, ?> m) m.forEach((k, v) -> upper.put(String.valueOf(k), v));
        upper.put("cumulative_wall", budgetS);
        over.put("early_stopping_upper_bounds", upper);

        // the CPU backend sizes its pool from jnequip.threads when it first computes, which in a fresh jnequip process is after this
        if (threads != null) System.setProperty("jnequip.threads", String.valueOf(threads));
        int usedThreads = Math.max(1, Integer.getInteger("jnequip.threads", Runtime.getRuntime().availableProcessors()));
        System.out.println(Fmt.f("rmd17: %s, %d training + %d validation frames of %s, model %s, budget %s, into %s", molecule, nTrain, nVal, file,
                modelName, Rmd17.budgetText(budgetS), dir));
        long t0 = System.nanoTime();
        Trainer.Result r = TrainCommand.train(main.factory(), base, over, resume, quiet);
        double wall = (System.nanoTime() - t0) * 1e-9;
        if (!quiet) System.out.println(TrainCommand.summary(r));

        Map<String, Object> cfg = new LinkedHashMap<>(y.values());
        cfg.putAll(over);
        cfg.put("dataset_file_name", portable(dir, file));
        cfg.put("root", portable(Path.of("").toAbsolutePath(), dir.getParent()));
        AtomicFiles.writeString(dir.resolve("config.yaml"), "# written by: jnequip rmd17 " + molecule + " --n-train " + nTrain + " --n-val " + nVal
                + " --model " + model + " --budget " + budget + (seed != null ? " --seed " + seed : "") + (data != null ? " --data " + data : "") + "\n" + NequipYaml.dump(cfg));
        RunDirectory.Splits s = r.dir().readSplits();
        StringBuilder val = new StringBuilder();
        for (int i : s.validation()) val.append(frames.get(i));
        Path valFile = dir.resolve("validation.extxyz");
        AtomicFiles.writeString(valFile, val.toString());

        PrintStream table = quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.out;
        table.println();
        table.println("rmd17: the best model on the " + s.validation().length + " validation frames");
        Map<String, Double> vm = EvaluateCommand.evaluate(main.factory(), r.dir().bestModel(), valFile, null, null, 10, null, table);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("molecule", molecule);
        res.put("n_train", nTrain);
        res.put("n_val", nVal);
        res.put("model", modelName);
        res.put("data", file.getFileName().toString());
        res.put("dataset_seed", TrainConfig.from(cfg, dir, dir).datasetSeed());     // the seed the run used (dataset_seed, else seed)
        res.put("budget_s", budgetS);
        res.put("threads", usedThreads);
        res.put("epochs", r.lastEpoch());
        res.put("best_epoch", r.bestEpoch());
        res.put("wall_s", Math.round(wall * 10) / 10.0);
        res.put("dtype", String.valueOf(cfg.getOrDefault("default_dtype", "float32")));
        res.put("hardware", Rmd17.hardware());
        res.put("validation", Rmd17.scored(vm, null));
        if (test != null) {
            table.println();
            table.println("rmd17: the best model on " + test);
            res.put("test", Rmd17.scored(EvaluateCommand.evaluate(main.factory(), r.dir().bestModel(), test, null, null, 10, null, table),
                    test.getFileName().toString()));
        }
        AtomicFiles.writeString(dir.resolve("results.json"), Json.write(res) + "\n");
        String line = Rmd17.line(molecule, nTrain, s.validation().length, modelName, budgetS, r.lastEpoch(), r.bestEpoch(), vm);
        AtomicFiles.writeString(dir.resolve("results.txt"), line + "\n");
        System.out.println();
        System.out.println(line);
        return 0;
    }

    /** A usage error: one line, exit status 2. */
    private static int usage(String message) {
        System.err.println("error: " + message);
        return 2;
    }

    /**
     * {@code file} relative to {@code from} when both lie under the same top folder (e.g. /work/...: a checkout and
     * ../shared move together), else its absolute path.
     */
    private static String portable(Path from, Path file) {
        Path f = file.toAbsolutePath().normalize(), d = from.toAbsolutePath().normalize();
        boolean near = f.getNameCount() > 0 && d.getNameCount() > 0 && f.getRoot() != null && f.getRoot().equals(d.getRoot())
                && f.getName(0).equals(d.getName(0));
        return near ? d.relativize(f).toString() : f.toString();
    }
}
