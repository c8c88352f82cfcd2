package org.jnequip.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jnequip.interop.ModelSources;
import org.jnequip.interop.NequipExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnequip export MODEL -o RUN_DIR}: a model → a nequip 0.6.2 run directory (config.yaml + best_model.pth). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model as a nequip 0.6.2 training run directory.", "",
                "RUN_DIR gets config.yaml (every key nequip writes) and best_model.pth",
                "(torch.save of the full state dict), which nequip's tools load, e.g.",
                "`nequip-deploy build --train-dir RUN_DIR deployed.pth` for LAMMPS",
                "pair_nequip. RUN_DIR must not already hold a run."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "JNequIP model file or run directory (or a nequip model)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "RUN_DIR", description = "the nequip run directory to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelSources.Loaded m = ModelSources.load(model);
        NequipExport.write(m, out);
        System.out.println("export: " + m.origin().describe() + " -> " + out.resolve("config.yaml") + ", " + out.resolve("best_model.pth"));
        return 0;
    }
}
