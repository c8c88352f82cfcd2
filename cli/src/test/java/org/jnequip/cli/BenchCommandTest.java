package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.jnequip.bench.SpeedHarness;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * {@code jnequip bench}: the last line is the JSON the issue specifies; on a device it also carries the kernel
 * launches and downloads of one energy+forces call and one training step. Timings are printed, never asserted.
 */
class BenchCommandTest {
    static final String[] TINY = {"--structure", CliTestSupport.ethanol().toString(), "--r-max", "3.0",
            "--layers", "1", "--features", "4", "--l-max", "1", "--warmup", "1", "--warmup-seconds", "0.2", "--calls", "1", "--train-batch", "1"};

    static Map<String, Object> lastJson(String out) {
        String[] lines = out.strip().split("\n");
        return Json.obj(Json.parse(lines[lines.length - 1]));
    }

    static String[] with(String... extra) {
        String[] a = new String[1 + TINY.length + extra.length];
        a[0] = "bench";
        System.arraycopy(TINY, 0, a, 1, TINY.length);
        System.arraycopy(extra, 0, a, 1 + TINY.length, extra.length);
        return a;
    }

    @Test
    void cpuJsonLine() {
        CliTestSupport.Run r = CliTestSupport.run(with());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = lastJson(r.out());
        for (String k : new String[]{"ef_median_s", "train_median_s", "edges", "atoms", "gflops"}) assertTrue(j.containsKey(k), k + " in " + j);
        assertEquals(9.0, Json.num(j.get("atoms")), "the first ethanol frame");
        assertFalse(j.containsKey("ef_launches"), "the CPU counts no launches: " + j);
    }

