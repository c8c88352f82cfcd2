package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.NequipForceField;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ASE drives molecular dynamics through {@code jnequip serve}: ASE's SocketIOCalculator is the i-PI server
 * (scripts/ase_socket_test.py, 25 velocity-Verlet steps of ethanol), the served model is a NequIP model file,
 * and every energy and force ASE received equals a direct Java evaluation of the same model at the positions
 * ASE sent, to float rounding. Skipped, with the reason, when no Python with ASE is found.
 */
class ServeAseTest {
    @TempDir Path tmp;

    @Test
    void aseRunsMdAgainstJnequipServe() throws Exception {
        String python = findPythonWithAse();
        Assumptions.assumeTrue(python != null, "skipped: no python3 with ASE found (tried $JNEQUIP_PYTHON, python3, /usr/bin/python3); install python3-ase");
        Path root = Path.of(System.getProperty("jnequip.repoRoot", "..")).toAbsolutePath();
        Structure s = ExtXyz.read(root.resolve("data/ethanol-gfn2xtb-500K/ethanol.extxyz"), new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        Path xyz = tmp.resolve("ethanol.xyz"), json = tmp.resolve("out.json"), modelFile = tmp.resolve("model.safetensors");
        ExtXyz.write(xyz, List.of(new Structure(s.positions(), s.atomicNumbers(), null, new boolean[3], null, null, null, null)));
        NequipConfig cfg = new NequipConfig(List.of("H", "C", "O"), 3.5, 2, 1, true, 8, 6, true, 6, 1, 16,
                "silu", "tanh", "silu", "tanh", true, false, 4.0, null, new double[]{-13.6, -1030.0, -2040.0}, 0.1, DType.F64);
        NequipModel model = NequipModel.create(cfg, 5);
        ModelFile.write(modelFile, cfg, model.stateDict(), Map.of());
        String socket = "jnequip_serve_" + ProcessHandle.current().pid();
        Files.deleteIfExists(Path.of("/tmp/ipi_" + socket));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Process proc = new ProcessBuilder(python, root.resolve("scripts/ase_socket_test.py").toString(), "--socket", socket,
                "--structure", xyz.toString(), "--out", json.toString(), "--steps", "25", "--dt", "0.5", "--temperature", "300", "--seed", "3")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("python.log").toFile()).start();
        try {
            Future<Integer> serve = pool.submit(() -> Main.run("serve", "--model", modelFile.toString(), "--structure", xyz.toString(),
                    "--unix", socket, "--dtype", "float64"));
            boolean done = proc.waitFor(180, TimeUnit.SECONDS);
            String pyLog = Files.readString(tmp.resolve("python.log"));
            assertTrue(done && proc.exitValue() == 0, "ASE script failed:\n" + pyLog);
            assertEquals(0, serve.get(60, TimeUnit.SECONDS), "jnequip serve exit status");
        } finally {
            proc.destroyForcibly();
            pool.shutdownNow();
        }
        List<Object> records = Json.arr(Json.obj(Json.read(json)).get("records"));
        assertTrue(records.size() >= 21, "ASE made only " + records.size() + " evaluations");
        ForceField direct = new NequipForceField(model);
        double maxE = 0, maxF = 0;
        for (Object o : records) {
            Map<String, Object> r = Json.obj(o);
            double[] pos = flat(r.get("positions"));
            ForceField.Result ref = direct.compute(pos, s.atomicNumbers(), null, new boolean[3]);
            maxE = Math.max(maxE, Math.abs(Json.num(r.get("energy")) - ref.energy()));
            double[] f = flat(r.get("forces"));
            for (int k = 0; k < f.length; k++) maxF = Math.max(maxF, Math.abs(f[k] - ref.forces()[k]));
        }
        System.out.printf("ASE <-> jnequip serve: %d evaluations, max |dE| %.2e eV, max |dF| %.2e eV/Å%n", records.size(), maxE, maxF);
        assertTrue(maxE < 1e-9, "energy mismatch " + maxE);
        assertTrue(maxF < 1e-9, "force mismatch " + maxF);
    }

    static double[] flat(Object nested) {
        List<Double> out = new ArrayList<>();
        flatten(nested, out);
        double[] a = new double[out.size()];
        for (int k = 0; k < a.length; k++) a[k] = out.get(k);
        return a;
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) for (Object x : l) flatten(x, out);
        else out.add(((Number) o).doubleValue());
    }

    static String findPythonWithAse() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("JNEQUIP_PYTHON");
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import ase, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
            } catch (Exception ignored) {
                // try the next candidate
            }
        }
        return null;
    }
}
