package org.jnequip.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Models trained by nequip 0.6 reproduce the reference's own outputs: every model folder of the interop
 * directory (shared/interop, or $JNEQUIP_INTEROP_DIR), through its run directory and its deployed.pth, to the
 * tolerances of {@link ExpectedOutputs}.
 */
class NequipImportTest {

    @TestFactory
    Stream<DynamicTest> everyModelReproducesTheReference() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : InteropFixtures.models()) {
            ExpectedOutputs expected = ExpectedOutputs.read(dir.resolve("expected.json"));
            for (Path source : List.of(dir.resolve("run"), dir.resolve("deployed.pth"))) {
                if (!Files.exists(source)) continue;
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + source.getFileName(), () -> {
                    ModelSources.Loaded m = ModelSources.load(source);
                    assertEquals(expected.modelDtype(), m.origin().modelDtype());
                    double worst = expected.check(m.model(), source.toString());
                    System.out.printf("%s: %s; largest relative error %.2e over %d frames%n", source, m.origin().describe(), worst, expected.frames().size());
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void originOfTheAspirinFixture() throws Exception {
        Path a = InteropFixtures.aspirin();
        ModelSources.Loaded run = ModelSources.load(a.resolve("run"));
        ModelSources.Loaded dep = ModelSources.load(a.resolve("deployed.pth"));
        assertEquals(ModelSources.Kind.NEQUIP_RUN, run.origin().kind());
        assertEquals(ModelSources.Kind.NEQUIP_DEPLOYED, dep.origin().kind());
        for (ModelSources.Origin o : List.of(run.origin(), dep.origin())) {
            assertEquals("0.6.2", o.versions().get("nequip_version"));
            assertEquals("0.5.1", o.versions().get("e3nn_version"));
            assertEquals(List.of("H", "C", "O"), o.typeNames());
            assertEquals(4.0, o.rMax());
            assertEquals("float64", o.modelDtype());
        }
        assertEquals(run.origin().parameterCount(), dep.origin().parameterCount());
        assertTrue(run.origin().parameterCount() > 0);
        // a state dict beside its config.yaml loads as the run does
        ModelSources.Loaded last = ModelSources.load(a.resolve("run/last_model.pth"));
        assertEquals(ModelSources.Kind.NEQUIP_RUN, last.origin().kind());
    }
}