    /**
     * {@code --profile}: the op-kind and scope tables of energy+forces and of the training step; in each, the
     * printed rows add up to the total, and total + bookkeeping + GC pauses + unattributed to the wall (to the printed
     * rounding). The heap figures are in the JSON line.
     */
    @Test
    void profilePrintsTablesThatAddUpToTheWall() {
        CliTestSupport.Run r = CliTestSupport.run(with("--profile", "--profile-calls", "1"));
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("energy+forces: op profile") && out.contains("training step (batch 1): op profile"), out);
        assertTrue(out.contains("tp_contract_out") && out.contains("interaction 0") && out.contains("output head") && out.contains("optimiser"), out);
        int tables = 0;
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String head = lines[i].strip();
            if (!(head.startsWith("op kind ") || head.startsWith("scope "))) continue;
            tables++;
            double rows = 0, total = Double.NaN, book = Double.NaN, unattributed = Double.NaN, wall = Double.NaN;
            int n = 0;
            for (int k = i + 1; k < lines.length && Double.isNaN(wall); k++) {
                String l = lines[k];
                double ms = msColumn(l);
                if (l.startsWith("  total (ops)")) total = ms;
                else if (l.startsWith("  profiler bookkeeping")) book = ms;
                else if (l.startsWith("  GC pauses in ops")) book += ms;
                else if (l.startsWith("  unattributed")) unattributed = ms;
                else if (l.startsWith("  wall")) wall = ms;
                else { rows += ms; n++; }
            }
            assertTrue(n > 2, lines[i]);
            assertEquals(total, rows, 0.001 * n + 1e-9, "rows add up to the total: " + head);
            assertEquals(wall, total + book + unattributed, 0.0041, "total + bookkeeping + GC + unattributed = wall");
            assertTrue(unattributed >= 0, "unattributed " + unattributed);
        }
        assertEquals(4, tables, out);
        Map<String, Object> j = lastJson(out);
        for (String k : new String[]{"ef_peak_heap_mb", "ef_activations_mb", "ef_arena_mb", "train_peak_heap_mb", "train_activations_mb", "train_arena_mb"})
            assertTrue(j.containsKey(k), k + " in " + j);
        assertTrue(Json.num(j.get("ef_activations_mb")) > 0 && Json.num(j.get("train_activations_mb")) > Json.num(j.get("ef_activations_mb")), j.toString());
        // the arena serves every op result, the tape's activations among them
        assertTrue(Json.num(j.get("ef_arena_mb")) >= Json.num(j.get("ef_activations_mb")), j.toString());
    }

    /** {@code --profile-shapes}: op kinds keyed with their operand shapes (the radial MLP's first product here); only with --profile. */
    @Test
    void profileShapesKeysOpsByTheirOperandShapes() {
        CliTestSupport.Run r = CliTestSupport.run(with("--profile", "--profile-calls", "1", "--profile-shapes"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  matmul \\[\\d+,8\\]\\[8,\\d+\\]->\\[\\d+,\\d+\\] .*")), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("  matmul  ")), "no row of matmuls without shapes: " + r.out());
        CliTestSupport.Run bad = CliTestSupport.run(with("--profile-shapes"));
        assertTrue(bad.status() != 0 && bad.err().contains("--profile-shapes: only with --profile"), bad.err());
    }

    /** The ms column of a profile table line: fixed widths from the right (ms, %, GFLOP, GFLOP/s, MB moved, MB alloc). */
    private static double msColumn(String line) {
        int n = line.length();
        return Double.parseDouble(line.substring(n - 60, n - 49).strip());
    }

    @Test
    void openClReportsLaunchesAndOneDownloadPerEnergyForces() {
        DeviceTrainingTest.requireDevice("opencl", "float32");            // skips with the reason where OpenCL cannot run
        CliTestSupport.Run r = CliTestSupport.run(with("--device", "opencl"));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = lastJson(r.out());
        assertEquals("opencl", j.get("device"));
        assertTrue(Json.num(j.get("ef_launches")) > 10, j.toString());
        assertEquals(1.0, Json.num(j.get("ef_downloads")), "energy+forces waits for the device once, to read the forces: " + j);
        assertEquals(2.0, Json.num(j.get("ef_uploads")), "only the inputs (positions, cell shifts) are copied to the device per call; "
                + "constant tables and index arrays are cached there: " + j);
        assertTrue(Json.num(j.get("train_launches")) > Json.num(j.get("ef_launches")), j.toString());
    }

    @Test
    void openClGraphReplayIsOneGraphLaunchPerCall() {
        DeviceTrainingTest.requireDevice("opencl", "float32");
        CliTestSupport.Run r = CliTestSupport.run(with("--device", "opencl", "--graph"));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = lastJson(r.out());
        assertEquals(Boolean.TRUE, j.get("graph"), j.toString());
        assertTrue(r.out().contains("graph_launches=1"), "one graph launch per energy+forces call: " + r.out());
        assertEquals(1.0, Json.num(j.get("ef_downloads")), j.toString());
        assertEquals(2.0, Json.num(j.get("ef_uploads")), "a replay rewrites the inputs only: " + j);
    }

    /** {@code bench-tp}: one JSON line per (features, l_max) with the four forms' times and nominal rates. */
    @Test
    void benchTpPrintsOneJsonLinePerShape() {
        CliTestSupport.Run r = CliTestSupport.run("bench-tp", "--features", "4,8", "--l-max", "1", "--edges", "40", "--nodes", "6", "--warmup", "0", "--calls", "1");
        assertEquals(0, r.status(), r.err());
        long jsonLines = r.out().lines().filter(l -> l.startsWith("{")).count();
        assertEquals(2, jsonLines, r.out());
        Map<String, Object> j = lastJson(r.out());
        assertEquals(8.0, Json.num(j.get("mul")));
        for (String form : new String[]{"forward", "backward", "fused_forward", "fused_backward"})
            assertTrue(Json.num(j.get(form + "_gflops")) > 0 && Json.num(j.get(form + "_ms")) > 0, form + " in " + j);
        CliTestSupport.Run bad = CliTestSupport.run("bench-tp", "--l-max", "-1");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("--l-max: must be >= 0"), bad.err());
    }

    /** {@code bench-allreduce} without a launcher: a world of one; the fused buffer holds every parameter. */
    @Test
    void benchAllreduceCountsTheModelsParameters() {
        CliTestSupport.Run r = CliTestSupport.run("bench-allreduce", "--structure", CliTestSupport.ethanol().toString(), "--r-max", "3.0",
                "--layers", "1", "--features", "4", "--l-max", "1", "--warmup", "0", "--calls", "3", "--dtype", "float64");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = lastJson(r.out());
        assertEquals(1.0, Json.num(j.get("ranks")));
        assertEquals("float64", j.get("dtype"));
        NequipModel m = SpeedHarness.setup(new SpeedHarness.Options(CliTestSupport.ethanol(), 3.0, 1, 4, 1, true, DType.F64, 1, 0, 0, 0),
                new PrintStream(OutputStream.nullOutputStream())).model;
        java.util.List<org.jnequip.autograd.Var> params = org.jnequip.autograd.NamedWeight.trainableVars(m.weights());
        assertEquals(params.size(), Json.num(j.get("tensors")), 0.0);
        assertEquals(params.stream().mapToLong(v -> v.value().numel()).sum(), Json.num(j.get("values")), 0.0);
        for (String k : new String[]{"fused_mpi", "fused_ranks", "per_tensor", "pack_unpack"})
            assertTrue(Json.num(j.get(k + "_s")) >= Json.num(j.get(k + "_min_s")) && Json.num(j.get(k + "_min_s")) >= 0, k + " in " + j);
    }
}
