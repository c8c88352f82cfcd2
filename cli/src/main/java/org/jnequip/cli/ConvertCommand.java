package org.jnequip.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jnequip.interop.ModelSources;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnequip convert IN -o model.safetensors}: any model JNequIP reads → a JNequIP model file. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model to a JNequIP model file (.safetensors).", "",
                "IN is a nequip run directory, a deployed nequip model or another JNequIP",
                "model. The file records where the model came from (converted_from,",
                "nequip/e3nn/torch versions), which `info` shows."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "nequip run directory, deployed nequip model (.pth), or JNequIP model")
    Path in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the JNequIP model file to write (.safetensors)")
    Path out;

    @Option(names = "--dtype", description = "store the weights in float32 or float64 (default: the model's)")
    String dtype;

    @Override
    public Integer call() throws Exception {
        ModelSources.Loaded m = ModelSources.load(in, dtype == null ? null : DType.parse(dtype));
        NequipModel model = m.model();
        Map<String, String> extra = new LinkedHashMap<>(m.origin().versions());
        extra.put("converted_from", m.origin().path().toAbsolutePath().normalize() + " (" + m.origin().kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        ModelFile.write(out, model.config(), model.stateDict(), extra);
        System.out.println("convert: " + m.origin().describe() + " -> " + out);
        return 0;
    }
}
