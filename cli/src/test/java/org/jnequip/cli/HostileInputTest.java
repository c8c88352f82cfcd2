package org.jnequip.cli;

import static org.jnequip.cli.Hostile.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile data files and paths, through the command line: each one exits 1 with one line that names the file and
 * the frame, line or field, and leaves no output file behind (here the --json and --plot of evaluate).
 */
class HostileInputTest {
    @TempDir Path tmp;

    /** evaluate DATA --json --plot must fail and write neither output. */
    private String evaluateFails(Path data) throws Exception {
        String m = fails("evaluate", "--model", demoModel().toString(), "--data", data.toString(),
                "--json", tmp.resolve("m.json").toString(), "--plot", tmp.resolve("p.png").toString());
        nothingWritten(tmp, "m.json", "p.png");
        return m;
    }

    @Test
    void coincidentAtomsAreNamedNotScoredAsNaN() throws Exception {
        String[] lines = ethanolFrames(2).split("\n");
        lines[14] = "C" + lines[13].substring(1);        // frame 1: atom 1 (C) pasted onto atom 0 (C)
        Path p = write(tmp, "twice.extxyz", String.join("\n", lines) + "\n");
        says(evaluateFails(p), p + ": frame 1: atoms 0 (C) and 1 (C) are 0.0000 Å apart");
    }

    @Test
    void nanWeightIsNamed() throws Exception {
        ModelFile.Contents c = ModelFile.read(demoModel());
        String name = c.parameters().keySet().iterator().next();
        double[] w = c.parameters().get(name).toDoubleArray();
        w[0] = Double.NaN;
        c.parameters().put(name, Tensor.of(w, c.parameters().get(name).shape()).to(c.parameters().get(name).dtype()));
        Path model = tmp.resolve("nan.safetensors");
        ModelFile.write(model, c.config(), c.parameters(), c.metadata());
        String m = fails("evaluate", "--model", model.toString(), "--data", write(tmp, "one.extxyz", ethanolFrames(1)).toString(),
                "--json", tmp.resolve("m.json").toString());
        assertEquals(model + ": weight '" + name + "' holds NaN at flat index 0 (a damaged or diverged model)", m);
        nothingWritten(tmp, "m.json");
    }

    @Test
    void atomCountsThatLie() throws Exception {
        String frame = ethanolFrames(1), body = frame.substring(frame.indexOf('\n') + 1);
        Path huge = write(tmp, "huge.extxyz", "999999999\n" + body);
        says(evaluateFails(huge), huge + ": frame 0, line 1, field 'atom count': atom count 999999999 is more than a frame can hold");
        Path big = write(tmp, "big.extxyz", "99999999\n" + body);
        says(evaluateFails(big), big + ": frame 0, line 11, field 'atoms': expected 99999999 atom lines (the atom count on line 1), but the file ended after 9");
        Path few = write(tmp, "few.extxyz", "3\n" + body + frame);
        says(evaluateFails(few), few + ": frame 0, line 1, field 'atom count': the atom count on line 1 says 3 atoms, but line 6 is one more atom line");
        Path many = write(tmp, "many.extxyz", "12\n" + body + frame);
        says(evaluateFails(many), many + ": frame 0, line 1, field 'atom count': the atom count on line 1 says 12 atoms, but line 12 ('9') looks like "
                + "the next frame's atom count after 9 atom lines");
    }

    @Test
    void commentLinesThatContradictThemselves() throws Exception {
        String frame = ethanolFrames(1);
        Path dup = write(tmp, "dup.extxyz", frame.replace("energy=", "energy=1.0 energy="));
        says(evaluateFails(dup), dup + ": frame 0, line 2, field 'energy': key 'energy' is given twice in the comment line");
        Path flat = write(tmp, "flat.extxyz", frame.replace("pbc=\"F F F\"", "Lattice=\"1 0 0 2 0 0 0 0 1\" pbc=\"T T T\""));
        says(evaluateFails(flat), flat + ": frame 0, line 2, field 'Lattice': the cell is singular (volume 0.0 Å³)");
    }

