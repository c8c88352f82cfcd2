package org.jnequip.nequip.io.torch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Damaged and malicious PyTorch files, crafted from nequip's real best_model.pth and deployed.pth: each is
 * refused with one line that names the file and the record (and what is wrong), never a stack trace from deep
 * inside and never a state dict that loads wrong.
 */
class HostileTorchFilesTest {
    static final String FILE = "crafted.pth";

    /** Reads {@code bytes} as a state dict and returns the refusal, checking it names the file and {@code entry}. */
    static String refused(byte[] bytes, String entry, String what) {
        TorchFileException e = assertThrows(TorchFileException.class, () -> TorchCheckpoint.read(TorchZip.of(bytes, FILE)));
        String m = e.getMessage();
        assertTrue(m.startsWith(FILE + ": "), m);
        assertTrue(m.contains(entry), "'" + m + "' should name " + entry);
        assertTrue(m.contains(what), "'" + m + "' should say " + what);
        assertFalse(m.contains("\n"), m);
        System.out.println("refused: " + m);
        return m;
    }

    static TorchZip fixture() throws Exception { return TorchZip.read(TorchFixtures.bestModel()); }

    static byte[] withPickle(byte[] pickle) throws Exception { return TorchFixtures.rezip(fixture(), Map.of("data.pkl", pickle)); }

    static byte[] pickle(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void unknownGlobalIsRefused() throws Exception {
        refused(withPickle(pickle("\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000lsq\u0001\u0085q\u0002Rq\u0003.")),
                "archive/data.pkl", "GLOBAL 'os system' is not allowed");
        refused(withPickle(pickle("\u0080\u0002cbuiltins\neval\n.")), "archive/data.pkl", "GLOBAL 'builtins eval' is not allowed");
    }

    @Test
    void reduceOfANonFunctionIsRefused() throws Exception {
        // an allowed name that is not a function (a storage class) applied like os.system would be
        refused(withPickle(pickle("\u0080\u0002ctorch\nDoubleStorage\nq\u0000X\u0002\u0000\u0000\u0000ls\u0085R.")), "archive/data.pkl", "REDUCE of torch DoubleStorage is not allowed");
    }

    @Test
    void truncatedZipIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(TorchFixtures.bestModel());
        refused(Arrays.copyOf(b, b.length / 2), "", "no zip end-of-central-directory record");
        refused(Arrays.copyOf(b, b.length - 30), "", "truncated");
    }

    @Test
    void damagedRecordFailsItsCrc() throws Exception {
        TorchZip z = fixture();
        byte[] b = Files.readAllBytes(TorchFixtures.bestModel());
        byte[] rec = z.read("data/11");
        int at = indexOf(b, rec) + 17;
        b[at] ^= 0x40;
        refused(b, "archive/data/11", "CRC-32");
    }

    @Test
    void storageOfTheWrongSizeIsRefused() throws Exception {
        TorchZip z = fixture();
        byte[] shorter = Arrays.copyOf(z.read("data/11"), 64);
        refused(TorchFixtures.rezip(z, Map.of("data/11", shorter)), "archive/data/11", "should hold 128 float64 elements");
    }

    @Test
    void missingStorageRecordIsRefused() throws Exception {
        TorchZip z = fixture();
        java.util.HashMap<String, byte[]> drop = new java.util.HashMap<>();
        drop.put("data/5", null);
        refused(TorchFixtures.rezip(z, drop), "archive/data/5", "is missing");
    }

    @Test
    void viewOutsideItsStorageIsRefused() throws Exception {
        // a (20,) tensor over a storage of 8 doubles: written with the project's pickler, then read
        byte[] pkl = StateDictPickler.encode(List.of(new StateDictPickler.Item("w", TorchTensor.ScalarType.DOUBLE, "0", 8, 0, new int[]{20}, new long[]{1})));
        TorchZipWriter w = new TorchZipWriter("archive");
        w.add("data.pkl", pkl);
        w.add("data/0", new byte[64]);
        w.add("version", "3\n".getBytes(StandardCharsets.US_ASCII));
        refused(w.finish(), "archive/data.pkl", "reaches element 19 but storage '0' has 8 elements");
    }

    @Test
    void truncatedPickleIsRefused() throws Exception {
        byte[] p = fixture().read("data.pkl");
        refused(withPickle(Arrays.copyOf(p, p.length / 3)), "archive/data.pkl", "truncated");
    }

    @Test
    void malformedPicklesAreRefused() throws Exception {
        refused(withPickle(pickle("\u0080\u0002h\u0005.")), "archive/data.pkl", "memo slot 5 is read before it is written");
        refused(withPickle(pickle("\u0080\u0004}.")), "archive/data.pkl", "protocol 4");
        refused(withPickle(pickle("\u0080\u0002}\u0094.")), "archive/data.pkl", "opcode 0x94");
        refused(withPickle(pickle("\u0080\u0002]q\u0000.")), "archive/data.pkl", "holds a list, not a state dict");
    }

    @Test
    void badVersionRecordIsRefused() throws Exception {
        refused(TorchFixtures.rezip(fixture(), Map.of("version", pickle("three\n"))), "archive/version", "not a format version number");
    }

    @Test
    void moduleThatContainsItselfIsRefused() throws Exception {
        // a TorchScript object whose attribute 'a' is the object itself
        byte[] p = pickle("\u0080\u0002c__torch__.m\nM\nq\u0000)\u0081q\u0001}q\u0002X\u0001\u0000\u0000\u0000ah\u0001sb.");
        TorchZip z = TorchZip.of(TorchFixtures.rezip(TorchZip.read(TorchFixtures.deployed()), Map.of("data.pkl", p)), FILE);
        TorchFileException e = assertThrows(TorchFileException.class, () -> TorchScriptArchive.read(z));
        assertTrue(e.getMessage().contains("deployed/data.pkl") && e.getMessage().contains("contains itself"), e.getMessage());
    }

    @Test
    void legacyStorageWithAWrongMagicNumberIsRefused() {
        TorchFileException e = assertThrows(TorchFileException.class, () -> LegacyStorage.read(pickle("\u0080\u0002K\u0007."), "config.yaml:140"));
        assertTrue(e.getMessage().startsWith("config.yaml:140: legacy torch.save bytes: magic number"), e.getMessage());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
