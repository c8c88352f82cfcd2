package org.jnequip.interop;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.io.torch.LegacyStorage;
import org.jnequip.nequip.io.torch.PickleGlobals;
import org.jnequip.nequip.io.torch.Unpickler;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * nequip's YAML ({@code config.yaml} of a run, {@code extra/config} of a deployed model, written by PyYAML's
 * full dumper; and JNequIP's training configs, which use nequip's keys), read as data, with the line of every
 * top-level key for messages about it ({@link #at}, {@link #locate}). Plain YAML goes through SnakeYAML's safe constructor; of the Python tags PyYAML
 * writes, these are accepted and everything else under {@code !!python/} is refused with the file and line:
 * <pre>
 *   !!python/tuple                                          → a list (e.g. _jit_fusion_strategy, optimizer betas)
 *   !!python/object/apply:torch._utils._rebuild_tensor_v2   → a tensor view   (train_idcs, val_idcs)
 *   !!python/object/apply:torch.storage._load_from_bytes    → its storage, decoded by {@link LegacyStorage}
 *   !!python/object/apply:collections.OrderedDict           → a map (the empty backward hooks)
 * </pre>
 * The three "apply" tags are the pickle allow-list's own functions ({@link PickleGlobals}), so a YAML file can
 * build no more than a state dict can: tensors, storages and maps.
 *
 * @param file   the file as named in errors
 * @param values top-level keys and values, in file order
 * @param lines  the line of every top-level key
 */
public record NequipYaml(String file, Map<String, Object> values, Map<String, Integer> lines) {
    private static final String PY = "tag:yaml.org,2002:python/";
    private static final java.util.Set<String> KNOWN = java.util.Set.of("tuple", "object/apply:torch.storage._load_from_bytes",
            "object/apply:torch._utils._rebuild_tensor_v2", "object/apply:collections.OrderedDict");
    private static final int MAX_CHARS = 256 << 20;      // train_idcs of a large data set are megabytes of !!binary

    public static NequipYaml read(Path file) {
        return parse(CheckedRead.text(file, "config file", MAX_CHARS), file.toString());
    }

    public static NequipYaml parse(String text, String file) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setCodePointLimit(MAX_CHARS);
        opts.setTagInspector(tag -> tag.getValue().startsWith(PY));      // python tags reach Tags, which refuses all but a few
        try {
            Node root = new Yaml(new SafeConstructor(opts)).compose(new StringReader(text));
            if (!(root instanceof MappingNode m)) throw new IllegalArgumentException(file + ": expected a mapping of keys to values");
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue())
                if (t.getKeyNode() instanceof ScalarNode k) lines.putIfAbsent(k.getValue(), k.getStartMark().getLine() + 1);
            Object obj = new Yaml(new Tags(opts, file)).load(text);
            Map<String, Object> values = new LinkedHashMap<>();
            ((Map<?, ?>) obj).forEach((k, v) -> values.put(String.valueOf(k), v));
            return new NequipYaml(file, values, lines);
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(file + ":" + (e.getProblemMark() == null ? "" : (e.getProblemMark().getLine() + 1) + ":") + " YAML error: " + e.getProblem(), e);
        } catch (YAMLException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException(file + ": YAML error: " + e.getMessage(), e);
        }
    }

    /**
     * Block YAML as PyYAML's {@code yaml.dump} writes nequip's configs: keys sorted at every level, and the values
     * nequip keeps as Python tuples ({@code _jit_fusion_strategy} items, {@code optimizer_kwargs.betas}) tagged
     * {@code !!python/tuple}, so nequip reads back tuples.
     */
    public static String dump(Map<String, Object> values) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndicatorIndent(0);
        o.setWidth(1 << 16);
        return new Yaml(new TupleRepresenter(o), o).dump(sorted(values, ""));
    }

    /** A value written as a Python tuple. */
    private record Tuple(List<?> items) {}

    private static Object sorted(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put(k, sorted(x, path.isEmpty() ? String.valueOf(k) : path + "." + k)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(sorted(x, path + "[]"));
            return path.equals("optimizer_kwargs.betas") || path.equals("_jit_fusion_strategy[]") ? new Tuple(out) : out;
        }
        return v;
    }

    private static final class TupleRepresenter extends Representer {
        TupleRepresenter(DumperOptions o) {
            super(o);
            representers.put(Tuple.class, data -> representSequence(new Tag(PY + "tuple"), ((Tuple) data).items(), DumperOptions.FlowStyle.BLOCK));
        }
    }

    /** "file:line" of a top-level key, for messages about it. */
    public String at(String key) {
        Integer line = lines.get(key);
        return file + (line == null ? "" : ":" + line);
    }

    /** "file:line: message" for a config error about a key ("a.b" is blamed on a's line), or "file: message". */
    public String locate(ConfigException e) {
        return (e.key() == null ? file : at(e.key().split("\\.")[0])) + ": " + e.getMessage();
    }

    /** The safe constructor plus the Python tags above. */
    private static final class Tags extends SafeConstructor {
        private final String file;

        Tags(LoaderOptions opts, String file) {
            super(opts);
            this.file = file;
            yamlMultiConstructors.put(PY, new AbstractConstruct() {
                @Override
                public Object construct(Node node) { return python(node); }
            });
        }

        private Object python(Node node) {
            String tag = node.getTag().getValue().substring(PY.length());
            String where = file + ":" + (node.getStartMark().getLine() + 1);
            if (!(node instanceof SequenceNode seq) || !KNOWN.contains(tag))
                throw new IllegalArgumentException(where + ": YAML tag '!!python/" + tag + "' is not allowed (" + allowed() + ")");
            List<Object> args = new ArrayList<>(constructSequence(seq));
            try {
                return switch (tag) {
                    case "tuple" -> args;
                    case "object/apply:torch.storage._load_from_bytes" -> {
                        if (args.size() != 1 || !(args.get(0) instanceof byte[] b)) throw new IllegalArgumentException("expects one !!binary argument");
                        yield LegacyStorage.read(b, where);
                    }
                    case "object/apply:torch._utils._rebuild_tensor_v2" -> apply("torch._utils", "_rebuild_tensor_v2", args);
                    case "object/apply:collections.OrderedDict" -> {
                        if (args.size() != 1 || !(args.get(0) instanceof List<?> pairs) || !pairs.isEmpty()) throw new IllegalArgumentException("only an empty OrderedDict is expected");
                        yield new LinkedHashMap<>();
                    }
                    default -> throw new IllegalStateException(tag);
                };
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": YAML tag '!!python/" + tag + "' " + e.getMessage(), e);
            }
        }

        /** Calls an allow-listed pickle function with YAML arguments (ints as longs, lists as tuples). */
        private static Object apply(String module, String name, List<Object> args) {
            List<Object> a = new ArrayList<>();
            for (Object o : args) a.add(o instanceof Integer i ? (Object) (long) i : o instanceof List<?> l ? tuple(l) : o);
            return ((Unpickler.Function) PickleGlobals.stateDict(module, name)).call(a);
        }

        private static Unpickler.Tuple tuple(List<?> l) {
            List<Object> items = new ArrayList<>();
            for (Object o : l) items.add(o instanceof Integer i ? (Object) (long) i : o);
            return new Unpickler.Tuple(items);
        }

        private static String allowed() {
            return "only !!python/tuple and the tensor tags nequip writes for train_idcs/val_idcs are read";
        }
    }
}
