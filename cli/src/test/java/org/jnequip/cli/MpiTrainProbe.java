package org.jnequip.cli;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.train.NequipPotential;
import org.jnequip.nequip.train.Potential;
import org.jnequip.tensor.Tensor;

/**
 * The program {@link MpiTrainTest} starts on each rank: {@code jnequip ARGS} with NequIP models, then, if it
 * succeeded, "rank r weights SHA" (a digest of the bits of the model's weights) so the test can see every rank hold
 * the same weights. {@code --fail-after K throw|kill} (before ARGS) makes rank 1 fail at its K-th training forward
 * pass: an exception out of the step, or SIGKILL sent to its own JVM (no shutdown hook runs).
 */
public final class MpiTrainProbe {
    private MpiTrainProbe() {}

    public static void main(String[] args) throws Exception {
        int rank = Integer.parseInt(System.getenv().getOrDefault("OMPI_COMM_WORLD_RANK", "0"));
        int failAfter = -1, skip = 0;
        String how = null;
        if (args[0].equals("--fail-after")) {
            failAfter = Integer.parseInt(args[1]);
            how = args[2];
            skip = 3;
        }
        List<Potential> built = new ArrayList<>();
        int after = rank == 1 ? failAfter : -1;
        String mode = how;
        Potential.Factory factory = (c, seed, backend) -> {
            NequipPotential p = NequipPotential.create(c, seed, backend);
            built.add(p);
            return after < 0 ? p : failing(p, after, mode);
        };
        int status = Main.run(factory, java.util.Arrays.copyOfRange(args, skip, args.length));
        if (status == 0 && !built.isEmpty()) System.out.println("rank " + rank + " weights " + digest(built.getFirst().stateDict()));
        System.exit(status);
    }

    /** p, failing at its k-th forward pass with createGraph (a training step). */
    private static Potential failing(NequipPotential p, int k, String how) {
        int[] steps = {0};
        return new WatchedPotential(p, (batch, createGraph) -> {
            if (!createGraph || ++steps[0] != k) return;
            if (how.equals("throw")) throw new IllegalStateException("injected failure at training step " + k);
            try {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                Thread.sleep(60_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String digest(Map<String, Tensor> weights) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (var e : weights.entrySet()) {
            md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (double v : e.getValue().toDoubleArray()) md.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(v)).array());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
