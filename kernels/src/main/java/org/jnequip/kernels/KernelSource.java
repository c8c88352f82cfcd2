package org.jnequip.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the single-source kernel files (resources under org/jnequip/kernels) and produces the OpenCL
 * program text: the prelude, then the file instantiated once per element type,
 * <pre>  #define T float / #define FN(n) n##_f32 / #define ATOMIC_ADD_T ATOMIC_ADD_F32  ...file...  #undef ... </pre>
 * and again for double where the device has fp64. {@code #include "x.h"} lines are inlined (the prelude
 * once, at the top). scripts/build-ptx.sh does the same instantiation for nvcc.
 */
final class KernelSource {
    private KernelSource() {}

    static final String DIR = "/org/jnequip/kernels/";

    /** Every kernel file (program), without the .cu extension. */
    static final String[] PROGRAMS = {"elementwise", "convert", "layout", "reduce", "matmul", "index", "sh", "tp", "fused_conv"};

    /** Kernel files that are not type-templated (they name float and double themselves). */
    static boolean templated(String program) { return !program.equals("convert"); }

    static String read(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("kernel resource missing: " + DIR + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel resource " + name, e);
        }
    }

    static boolean exists(String name) { return KernelSource.class.getResource(DIR + name) != null; }

    /** Full OpenCL C text of a program ("elementwise" -> elementwise.cu). */
    static String openCl(String program, boolean fp64) {
        StringBuilder sb = new StringBuilder();
        if (fp64) sb.append("#define JNEQUIP_FP64 1\n");
        sb.append(read("prelude.h")).append('\n');
        String body = inline(read(program + ".cu"), 0);
        if (!templated(program)) return sb.append(body).toString();
        sb.append(instance(body, "float", "f32"));
        if (fp64) sb.append(instance(body, "double", "f64"));
        return sb.toString();
    }

    private static String instance(String body, String type, String suffix) {
        String up = suffix.toUpperCase(java.util.Locale.ROOT);
        return "#define T " + type + "\n#define FN(name) name##_" + suffix + "\n#define ATOMIC_ADD_T(p, v) ATOMIC_ADD_" + up + "(p, v)\n"
                + body + "\n#undef T\n#undef FN\n#undef ATOMIC_ADD_T\n";
    }

    /** Replaces #include "x" by the resource x (prelude.h by nothing: it is already at the top). */
    private static String inline(String text, int depth) {
        if (depth > 8) throw new IllegalStateException("kernel #include nesting too deep");
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String t = line.trim();
            if (t.startsWith("#include \"") && t.endsWith("\"")) {
                String name = t.substring(10, t.length() - 1);
                if (!name.equals("prelude.h")) sb.append(inline(read(name), depth + 1));
                sb.append('\n');
            } else {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