    @Test
    void corruptedNpzIsAnErrorNotData() throws Exception {
        byte[] r = npy("<f8", "(1, 2, 3)", 6), z = npy("<i8", "(2,)", 2);
        ByteBuffer.wrap(z, z.length - 16, 16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(1);
        Path p = tmp.resolve("h2.npz");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(p))) {
            out.setMethod(ZipOutputStream.STORED);
            for (var e : new Object[][]{{"R.npy", r}, {"z.npy", z}}) {
                byte[] b = (byte[]) e[1];
                CRC32 crc = new CRC32();
                crc.update(b);
                ZipEntry ze = new ZipEntry((String) e[0]);
                ze.setSize(b.length);
                ze.setCrc(crc.getValue());
                out.putNextEntry(ze);
                out.write(b);
                out.closeEntry();
            }
        }
        byte[] archive = Files.readAllBytes(p);
        int at = java.util.Collections.indexOfSubList(java.util.Arrays.asList(box(archive)), java.util.Arrays.asList(box(r)));
        assertTrue(at > 0);
        archive[at + r.length - 1] ^= 0x40;                   // the last byte of R's data changes; its CRC-32 in the archive does not
        Files.write(p, archive);
        says(evaluateFails(p), p + ": field 'R': CRC-32 of the entry is", "the archive is damaged");
    }

    private static Byte[] box(byte[] b) {
        Byte[] o = new Byte[b.length];
        for (int i = 0; i < b.length; i++) o[i] = b[i];
        return o;
    }

    /** A minimal .npy (version 1.0) of {@code count} zero elements. */
    private static byte[] npy(String descr, String shape, int count) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        String header = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        return b.put(header.getBytes(StandardCharsets.US_ASCII)).array();
    }

    @Test
    void pathsThatAreNotTheFilesAsked() throws Exception {
        Path data = write(tmp, "one.extxyz", ethanolFrames(1));
        says(fails("evaluate", "--model", demoModel().toString(), "--data", tmp.toString()), tmp + ": is a directory, not a file (data file expected)");
        if (Files.exists(Path.of("/dev/zero")))   // endless: reading it would never end
            says(fails("evaluate", "--model", demoModel().toString(), "--data", "/dev/zero"), "/dev/zero: is not a regular file but a device");
        says(fails("evaluate", "--model", tmp.toString(), "--data", data.toString()), tmp + ": neither a JNequIP run (best_model.safetensors) nor a nequip run directory");
        says(fails("info", "/dev/zero"), "/dev/zero: is not a regular file but a device");
        Path bin = Files.write(tmp.resolve("bin.yaml"), new byte[]{'r', 'o', 'o', 't', ':', ' ', (byte) 0xfe, '\n'});
        says(fails("train", bin.toString()), bin + ": not a text file (byte 6 is not UTF-8)");
        says(fails("train", tmp.toString()), tmp + ": is a directory, not a file (config file expected)");
        if (Files.exists(Path.of("/dev/zero")))
            says(fails("train", tinyConfig(tmp, "z.yaml", Path.of("/dev/zero"), "z", 1, 10).toString()),
                    "z.yaml:4: key 'dataset_file_name': /dev/zero: is not a regular file but a device");
        says(fails("analyze", "rdf", tmp.resolve("none.xyz").toString()), tmp.resolve("none.xyz") + ": extxyz file not found");
        says(fails("analyze", "rdf", data.toString(), "--skip", "-3"), "--skip: must be >= 0, got -3");
    }

    /** convert, export and info on model paths that are no model: one line naming the path, nothing written. */
    @Test
    void modelPathsThatAreNoModel() throws Exception {
        Path out = tmp.resolve("x.safetensors"), run = tmp.resolve("run");
        if (Files.exists(Path.of("/dev/zero")))
            says(fails("convert", "/dev/zero", "-o", out.toString()), "/dev/zero: is not a regular file but a device");
        Path fifo = tmp.resolve("model.pth");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0)       // reading it would wait for a writer forever
            says(fails("export", fifo.toString(), "-o", run.toString()), fifo + ": is not a regular file but a device, pipe or socket (model file expected)");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        says(fails("convert", empty.toString(), "-o", out.toString()), empty + ": neither a JNequIP run (best_model.safetensors) nor a nequip run directory");
        Path file = write(tmp, "taken", "x");
        says(fails("export", demoModel().toString(), "-o", file.toString()), file + ": is a file, not a directory");
        Path locked = Files.copy(demoModel(), tmp.resolve("locked.safetensors"));
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        if (!Files.isReadable(locked))                                                   // root reads it anyway
            says(fails("info", locked.toString()), locked + ": cannot read: permission denied");
        assertFalse(Files.exists(out) || Files.exists(run), "an output was written");
        nothingWritten(tmp);
    }

    /** An output path that cannot be written names that path and the cause, and leaves no temporary file. */
    @Test
    void outputsThatCannotBeWritten() throws Exception {
        Path data = write(tmp, "one.extxyz", ethanolFrames(1));
        Path blocker = write(tmp, "file", "x"), json = blocker.resolve("m.json");
        says(fails("evaluate", "--model", demoModel().toString(), "--data", data.toString(), "--json", json.toString()), json + ": cannot write: ");
        Path dir = Files.createDirectory(tmp.resolve("p.png"));
        says(fails("evaluate", "--model", demoModel().toString(), "--data", data.toString(), "--plot", dir.toString()), dir + ": cannot write: is a directory");
        Path fifo = tmp.resolve("fifo.json");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            says(fails("evaluate", "--model", demoModel().toString(), "--data", data.toString(), "--json", fifo.toString()),
                    fifo + ": cannot write: exists and is not a regular file");
            assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
        }
        nothingWritten(tmp);
    }

    /** Result files get the permissions of every other new file (0666 minus the umask), not 0600. */
    @Test
    void resultFilesHonourTheUmask() throws Exception {
        Path ref = Files.createFile(tmp.resolve("reference")), json = tmp.resolve("m.json");
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", demoModel().toString(), "--data",
                write(tmp, "one.extxyz", ethanolFrames(1)).toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(Files.getPosixFilePermissions(ref), Files.getPosixFilePermissions(json));
        assertFalse(r.err().contains("\r"), "progress control characters in a log: " + r.err());
    }

    @Test
    void trainRefusesCoincidentAtomsBeforeWritingAnything() throws Exception {
        String[] lines = ethanolFrames(20).split("\n");
        for (int f = 0; f < 20; f++) lines[11 * f + 3] = "C" + lines[11 * f + 2].substring(1);   // every frame: atom 1 on atom 0
        Path data = write(tmp, "twice.extxyz", String.join("\n", lines) + "\n");
        Path cfg = tinyConfig(tmp, "c.yaml", data, "run", 1, 10);
        says(fails("train", cfg.toString()), "twice.extxyz: frame ", ": atoms 0 (C) and 1 (C) are 0.0000 Å apart");
        assertFalse(Files.exists(tmp.resolve("results")), "run directory created");
    }
}
