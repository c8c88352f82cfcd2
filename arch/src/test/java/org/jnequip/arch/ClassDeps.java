package org.jnequip.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class-level dependency graph of compiled code: for every class file, the classes its constant pool names —
 * class entries (new, casts, calls, field owners, supertypes) and the types inside descriptors and generic
 * signatures (parameter, return and field types, type arguments). What the compiler folds away (constants) or
 * what is only looked up by name at run time (ServiceLoader, reflection) is invisible, as it should be.
 */
final class ClassDeps {
    private ClassDeps() {}

    /** Class names in descriptors and signatures: L...; or L...< (binary names with slashes). */
    private static final Pattern TYPE = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+)[;<]");

    /** Dotted class name → the dotted names of the classes it refers to (itself excluded). */
    static Map<String, Set<String>> scan(Path classesDirOrJar) {
        Map<String, Set<String>> out = new TreeMap<>();
        try {
            if (Files.isDirectory(classesDirOrJar)) {
                try (Stream<Path> s = Files.walk(classesDirOrJar)) {
                    for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator) add(out, Files.readAllBytes(p));
                }
            } else {
                try (ZipFile z = new ZipFile(classesDirOrJar.toFile())) {
                    for (ZipEntry e : Collections.list(z.entries()))
                        if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/"))
                            try (var in = z.getInputStream(e)) { add(out, in.readAllBytes()); }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classesDirOrJar + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The references of one class file, added under its own name. */
    static void add(Map<String, Set<String>> out, byte[] classFile) {
        ClassModel cm = ClassFile.of().parse(classFile);
        String self = cm.thisClass().asInternalName();
        if (self.equals("module-info") || self.endsWith("/package-info")) return;
        Set<String> refs = new TreeSet<>();
        for (PoolEntry e : cm.constantPool()) {
            if (e instanceof ClassEntry c) {
                String n = c.asInternalName();
                if (n.startsWith("[")) typesIn(n, refs);
                else refs.add(n);
            } else if (e instanceof Utf8Entry u) {
                typesIn(u.stringValue(), refs);
            }
        }
        refs.remove(self);
        Set<String> dotted = new TreeSet<>();
        for (String r : refs) dotted.add(r.replace('/', '.'));
        out.put(self.replace('/', '.'), dotted);
    }

    private static void typesIn(String descriptorOrSignature, Set<String> refs) {
        Matcher m = TYPE.matcher(descriptorOrSignature);
        while (m.find()) refs.add(m.group(1));
    }

    /** "org.jnequip.tensor.cpu.CpuBackend$1" → "org.jnequip.tensor.cpu". */
    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
