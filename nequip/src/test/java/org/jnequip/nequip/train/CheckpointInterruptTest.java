package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnequip.nequip.files.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint write that dies half way leaves the previous checkpoint intact and loadable, and no temporary file. */
class CheckpointInterruptTest {
    @Test
    void interruptedWriteKeepsPreviousCheckpoint(@TempDir Path tmp) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 30);
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), data);
        raw.put("max_epochs", 1);
        Trainer.Result r = new Trainer(TrainTestSupport.parse(raw, tmp), PairPotential::new, null).run(false);
        Path ckFile = r.dir().checkpoint();
        byte[] before = Files.readAllBytes(ckFile);
        Checkpoint old = Checkpoint.read(ckFile);

        // a newer checkpoint (another epoch's state) whose writer crashes after half of the temporary file
        Checkpoint newer = new Checkpoint(old.model(), old.trainConfig(), old.ema(), old.ema(), old.optimizer(),
                new TrainState(2, old.state().lr(), 0, 0, 99, 99, 1, 2, 0, 2, 1, Map.of()));
        byte[] bytes = newer.encode();
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(ckFile, out -> {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new IOException("killed mid-write (simulated)");
        }));
        assertTrue(e.getMessage().contains("simulated"));

        assertArrayEquals(before, Files.readAllBytes(ckFile), "checkpoint bytes changed");
        Checkpoint again = Checkpoint.read(ckFile);
        assertEquals(1, again.state().epoch());
        TrainerResumeTest.assertBitwiseEqual(old.weights(), again.weights(), "weights");
        try (Stream<Path> s = Files.list(r.dir().dir())) {
            List<String> tmpFiles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmpFiles);
        }
        // and the run resumes from it, clearing a temporary file that a killed process (no cleanup) left behind
        Path stale = r.dir().dir().resolve(".checkpoint.safetensors.12345.tmp");
        Files.write(stale, java.util.Arrays.copyOf(bytes, 100));
        raw.put("max_epochs", 2);
        Trainer.Result resumed = new Trainer(TrainTestSupport.parse(raw, tmp), PairPotential::new, null).run(true);
        assertEquals(2, resumed.lastEpoch());
        assertFalse(Files.exists(stale));
    }

    @Test
    void truncatedCheckpointIsReportedNotMisread(@TempDir Path tmp) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 30);
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), data);
        raw.put("max_epochs", 1);
        Trainer.Result r = new Trainer(TrainTestSupport.parse(raw, tmp), PairPotential::new, null).run(false);
        byte[] b = Files.readAllBytes(r.dir().checkpoint());
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    }
}
