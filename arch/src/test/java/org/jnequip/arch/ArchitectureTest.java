package org.jnequip.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module map holds for the compiled main classes of every module (they are on this module's test class path:
 * target/classes folders or the modules' jars), and the checker fails on a synthetic violation of each rule.
 */
class ArchitectureTest {
    /** ".../tensor/target/classes" or ".../jnequip-tensor-0.1.0-SNAPSHOT.jar" → "tensor". */
    private static final Pattern DIR = Pattern.compile(".*[/\\\\]([a-z0-9]+)[/\\\\]target[/\\\\]classes[/\\\\]?");
    private static final Pattern JAR = Pattern.compile(".*[/\\\\]jnequip-([a-z0-9]+)-[^/\\\\]*\\.jar");

    static Architecture.Graph fromClassPath() {
        Map<String, Set<String>> refs = new TreeMap<>();
        Map<String, String> moduleOf = new HashMap<>();
        Set<String> modules = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher d = DIR.matcher(entry), j = JAR.matcher(entry);
            String module = d.matches() ? d.group(1) : j.matches() ? j.group(1) : null;
            if (module == null || !Architecture.ALLOWED.containsKey(module) || !Files.exists(Path.of(entry))) continue;
            modules.add(module);
            Map<String, Set<String>> r = ClassDeps.scan(Path.of(entry));
            refs.putAll(r);
            for (String c : r.keySet()) moduleOf.put(c, module);
        }
        assertEquals(Architecture.ALLOWED.keySet(), modules, "every module's main classes must be on the test class path");
        return new Architecture.Graph(refs, moduleOf);
    }

    @Test
    void theModulesObeyTheModuleMap() {
        Architecture.Graph g = fromClassPath();
        assertTrue(g.refs().size() > 300, "only " + g.refs().size() + " classes found");
        List<String> v = Architecture.violations(g);
        assertTrue(v.isEmpty(), v.size() + " violations of the module map:\n  " + String.join("\n  ", v));
    }

    // ------------------------------------------------------------------ the checker fails where it should

    /** A class file (built with the JDK's ClassFile API) whose method returns {@code returns} and creates a {@code creates}. */
    static byte[] classReferring(String name, String returns, String creates) {
        return ClassFile.of().build(ClassDesc.of(name), cb -> cb.withMethodBody("f", MethodTypeDesc.of(ClassDesc.of(returns)),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> code.new_(ClassDesc.of(creates)).pop().aconst_null().areturn()));
    }

    /** The violations of the real graph plus synthetic classes {name → bytes} compiled "in" the given modules. */
    static List<String> withSynthetic(Map<String, String> moduleOfClass, Map<String, byte[]> classes) {
        Architecture.Graph real = fromClassPath();
        Map<String, Set<String>> refs = new TreeMap<>(real.refs());
        Map<String, String> moduleOf = new HashMap<>(real.moduleOf());
        for (var e : classes.entrySet()) {
            Map<String, Set<String>> one = new TreeMap<>();
            ClassDeps.add(one, e.getValue());
            assertEquals(Set.of(e.getKey()), one.keySet());
            refs.putAll(one);
            moduleOf.put(e.getKey(), moduleOfClass.get(e.getKey()));
        }
        return Architecture.violations(new Architecture.Graph(refs, moduleOf));
    }

    private static void assertReported(List<String> v, String start, String contains) {
        assertTrue(v.stream().anyMatch(s -> s.startsWith(start) && s.contains(contains)), "expected a violation '" + start + "…" + contains + "…' in " + v);
    }

    @Test
    void e3UsingTheCpuBackendOrNequipIsReported() {
        String evil = "org.jnequip.e3.Evil";
        List<String> v = withSynthetic(Map.of(evil, "e3"),
                Map.of(evil, classReferring(evil, "org.jnequip.tensor.cpu.CpuBackend", "org.jnequip.nequip.model.NequipModel")));
        assertReported(v, "tensor.cpu is internal to tensor", evil + " -> org.jnequip.tensor.cpu.CpuBackend");
        assertReported(v, "layering: module e3 may not use module nequip", evil + " -> org.jnequip.nequip.model.NequipModel");
        // and nequip -> e3 (allowed) plus e3 -> nequip now close a package cycle
        assertReported(v, "package cycle", "org.jnequip.e3");
    }

    @Test
    void aPackageCycleInsideOneModuleIsReported() {
        String a = "org.jnequip.nequip.data.LooksAtNeighbours", b = "org.jnequip.nequip.neighbors.LooksAtData";
        List<String> v = withSynthetic(Map.of(a, "nequip", b, "nequip"), Map.of(
                a, classReferring(a, "org.jnequip.nequip.neighbors.Edges", b),
                b, classReferring(b, "org.jnequip.nequip.data.Structure", a)));
        // data -> neighbors is real (AtomicBatch builds neighbour lists); the synthetic class closes the cycle
        assertReported(v, "package cycle [org.jnequip.nequip.data, org.jnequip.nequip.neighbors]", b + " -> " + a);
    }

    @Test
    void thirdPartyClassesInTheCoreAndDirectKernelsUseAreReported() {
        String yaml = "org.jnequip.tensor.Yaml", dev = "org.jnequip.nequip.md.Device";
        List<String> v = withSynthetic(Map.of(yaml, "tensor", dev, "nequip"), Map.of(
                yaml, classReferring(yaml, "org.yaml.snakeyaml.Yaml", "java.lang.Object"),
                dev, classReferring(dev, "org.jnequip.kernels.OpenClBackend", "java.lang.Object")));
        assertReported(v, "core module tensor uses a class outside the JDK", yaml + " -> org.yaml.snakeyaml.Yaml");
        assertReported(v, "kernels is reached through ServiceLoader only", dev + " -> org.jnequip.kernels.OpenClBackend");
        assertReported(v, "layering: module nequip may not use module kernels", dev);
    }

    @Test
    void theCoreUsingInteropIsReported() {
        String evil = "org.jnequip.nequip.io.ReadsNequipRuns";
        List<String> v = withSynthetic(Map.of(evil, "nequip"), Map.of(evil, classReferring(evil, "org.jnequip.interop.ModelSources", "java.lang.Object")));
        assertReported(v, "layering: module nequip may not use module interop", evil + " -> org.jnequip.interop.ModelSources");
        assertEquals("interop", fromClassPath().moduleOf().get("org.jnequip.interop.NequipYaml"));
    }

    @Test
    void lammpsIsAnEdgeModuleOfTheJdkAlone() {
        String up = "org.jnequip.lammps.ReadsNequipRuns", yaml = "org.jnequip.lammps.Yaml", down = "org.jnequip.nequip.md.LammpsDriven";
        List<String> v = withSynthetic(Map.of(up, "lammps", yaml, "lammps", down, "nequip"), Map.of(
                up, classReferring(up, "org.jnequip.interop.ModelSources", "java.lang.Object"),
                yaml, classReferring(yaml, "org.yaml.snakeyaml.Yaml", "java.lang.Object"),
                down, classReferring(down, "org.jnequip.lammps.Lammps", "java.lang.Object")));
        assertReported(v, "layering: module lammps may not use module interop", up + " -> org.jnequip.interop.ModelSources");
        assertReported(v, "module lammps uses a class outside the JDK", yaml + " -> org.yaml.snakeyaml.Yaml");
        assertReported(v, "layering: module nequip may not use module lammps", down + " -> org.jnequip.lammps.Lammps");
        assertEquals("lammps", fromClassPath().moduleOf().get("org.jnequip.lammps.LammpsRun"));
    }

    @Test
    void distUsesNothingOfOursAndTheCoreDoesNotUseDist() {
        String up = "org.jnequip.dist.Tensors", down = "org.jnequip.nequip.train.Ranks";
        List<String> v = withSynthetic(Map.of(up, "dist", down, "nequip"), Map.of(
                up, classReferring(up, "org.jnequip.tensor.Tensor", "java.lang.Object"),
                down, classReferring(down, "org.jnequip.dist.Comm", "java.lang.Object")));
        assertReported(v, "layering: module dist may not use module tensor", up + " -> org.jnequip.tensor.Tensor");
        assertReported(v, "layering: module nequip may not use module dist", down + " -> org.jnequip.dist.Comm");
        Architecture.Graph g = fromClassPath();
        assertEquals("dist", g.moduleOf().get("org.jnequip.dist.Comm"));
        assertTrue(g.refs().get("org.jnequip.lammps.LammpsRun").contains("org.jnequip.dist.Comm"), "lammps asks dist for the rank count");
    }

    @Test
    void theRealGraphHasTheEdgesTheRulesTalkAbout() {
        // guards the scanner: if it missed descriptor or constant-pool references, the rules would pass vacuously
        Architecture.Graph g = fromClassPath();
        assertTrue(g.refs().get("org.jnequip.tensor.cpu.CpuBackend").contains("org.jnequip.tensor.Backend"));
        assertTrue(g.refs().get("org.jnequip.bench.tensor.MatmulBench").contains("org.jnequip.tensor.cpu.MatMul"));
        assertTrue(g.refs().get("org.jnequip.tensor.Backends").stream().noneMatch(c -> c.startsWith("org.jnequip.tensor.cpu")),
                "Backends must find the CPU backend through ServiceLoader");
        assertEquals("kernels", g.moduleOf().get("org.jnequip.kernels.OpenClProvider"));
    }
}
