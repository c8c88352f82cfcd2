package org.jnequip.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnequip info MODEL}: prints a model file's metadata, config and parameter count. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model file's metadata, config and parameter count.", "",
                "Metadata: species (type_names), r_max, units, model dtype, format and",
                "jnequip versions, best epoch and metric of the run that wrote it."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "model file (.safetensors) or a run directory")
    Path model;

    @Option(names = "--tensors", description = "list every stored tensor with its shape")
    boolean tensors;

    @Override
    public Integer call() throws Exception {
        Path file = EvaluateCommand.modelFile(model);
        ModelFile.Contents c = ModelFile.read(file);
        System.out.println("model file: " + file);
        c.metadata().forEach((k, v) -> {
            if (!k.equals("config") && !k.equals("train_config")) System.out.println(Fmt.f("  %-16s %s", k, v));
        });
        System.out.println("config:");
        ModelKeys.write(c.config()).forEach((k, v) -> System.out.println(Fmt.f("  %-26s %s", k, Json.write(v))));
        long n = 0;
        for (Tensor t : c.parameters().values()) n += t.numel();
        System.out.println(Fmt.f("tensors: %d, values: %d", c.parameters().size(), n));
        if (tensors)
            c.parameters().forEach((k, t) -> System.out.println(Fmt.f("  %-70s %s %s", k, t.dtype(), Arrays.toString(t.shape()))));
        return 0;
    }
}
