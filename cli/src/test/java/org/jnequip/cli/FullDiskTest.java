package org.jnequip.cli;

import static org.jnequip.cli.CliProcess.*;
import static org.jnequip.cli.Hostile.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up, without root: a child JVM under a file-size limit (ulimit -f), where a write past the limit
 * fails with EFBIG ("File too large") as a full disk fails with ENOSPC. Each failure must name the file and the
 * cause when it happens, and leave every file already written whole and no temporary file behind: train, md,
 * convert and export.
 */
class FullDiskTest {
    @TempDir Path tmp;

    /** A run whose files are small: model ~3 KB, checkpoint ~10 KB; the learning curve PNG is ~20 KB. */
    private Path miniConfig(String run) throws Exception {
        Path cfg = tinyConfig(tmp, run + ".yaml", write(tmp, "e.extxyz", ethanolFrames(40)), run, 2, 10);
        return Files.writeString(cfg, Files.readString(cfg).replace("num_features: 4", "num_features: 2").replace("num_basis: 4", "num_basis: 2")
                .replace("invariant_neurons: 8", "invariant_neurons: 4"));
    }

    /** Runs {@code jnequip args} under a {@code kib} KiB file-size limit; checks the exit status and that stderr has no stack trace. */
    private String runLimited(long kib, int status, String... args) throws Exception {
        Process p = startLimited(tmp, kib, args);
        assertEquals(status, waitFor(p, 120), read(tmp.resolve("err.txt")));
        String err = read(tmp.resolve("err.txt"));
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        return err;
    }

    /**
     * The second checkpoint does not fit (the first, before any optimiser step, is smaller): train stops at once
     * naming it, the first checkpoint is whole, and --resume continues from it.
     */
    @Test
    void trainStopsNamingTheFileAndResumes() throws Exception {
        Path cfg = miniConfig("run"), run = tmp.resolve("results/run");
        String err = runLimited(6, 1, "train", cfg.toString());
        assertTrue(err.contains("error: " + run.resolve("checkpoint.safetensors") + ": cannot write: File too large"), err);
        assertEquals(0, Checkpoint.read(run.resolve("checkpoint.safetensors")).state().epoch());
        ModelFile.read(run.resolve("best_model.safetensors"));
        Hostile.nothingWritten(run);                                              // no temporary file

        CliTestSupport.Run r = CliTestSupport.run("train", cfg.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resuming " + run + " after epoch 0") && r.out().contains("epoch    2 |"), r.out());
    }

    /**
     * The learning curve does not fit but everything else does: training goes on with a warning that names the PNG
     * and the cause (it was an ImageIO NullPointerException in a background thread on a full disk).
     */
    @Test
    void aPlotThatCannotBeWrittenIsAWarningNamingIt() throws Exception {
        Path cfg = miniConfig("plot"), run = tmp.resolve("results/plot");
        String err = runLimited(14, 0, "train", cfg.toString());
        assertTrue(err.contains("warning: " + run.resolve("learning_curve.png") + ": cannot write: File too large"), err);
        Path png = run.resolve("learning_curve.png");
        if (Files.exists(png)) assertNotNull(ImageIO.read(png.toFile()), "a torn PNG");
        ModelFile.read(run.resolve("best_model.safetensors"));
        Hostile.nothingWritten(run);
    }

    /**
     * convert's model file (250 KB) does not fit: the error names it and the cause, and a model file already at that
     * path is left as it was (the new one goes to a temporary file, which is removed).
     */
    @Test
    void convertNamesTheFileAndKeepsTheOldOne() throws Exception {
        Path out = tmp.resolve("m.safetensors");
        Files.copy(CliTestSupport.repoRoot().resolve("models/water-small.safetensors"), out);
        byte[] before = Files.readAllBytes(out);
        String err = runLimited(100, 1, "convert", demoModel().toString(), "-o", out.toString());
        assertTrue(err.contains("error: " + out + ": cannot write: File too large"), err);
        assertArrayEquals(before, Files.readAllBytes(out));
        Hostile.nothingWritten(tmp);
    }

    /**
     * export's best_model.pth (300 KB) does not fit after config.yaml (3 KB) did: the error names best_model.pth and
     * the cause, and no half of a run directory is left (it would make the next export refuse the folder).
     */
    @Test
    void exportLeavesNoHalfRunDirectory() throws Exception {
        Path run = tmp.resolve("exported");
        String err = runLimited(64, 1, "export", demoModel().toString(), "-o", run.toString());
        assertTrue(err.contains("error: " + run.resolve("best_model.pth") + ": cannot write: File too large"), err);
        assertFalse(Files.exists(run), "a partial run directory was left");
        Hostile.nothingWritten(tmp);

        CliTestSupport.Run r = CliTestSupport.run("export", demoModel().toString(), "-o", run.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(run.resolve("best_model.pth")) > 64 * 1024 && Files.size(run.resolve("config.yaml")) > 0);
    }

    /** The trajectory hits the limit: md stops at once, and the trajectory holds whole frames only. */
    @Test
    void mdStopsAtOnceWithWholeFrames() throws Exception {
        Path out = tmp.resolve("md"), traj = out.resolve("trajectory.xyz");
        String err = runLimited(40, 1, "md", "--model", demoModel().toString(), "--structure", write(tmp, "one.extxyz", ethanolFrames(1)).toString(),
                "--steps", "100000", "--thermo-every", "1", "--traj-every", "1", "--out", out.toString());
        Matcher m = Pattern.compile("error: " + Pattern.quote(traj.toString()) + ": cannot write: File too large; it holds the first (\\d+) frames, each complete")
                .matcher(err);
        assertTrue(m.find(), err);
        int frames = Integer.parseInt(m.group(1));
        assertTrue(frames > 5 && Files.size(traj) <= 40 * 1024, frames + " frames, " + Files.size(traj) + " bytes");
        assertEquals(frames, ExtXyz.read(traj).size());
        List<String> thermo = Files.readAllLines(out.resolve("thermo.csv"));
        for (String l : thermo) assertEquals(7, l.split(",").length, l);
        assertTrue(thermo.size() - 1 >= frames, "thermo lines " + (thermo.size() - 1) + " for " + frames + " frames");
    }
}
