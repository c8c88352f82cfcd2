package org.jnequip.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jnequip.interop.ModelSources;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnequip info MODEL}: where a model came from, its metadata, config and parameter count. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model's origin, metadata, config and parameter count.", "",
                "MODEL is a JNequIP model file or run directory, a nequip run directory",
                "(config.yaml + best_model.pth) or a deployed nequip model (.pth).",
                "Origin: the writer and its versions (nequip, e3nn, torch), model dtype,",
                "species in type order, r_max, parameter count. JNequIP files also list",
                "their metadata (format and jnequip versions, best epoch and metric)."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "model file, run directory, or deployed nequip model")
    Path model;

    @Option(names = "--tensors", description = "list every stored tensor with its shape")
    boolean tensors;

    @Override
    public Integer call() throws Exception {
        ModelSources.Loaded m = ModelSources.load(model);
        ModelSources.Origin o = m.origin();
        System.out.println("model: " + o.path());
        System.out.println("origin: " + o.describe());
        o.versions().forEach((k, v) -> System.out.println(Fmt.f("  %-16s %s", k, v)));
        if (o.defaultDtype() != null) System.out.println(Fmt.f("  %-16s %s", "default_dtype", o.defaultDtype()));
        if (o.kind() == ModelSources.Kind.JNEQUIP)
            ModelFile.read(o.path()).metadata().forEach((k, v) -> {
                if (!k.equals("config") && !k.equals("train_config") && !o.versions().containsKey(k)) System.out.println(Fmt.f("  %-16s %s", k, v));
            });
        System.out.println("config:");
        ModelKeys.write(m.model().config()).forEach((k, v) -> System.out.println(Fmt.f("  %-26s %s", k, Json.write(v))));
        long n = 0;
        for (Tensor t : m.model().stateDict().values()) n += t.numel();
        System.out.println(Fmt.f("tensors: %d, values: %d, parameters: %d", m.model().stateDict().size(), n, o.parameterCount()));
        if (tensors)
            m.model().stateDict().forEach((k, t) -> System.out.println(Fmt.f("  %-70s %s %s", k, t.dtype(), Arrays.toString(t.shape()))));
        return 0;
    }
}
