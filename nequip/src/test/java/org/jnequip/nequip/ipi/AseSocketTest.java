package org.jnequip.nequip.ipi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.jnequip.nequip.md.CellMath;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.LennardJones;
import org.jnequip.nequip.md.MdOptions;
import org.jnequip.nequip.md.MdRunner;
import org.jnequip.nequip.md.MdSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ASE (SocketIOCalculator as the i-PI server, velocity-Verlet MD, scripts/ase_socket_test.py) drives the Java
 * IpiClient for 25 steps; the energies, forces and stresses ASE received equal a direct Java evaluation at the
 * positions ASE sent, to float rounding. Skipped, with the reason, when no Python with ASE is found.
 */
class AseSocketTest {
    @TempDir Path tmp;

    @Test
    void aseDrivesPeriodicArgon() throws Exception {
        double[] cell = {10.6, 0, 0, 1.2, 10.4, 0, -0.7, 0.5, 10.9};
        double[] pos = IpiClientTest.argonBox(new java.util.SplittableRandom(3));
        int[] z = new int[32];
        java.util.Arrays.fill(z, 18);
        run(Structure.periodic(z, pos, cell), "box");
    }

    @Test
    void aseDrivesArgonCluster() throws Exception {
        // icosahedron (centre + 12 vertices at 3.65 Å) with a small random distortion
        double phi = (1 + Math.sqrt(5)) / 2, norm = Math.sqrt(1 + phi * phi);
        double[] pos = new double[3 * 13];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int at = 1;
        for (int s1 : new int[]{-1, 1})
            for (int s2 : new int[]{-1, 1})
                for (double[] v : new double[][]{{0, s1, s2 * phi}, {s1, s2 * phi, 0}, {s2 * phi, 0, s1}}) {
                    for (int k = 0; k < 3; k++) pos[3 * at + k] = 3.65 * v[k] / norm + 0.05 * rng.nextGaussian();
                    at++;
                }
        int[] z = new int[13];
        java.util.Arrays.fill(z, 18);
        run(Structure.molecule(z, pos), "cluster");
    }

    /** The md trajectory writer's extxyz is what ASE reads: frames, energy, vel, forces, cell, pbc. */
    @Test
    void aseReadsMdTrajectory() throws Exception {
        String python = findPythonWithAse();
        Assumptions.assumeTrue(python != null, "skipped: no python3 with ASE found (install python3-ase)");
        Path xyz = tmp.resolve("traj.xyz"), json = tmp.resolve("read.json");
        double[] cell = {10.6, 0, 0, 1.2, 10.4, 0, -0.7, 0.5, 10.9};
        int[] z = new int[32];
        java.util.Arrays.fill(z, 18);
        MdRunner.MdResult r = MdRunner.run(MdOptions.nve(4.0, 20).withInitialTemperature(50, 1).withOutputs(null, 0, xyz, 5),
                LennardJones.argon(), MdSystem.periodic(z, IpiClientTest.argonBox(new java.util.SplittableRandom(4)), cell), null);
        String code = "import ase.io, json, sys\n"
                + "fr = ase.io.read(sys.argv[1], ':')\n"
                + "a = fr[-1]\n"
                + "json.dump({'n': len(fr), 'e': a.get_potential_energy(), 'vel': a.arrays['vel'].tolist(),"
                + " 'f': a.get_forces().tolist(), 'pos': a.positions.tolist(), 'cell': a.cell[:].tolist(),"
                + " 'pbc': [bool(p) for p in a.pbc], 'Z': a.numbers.tolist()}, open(sys.argv[2], 'w'))\n";
        Process p = new ProcessBuilder(python, "-c", code, xyz.toString(), json.toString()).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ase.io.read failed:\n" + outText);
        Map<String, Object> got = Json.obj(Json.read(json));
        assertEquals(5, Json.num(got.get("n")));
        MdSystem fin = r.finalSystem();
        assertEquals(java.util.Arrays.stream(fin.positions()).boxed().toList(), java.util.Arrays.stream(flat(got.get("pos"))).boxed().toList());
        assertEquals(java.util.Arrays.stream(fin.velocities()).boxed().toList(), java.util.Arrays.stream(flat(got.get("vel"))).boxed().toList());
        double[] f = LennardJones.argon().compute(fin.positions(), z, cell, fin.pbc()).forces(), fa = flat(got.get("f"));
        for (int k = 0; k < f.length; k++) assertEquals(f[k], fa[k], 1e-13);
        assertEquals(LennardJones.argon().compute(fin.positions(), z, cell, fin.pbc()).energy(), Json.num(got.get("e")), 1e-12);
        double[] ca = flat(got.get("cell"));
        for (int k = 0; k < 9; k++) assertEquals(cell[k], ca[k], 0.0);
        assertEquals(List.of(true, true, true), got.get("pbc"));
        assertEquals(18.0, flat(got.get("Z"))[31]);
    }

