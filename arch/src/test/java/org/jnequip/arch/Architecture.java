package org.jnequip.arch;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dependency rules of the module map (README.md), checked on a class graph ({@link ClassDeps}) whose classes
 * are labelled with the Maven module they were compiled in:
 * <ol>
 *   <li>no package cycles, within a module or across modules;</li>
 *   <li>a module uses only the modules below it: tensor ← autograd ← e3 ← nequip; kernels on tensor; dist (MPI
 *       through FFM) on nothing; bench and interop (nequip's own model files; SnakeYAML) on the core; lammps
 *       (LAMMPS's library through FFM) on the core and dist; cli on everything;</li>
 *   <li>the core modules (tensor, autograd, e3, nequip), dist and lammps use nothing outside the JDK and our
 *       modules;</li>
 *   <li>nothing outside tensor uses tensor.cpu (backends are reached through {@code Backends}), except bench,
 *       whose JMH benchmarks time the CPU kernel ladder (MatMul.naive vs gemm, the thread count) directly;</li>
 *   <li>nothing uses kernels except cli and bench: device backends are found through ServiceLoader.</li>
 * </ol>
 * Violations come back as one line each, naming the rule and an offending class reference.
 */
final class Architecture {
    private Architecture() {}

    static final String ROOT = "org.jnequip.";
    static final List<String> CORE = List.of("tensor", "autograd", "e3", "nequip");
    /** Modules that, like the core, use nothing outside the JDK (native libraries through FFM only). */
    static final List<String> JDK_ONLY = List.of("tensor", "autograd", "e3", "nequip", "dist", "lammps");

    /** Which modules each module may use (itself included). */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "tensor", Set.of("tensor"),
            "autograd", Set.of("tensor", "autograd"),
            "e3", Set.of("tensor", "autograd", "e3"),
            "nequip", Set.of("tensor", "autograd", "e3", "nequip"),
            "kernels", Set.of("tensor", "kernels"),
            "bench", Set.of("tensor", "autograd", "e3", "nequip", "bench"),
            "interop", Set.of("tensor", "autograd", "e3", "nequip", "interop"),
            "dist", Set.of("dist"),
            "lammps", Set.of("tensor", "autograd", "e3", "nequip", "dist", "lammps"),
            "cli", Set.of("tensor", "autograd", "e3", "nequip", "kernels", "bench", "interop", "dist", "lammps", "cli"));

    /** A class graph: class → referenced classes, and class → the module it was compiled in (ours only). */
    record Graph(Map<String, Set<String>> refs, Map<String, String> moduleOf) {
        Graph {
            refs = new TreeMap<>(refs);
            moduleOf = Map.copyOf(moduleOf);
        }
    }

    /** Every rule's violations, sorted; empty when the graph obeys the module map. */
    static List<String> violations(Graph g) {
        List<String> out = new ArrayList<>();
        Set<String> jdk = jdkPackages();
        Map<String, String> packageModule = new TreeMap<>();
        g.moduleOf().forEach((c, m) -> packageModule.put(ClassDeps.packageOf(c), m));
        Map<String, Map<String, String>> pkgEdges = new TreeMap<>();    // package → package → an example "A -> B"
        for (var e : g.refs().entrySet()) {
            String from = e.getKey(), mod = g.moduleOf().get(from);
            if (mod == null) continue;
            Set<String> seen = new HashSet<>();
            for (String to : e.getValue()) {
                String toPkg = ClassDeps.packageOf(to), toMod = to.startsWith(ROOT) ? packageModule.get(toPkg) : null;
                String edge = from + " -> " + to;
                if (to.startsWith(ROOT)) {
                    if (toMod == null) {
                        if (seen.add("?" + toPkg)) out.add("unknown package: " + edge + " (" + toPkg + " is in no module on the class path)");
                        continue;
                    }
                    pkgEdges.computeIfAbsent(ClassDeps.packageOf(from), k -> new TreeMap<>()).putIfAbsent(toPkg, edge);
                    if (!ALLOWED.getOrDefault(mod, Set.of(mod)).contains(toMod) && seen.add("L" + toMod))
                        out.add("layering: module " + mod + " may not use module " + toMod + ": " + edge);
                    if (toPkg.equals(ROOT + "tensor.cpu") && !mod.equals("tensor") && !mod.equals("bench") && seen.add("cpu"))
                        out.add("tensor.cpu is internal to tensor (use Backends / the Backend API): " + edge);
                    if (toMod.equals("kernels") && !Set.of("kernels", "cli", "bench").contains(mod) && seen.add("kernels"))
                        out.add("kernels is reached through ServiceLoader only: " + edge);
                } else if (JDK_ONLY.contains(mod) && !jdk.contains(toPkg) && seen.add("x" + toPkg)) {
                    out.add((CORE.contains(mod) ? "core module " : "module ") + mod + " uses a class outside the JDK: " + edge);
                }
            }
        }
        for (List<String> cycle : cycles(pkgEdges)) {
            StringBuilder s = new StringBuilder("package cycle " + cycle + ":");
            for (int i = 0; i < cycle.size(); i++) {
                String a = cycle.get(i), b = cycle.get((i + 1) % cycle.size());
                s.append(" [").append(pkgEdges.get(a).get(b)).append(']');
            }
            out.add(s.toString());
        }
        out.sort(null);
        return out;
    }

    /** One cycle per strongly connected component with more than one package (Tarjan), as a closed path. */
    static List<List<String>> cycles(Map<String, Map<String, String>> edges) {
        Map<String, Integer> index = new LinkedHashMap<>(), low = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String v : edges.keySet()) if (!index.containsKey(v)) strong(v, edges, index, low, stack, onStack, components);
        List<List<String>> out = new ArrayList<>();
        for (Set<String> c : components) if (c.size() > 1) out.add(pathThrough(c, edges));
        return out;
    }

    private static void strong(String v, Map<String, Map<String, String>> edges, Map<String, Integer> index, Map<String, Integer> low,
                               List<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (w.equals(v)) continue;
            if (!index.containsKey(w)) {
                strong(w, edges, index, low, stack, onStack, components);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> c = new TreeSet<>();
            String w;
            do {
                w = stack.removeLast();
                onStack.remove(w);
                c.add(w);
            } while (!w.equals(v));
            components.add(c);
        }
    }

    /** A cycle inside component c: from its first package, walk edges within c until a package repeats. */
    private static List<String> pathThrough(Set<String> c, Map<String, Map<String, String>> edges) {
        List<String> path = new ArrayList<>();
        String v = c.iterator().next();
        while (!path.contains(v)) {
            path.add(v);
            String cur = v;
            v = edges.get(cur).keySet().stream().filter(w -> c.contains(w) && !w.equals(cur)).findFirst().orElseThrow();
        }
        return new ArrayList<>(path.subList(path.indexOf(v), path.size()));
    }

    /** The packages of every module of the running JDK's image (jdk.incubator.vector included). */
    static Set<String> jdkPackages() {
        Set<String> p = new HashSet<>();
        for (ModuleReference m : ModuleFinder.ofSystem().findAll()) for (String s : m.descriptor().packages()) p.add(s);
        return p;
    }
}
