package org.jnequip.cli;

import static org.jnequip.cli.CliProcess.*;
import static org.jnequip.cli.Hostile.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.train.Checkpoint;
import org.jnequip.nequip.train.MetricsLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT (Ctrl-C) and SIGTERM to a running md and train, in a child JVM. md must stop after the step in progress
 * with thermo.csv and the trajectory whole up to it and say where it stopped; train must leave a readable
 * checkpoint, say how to continue, and continue with --resume. A JVM started with SIGINT ignored (a background
 * job of a non-interactive shell) cannot see Ctrl-C; that case is skipped with the reason.
 */
class InterruptTest {
    @TempDir Path tmp;

    private Process startOrSkip(String signal, String... args) throws Exception {
        Process p = start(tmp, args);
        if (signal.equals("INT") && ignores(p, 2)) {
            p.destroyForcibly().waitFor();
            Assumptions.abort("this test JVM's children start with SIGINT ignored (a background job?), so Ctrl-C cannot reach them");
        }
        return p;
    }

    @ParameterizedTest(name = "md, SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void mdStopsAfterTheStepWithWholeFiles(String signal, int status) throws Exception {
        Path out = tmp.resolve("run"), thermo = out.resolve("thermo.csv"), traj = out.resolve("trajectory.xyz");
        Process p = startOrSkip(signal, "md", "--model", demoModel().toString(), "--structure", write(tmp, "one.extxyz", ethanolFrames(1)).toString(),
                "--steps", "1000000", "--thermo-every", "1", "--traj-every", "2", "--out", out.toString());
        assertTrue(await(p, 120, () -> lines(thermo) >= 6), "md did not get going: " + read(tmp.resolve("err.txt")));
        signal(p, signal);
        assertEquals(status, waitFor(p, 60), read(tmp.resolve("err.txt")));
        String err = read(tmp.resolve("err.txt"));
        Matcher m = Pattern.compile("md: interrupted after step (\\d+) of 1000000; " + Pattern.quote(thermo.toString()) + " holds steps 0–(\\d+) \\((\\d+) lines\\) and "
                + Pattern.quote(traj.toString()) + " holds steps 0–(\\d+) \\((\\d+) frames\\), each complete").matcher(err);
        assertTrue(m.find(), err);
        long k = Long.parseLong(m.group(1));
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(k + 2, rows.size(), "header and steps 0.." + k);
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            assertEquals(7, f.length, rows.get(i));
            assertEquals(i - 1, Long.parseLong(f[0]));
        }
        assertTrue(Files.readString(thermo).endsWith("\n"));
        List<Structure> frames = ExtXyz.read(traj);                       // every frame whole, or this throws
        assertEquals(k / 2 + 1, frames.size());
        assertEquals(Long.parseLong(m.group(4)), frames.get(frames.size() - 1).info().get("step"));
    }

    @ParameterizedTest(name = "train, SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void trainLeavesACheckpointAndResumes(String signal, int status) throws Exception {
        Path data = write(tmp, "e.extxyz", ethanolFrames(40));
        Path cfg = tinyConfig(tmp, "c.yaml", data, "run", 100000, 10), run = tmp.resolve("results/run");
        Process p = startOrSkip(signal, "train", cfg.toString());
        assertTrue(await(p, 120, () -> lines(run.resolve("metrics.csv")) >= 3), "training did not get going: " + read(tmp.resolve("err.txt")));
        signal(p, signal);
        assertEquals(status, waitFor(p, 60), read(tmp.resolve("err.txt")));
        String err = read(tmp.resolve("err.txt"));
        Matcher m = Pattern.compile("train: interrupted; " + Pattern.quote(run.toString()) + " holds every finished epoch \\(the last: (\\d+)\\); "
                + "continue with: jnequip train " + Pattern.quote(cfg.toString()) + " --resume").matcher(err);
        assertTrue(m.find(), err);
        int last = Integer.parseInt(m.group(1));
        int saved = Checkpoint.read(run.resolve("checkpoint.safetensors")).state().epoch();
        assertTrue(saved >= last, "checkpoint epoch " + saved + " < reported " + last);

        Files.writeString(cfg, Files.readString(cfg).replace("max_epochs: 100000", "max_epochs: " + (saved + 2)));
        CliTestSupport.Run r = CliTestSupport.run("train", cfg.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resuming " + run + " after epoch " + saved), r.out());
        List<Double> epochs = MetricsLog.read(run.resolve("metrics.csv")).stream().map(row -> row.get("epoch")).toList();
        for (int e = 0; e < epochs.size(); e++) assertEquals(e, epochs.get(e), 0.0, "epochs in metrics.csv: " + epochs);
        assertEquals(saved + 2, epochs.get(epochs.size() - 1), 0.0);
    }
}
