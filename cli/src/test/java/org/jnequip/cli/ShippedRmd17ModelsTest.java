package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jnequip.interop.ModelSources;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.train.Models;
import org.jnequip.nequip.train.Rmd17;
import org.junit.jupiter.api.Test;

/**
 * The rMD17 models in models/rmd17/&lt;mol&gt;-n&lt;N&gt;/ evaluate to the numbers their results.json states, on the
 * validation frames shipped with them, in the dtype stated; the four the README reports exist; no shipped
 * validation frame comes from a test split.
 */
class ShippedRmd17ModelsTest {
    static final Path MODELS = CliTestSupport.repoRoot().resolve("models/rmd17");
    static final List<String> REQUIRED = List.of("ethanol-n50", "ethanol-n950", "aspirin-n50", "aspirin-n950");
    private static final Pattern MD17_INDEX = Pattern.compile("(?:^|\\s)md17_index=(\\d+)");

    @Test
    void theRequiredModelsAreShipped() {
        for (String name : REQUIRED)
            assertTrue(Files.isRegularFile(MODELS.resolve(name).resolve("results.json")), "models/rmd17/" + name + "/results.json is missing");
    }

    @Test
    void everyShippedModelEvaluatesToItsResults() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.isDirectory(MODELS) ? Files.list(MODELS) : Stream.empty()) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("results.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            Map<String, Object> res = Json.obj(Json.read(dir.resolve("results.json")));
            Path val = dir.resolve("validation.extxyz");
            String text = Files.readString(val);
            assertNull(Rmd17.testSplitReason(val, text), dir + ": validation frames from a test split");
            assertEquals((int) Json.num(res.get("n_val")), Rmd17.frames(val, text).size(), dir + ": validation frames");
            Path testFile = CliTestSupport.repoRoot().resolve("../shared/data/rmd17/rmd17_" + res.get("molecule") + "_test_01.extxyz");
            if (Files.isRegularFile(testFile)) {
                Set<String> test = indices(Files.readString(testFile));
                for (String i : indices(text)) assertFalse(test.contains(i), dir + ": md17_index " + i + " is in " + testFile);
            }
            assertEquals(res.get("dtype"), ModelSources.load(dir).origin().modelDtype(), dir + ": dtype");
            Map<String, Double> m = EvaluateCommand.evaluate(Models.nequip(), dir, val, null, null, 10, null, new PrintStream(OutputStream.nullOutputStream()));
            Map<String, Object> stated = Json.obj(res.get("validation"));
            for (String k : List.of("e_mae", "e_rmse", "f_mae", "f_rmse")) {
                double want = Json.num(stated.get(k));
                assertEquals(want, m.get(k), 1e-5 * Math.abs(want), dir + ": " + k);
            }
        }
    }

    private static Set<String> indices(String text) {
        Set<String> out = new HashSet<>();
        for (String line : text.split("\n")) {
            Matcher m = MD17_INDEX.matcher(line);
            if (m.find()) out.add(m.group(1));
        }
        return out;
    }
}
