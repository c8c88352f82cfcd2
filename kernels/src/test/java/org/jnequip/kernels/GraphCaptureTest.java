package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.jnequip.nequip.io.NequipStateDict;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.NequipForceField;
import org.jnequip.nequip.model.ModelInput;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.Captured;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Capture and replay ({@link DeviceGraph}): a replay after the host inputs changed in place must give exactly
 * (bit for bit) what running the step afresh gives — same kernels, same buffers, same order — for a chain of
 * ops and for the whole model's energy, forces and virial; it issues the recorded launches as one graph with
 * no download; and a step that reads the device back is refused with a clear message.
 */
class GraphCaptureTest {

    /** y = exp(x)·x + (x·2 + 1) @ w, a small mix of elementwise, affine and matmul launches. */
    static Tensor chain(Tensor x, Tensor w) {
        Tensor e = x.backend().binary(BinaryOp.MUL, x.backend().unary(UnaryOp.EXP, x), x);
        return x.backend().binary(BinaryOp.ADD, e, x.backend().matmul(x.backend().affine(x, 2, 1), w, false, false));
    }

    /** The chain captured on the device, with its host input xs (3, 4) and weight w (4, 4). */
    record Chain(double[] xs, Tensor w, Captured<Tensor> g) {
        static Chain capture(DeviceBackend dev, DType dt, Random r) {
            double[] xs = uniform(r, 12, -1, 1);
            Tensor w = dev.fromHost(uniform(r, 16, -1, 1), dt, 4, 4);
            return new Chain(xs, w, dev.capture(() -> chain(dev.fromHost(xs, dt, 3, 4), w)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void theRecordingRunComputesTheStep(String device, DType dt) {
        Chain c = Chain.capture(require(device, dt), dt, new Random(3));
        double[] xs = c.xs();
        Tensor w = c.w();
        Captured<Tensor> g = c.g();
        assertClose("capture run = CPU", g.result(), chain(CPU.fromHost(xs, dt, 3, 4), w.to(CPU)));
        assertEquals(5, g.launches(), "exp, mul, affine, matmul, add: one launch each");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void replayIsOneGraphWithoutDownloads(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(4);
        Chain c = Chain.capture(dev, dt, r);
        double[] xs = c.xs();
        Tensor w = c.w();
        Captured<Tensor> g = c.g();
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < xs.length; i++) xs[i] = r.nextDouble() * 2 - 1;     // new inputs, in place
            Map<String, Long> c0 = dev.counters();
            Tensor y = g.replay();
            Map<String, Long> c1 = dev.counters();
            assertSame(g.result(), y, "the result tensors are reused");
            assertEquals(1, c1.get("graph_launches") - c0.get("graph_launches"), "one graph launch per replay");
            assertEquals(g.launches(), c1.get("launches") - c0.get("launches"), "its kernels are counted");
            assertEquals(1, c1.get("uploads") - c0.get("uploads"), "one input written");
            assertEquals(0, c1.get("downloads") - c0.get("downloads"), "no host synchronisation");
            Tensor fresh = chain(dev.fromHost(xs, dt, 3, 4), w);
            assertArrayEquals(fresh.toDoubleArray(), y.toDoubleArray(), "replay " + rep + " = a fresh run, bit for bit");
            assertClose("replay " + rep + " vs CPU", y, chain(CPU.fromHost(xs, dt, 3, 4), w.to(CPU)));
        }
        g.close();
        assertThrows(IllegalStateException.class, g::replay, "a closed graph is not replayed");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void modelEnergyForcesVirialReplay(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        NequipModel cpu = ModelParityTest.model(dt), gpu = ModelParityTest.onDevice(cpu, dev);
        ModelInput in = NequipModel.input(ModelParityTest.batch());
        Captured<Tensor[]> g = dev.capture(() -> outputs(gpu.predict(in, false, true)));
        Random r = new Random(6);
        double[] pos = in.positions();
        for (int rep = 0; rep < 2; rep++) {
            for (int i = 0; i < pos.length; i++) pos[i] += 0.02 * r.nextGaussian();  // MD-like move, same edge list
            Map<String, Long> c0 = dev.counters();
            Tensor[] got = g.replay();
            assertEquals(3, dev.counters().get("uploads") - c0.get("uploads"), "a replay writes positions, cells and shifts, no cached constant");
            Tensor[] fresh = outputs(gpu.predict(in, false, true)), want = outputs(cpu.predict(in, false, true));
            String[] what = {"energy", "forces", "virial"};
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(fresh[k].toDoubleArray(), got[k].toDoubleArray(), what[k] + ": replay = a fresh device run, bit for bit");
                assertClose("replayed model " + what[k] + " vs CPU", got[k], want[k], ModelParityTest.tolerance(dt));
            }
        }
        System.out.printf("%s %s: model E+F+virial captured as %d launches%n", device, dt, g.launches());
        assertTrue(g.launches() > 100, "the whole step is in the graph: " + g.launches());
    }

    /**
     * An optimiser writes the weights in place ({@code Tensor.assign}); a replay of a step captured before then
     * computes with the new weights: bit for bit a fresh run, and the CPU model with those weights within the
     * parity limits.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void replaySeesWeightsWrittenInPlace(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        NequipModel cpu = ModelParityTest.model(dt), gpu = ModelParityTest.onDevice(cpu, dev);
        ModelInput in = NequipModel.input(ModelParityTest.batch());
        Captured<Tensor[]> g = dev.capture(() -> outputs(gpu.predict(in, false, true)));
        double before = g.replay()[0].toDoubleArray()[0];
        NequipModel other = NequipModel.create(cpu.config(), 8);
        NequipStateDict.load(gpu, NequipStateDict.of(other));        // in place, on the device
        Tensor[] got = g.replay(), fresh = outputs(gpu.predict(in, false, true)), want = outputs(other.predict(in, false, true));
        assertTrue(Math.abs(got[0].toDoubleArray()[0] - before) > 1e-3, "the new weights change the energy");
        String[] what = {"energy", "forces", "virial"};
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(fresh[k].toDoubleArray(), got[k].toDoubleArray(), what[k] + ": replay after the weight update = a fresh run");
            assertClose("replay with updated weights, " + what[k] + " vs CPU", got[k], want[k], ModelParityTest.tolerance(dt));
        }
    }

    /** MD on the device: a Verlet skin keeps the edges, so most calls replay the captured step (wrapping included). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void forceFieldWithSkinReplaysOnTheDevice(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        NequipModel cpu = ModelParityTest.model(dt), gpu = ModelParityTest.onDevice(cpu, dev);
        NequipForceField want = new NequipForceField(cpu), got = new NequipForceField(gpu, 0.5);
        double[] cell = {3.1, 0.0, 0.0, 0.0, 2.9, 0.0, 0.0, 0.0, 3.3};
        Random r = new Random(8);
        double[] pos = new double[15];
        for (int i = 0; i < 15; i++) pos[i] = r.nextDouble() * cell[4 * (i % 3)];
        int[] z = {1, 6, 8, 1, 6};
        boolean[] pbc = {true, true, true};
        double tol = ModelParityTest.tolerance(dt);
        for (int c = 0; c < 12; c++) {
            ForceField.Result a = want.compute(pos, z, cell, pbc), b = got.compute(pos, z, cell, pbc);
            assertEquals(a.energy(), b.energy(), tol * Math.max(1, Math.abs(a.energy())), "energy, call " + c);
            assertTrue(relErr(b.forces(), a.forces()) <= tol, "forces, call " + c + ": " + relErr(b.forces(), a.forces()));
            assertTrue(relErr(b.virial(), a.virial()) <= tol, "virial, call " + c + ": " + relErr(b.virial(), a.virial()));
            for (int k = 0; k < 15; k++) pos[k] = wrap(pos[k] + 0.04 * r.nextGaussian(), cell[4 * (k % 3)]);
        }
        System.out.printf("%s %s: MD force field with skin: %d builds, %d replays%n", device, dt, got.rebuilds(), got.replays());
        assertTrue(got.replays() > 0, "calls were replayed");
    }

    static double wrap(double x, double l) { return x - Math.floor(x / l) * l; }

    static Tensor[] outputs(NequipModel.Prediction p) {
        return new Tensor[]{p.totalEnergy().value(), p.forces().value(), p.virial().value()};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void aStepThatReadsTheDeviceBackIsRefused(String device) {
        DeviceBackend dev = require(device);
        Tensor x = dev.fromHost(new double[]{1, 2, 3}, DType.F32, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dev.capture(() -> dev.affine(x, 2, 0).toDoubleArray()));
        assertTrue(e.getMessage().contains("copies a device tensor to the host"), e.getMessage());
        assertArrayEquals(new double[]{3, 5, 7}, dev.affine(x, 2, 1).toDoubleArray(), "the backend works normally afterwards");
    }

    /** A driver that cannot build graphs (as a CUDA driver whose capture fails): replays fall back to single launches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void aGraphTheDriverCannotBuildFallsBackToSingleLaunches(String device) {
        DeviceBackend real = require(device);
        DeviceBackend dev = new DeviceBackend(new NoGraphs(real.drv)) {
            @Override public String name() { return "no-graphs"; }
        };
        Random r = new Random(9);
        Chain c = Chain.capture(dev, DType.F32, r);
        for (int i = 0; i < c.xs().length; i++) c.xs()[i] = r.nextDouble();
        Map<String, Long> c0 = dev.counters();
        Tensor y = c.g().replay();
        Map<String, Long> c1 = dev.counters();
        assertEquals(0, c1.get("graph_launches") - c0.get("graph_launches"), "no graph to launch");
        assertEquals(c.g().launches(), c1.get("launches") - c0.get("launches"), "the recorded kernels, one by one");
        assertArrayEquals(chain(dev.fromHost(c.xs(), DType.F32, 3, 4), c.w()).toDoubleArray(), y.toDoubleArray(), "same result as a fresh run");
    }

    /** Delegates everything but graphs. */
    record NoGraphs(Driver d) implements Driver {
        @Override public String describe() { return "no-graphs over " + d.describe(); }
        @Override public boolean fp64() { return d.fp64(); }
        @Override public Object alloc(long bytes) { return d.alloc(bytes); }
        @Override public void free(Object handle) { d.free(handle); }
        @Override public Object upload(Object host) { return d.upload(host); }
        @Override public void write(Object handle, Object host) { d.write(handle, host); }
        @Override public void download(Object handle, Object host) { d.download(handle, host); }
        @Override public void launch(String program, String kernel, int[] global, int[] local, Object... args) { d.launch(program, kernel, global, local, args); }
        @Override public void finish() { d.finish(); }
        @Override public Object instantiate(java.util.List<Launch> launches) { throw new IllegalStateException("graphs unsupported here"); }
    }
}