    private void run(Structure structure, String tag) throws Exception {
        String python = findPythonWithAse();
        Assumptions.assumeTrue(python != null, "skipped: no python3 with ASE found (tried $JNEQUIP_PYTHON, python3, /usr/bin/python3); "
                + "install python3-ase to run the ASE i-PI socket test");
        Path script = repoRoot().resolve("scripts/ase_socket_test.py");
        Path xyz = tmp.resolve("in.xyz"), json = tmp.resolve("out.json");
        ExtXyz.write(xyz, List.of(structure));
        String socket = "jnequip_ase_" + tag + "_" + ProcessHandle.current().pid();
        Files.deleteIfExists(Path.of("/tmp/ipi_" + socket)); // a stale file from a crashed run would block bind()
        LennardJones lj = new LennardJones(0.0104, 3.40, 8.5, true, 1.0);
        List<double[]> decoded = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Process proc = new ProcessBuilder(python, script.toString(), "--socket", socket, "--structure", xyz.toString(),
                "--out", json.toString(), "--steps", "25", "--dt", "4.0", "--temperature", "80", "--seed", "7")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("python.log").toFile()).start();
        try {
            IpiClient.Options o = new IpiClient.Options("unix:" + socket, 60, IpiUnits.ASE, null);
            Future<IpiClient.Outcome> client = pool.submit(() -> IpiClient.serve(o, lj, structure.atomicNumbers(),
                    structure.pbc(), (step, p, c, r) -> decoded.add(p)));
            boolean done = proc.waitFor(120, TimeUnit.SECONDS);
            String pyLog = Files.readString(tmp.resolve("python.log"));
            assertTrue(done && proc.exitValue() == 0, "ASE script failed:\n" + pyLog);
            IpiClient.Outcome out = client.get(30, TimeUnit.SECONDS);
            assertEquals(IpiClient.Exit.SERVER_CLOSED, out.reason(), out.message());
            compare(json, structure, decoded, out, pyLog.trim());
        } finally {
            proc.destroyForcibly();
            pool.shutdownNow();
        }
    }

    private static void compare(Path json, Structure structure, List<double[]> decoded, IpiClient.Outcome out, String pyLog) throws IOException {
        Map<String, Object> root = Json.obj(Json.read(json));
        List<Object> records = Json.arr(root.get("records"));
        assertTrue(records.size() >= 21, "ASE made only " + records.size() + " evaluations");
        assertEquals(records.size(), out.steps(), "client step count vs ASE evaluations");
        assertEquals(records.size(), decoded.size());
        LennardJones direct = new LennardJones(0.0104, 3.40, 8.5, true, 0);
        boolean periodic = structure.cell() != null;
        double maxE = 0, maxF = 0, maxS = 0, maxX = 0;
        for (int s = 0; s < records.size(); s++) {
            Map<String, Object> r = Json.obj(records.get(s));
            double[] pos = flat(r.get("positions")), cell = periodic ? flat(r.get("cell")) : null;
            for (int k = 0; k < pos.length; k++) maxX = Math.max(maxX, Math.abs(pos[k] - decoded.get(s)[k]));
            ForceField.Result ref = direct.compute(pos, structure.atomicNumbers(), cell, structure.pbc());
            double e = Json.num(r.get("energy"));
            double[] f = flat(r.get("forces"));
            maxE = Math.max(maxE, Math.abs(e - ref.energy()));
            for (int k = 0; k < f.length; k++) maxF = Math.max(maxF, Math.abs(f[k] - ref.forces()[k]));
            if (periodic) {
                double[] st = flat(r.get("stress")), w = ref.virial();
                double v = CellMath.volume(cell);
                double[] voigt = {-w[0] / v, -w[4] / v, -w[8] / v, -w[5] / v, -w[2] / v, -w[1] / v}; // σ = −W/V
                for (int k = 0; k < 6; k++) maxS = Math.max(maxS, Math.abs(st[k] - voigt[k]));
            }
        }
        System.out.printf("ASE %s socket test (%s, %d evaluations): max |dx| %.1e Å, |dE| %.1e eV, |dF| %.1e eV/Å, |dσ| %.1e eV/Å³ [%s]%n",
                root.get("ase_version"), periodic ? "periodic" : "cluster", records.size(), maxX, maxE, maxF, maxS, pyLog);
        assertTrue(maxX < 1e-12, "decoded positions differ by " + maxX);
        assertTrue(maxE < 1e-12, "energy differs by " + maxE);
        assertTrue(maxF < 1e-12, "forces differ by " + maxF);
        assertTrue(maxS < 1e-14, "stress differs by " + maxS);
    }

    static double[] flat(Object nested) {
        List<Double> out = new ArrayList<>();
        flatten(nested, out);
        double[] a = new double[out.size()];
        for (int k = 0; k < a.length; k++) a[k] = out.get(k);
        return a;
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) for (Object e : l) flatten(e, out);
        else out.add(Json.num(o));
    }

    /** First of $JNEQUIP_PYTHON, python3, /usr/bin/python3 that can import ase, or null. */
    static String findPythonWithAse() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("JNEQUIP_PYTHON");
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import ase, numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
                p.destroyForcibly();
            } catch (IOException | InterruptedException e) {
                // not there: try the next one
            }
        }
        return null;
    }

    static Path repoRoot() {
        String prop = System.getProperty("jnequip.repoRoot");
        if (prop != null && Files.exists(Path.of(prop, "scripts/ase_socket_test.py"))) return Path.of(prop);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.exists(p.resolve("scripts/ase_socket_test.py"))) return p;
        throw new IllegalStateException("cannot find scripts/ase_socket_test.py above " + Path.of("").toAbsolutePath());
    }
}
