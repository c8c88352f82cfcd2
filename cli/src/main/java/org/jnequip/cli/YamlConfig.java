package org.jnequip.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.nequip.config.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a nequip-style YAML config into a key → value map (safe constructor only: strings, numbers,
 * booleans, lists, mappings) and remembers the line of every top-level key, so that errors about a key can
 * point at it ("demo.yaml:12: key 'batch_size': ..."). Duplicate keys are an error.
 */
public record YamlConfig(Path file, Map<String, Object> values, Map<String, Integer> lines) {

    public static YamlConfig load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": config file not found");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        Map<String, Integer> lines = new LinkedHashMap<>();
        Object obj;
        try {
            Node root = new Yaml(new SafeConstructor(opts)).compose(new java.io.StringReader(text));
            if (root != null && !(root instanceof MappingNode))
                throw new IllegalArgumentException(file + ": the config must be a mapping of keys to values");
            if (root instanceof MappingNode m)
                for (NodeTuple t : m.getValue())
                    if (t.getKeyNode() instanceof ScalarNode k) lines.putIfAbsent(k.getValue(), k.getStartMark().getLine() + 1);
            obj = new Yaml(new SafeConstructor(opts)).load(text);
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(file + ":" + (e.getProblemMark() == null ? "" : (e.getProblemMark().getLine() + 1) + ":")
                    + " YAML error: " + e.getProblem(), e);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(file + ": YAML error: " + e.getMessage(), e);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (obj instanceof Map<?, ?> m) m.forEach((k, v) -> values.put(String.valueOf(k), v));
        return new YamlConfig(file, values, lines);
    }

    /** "file:line: message" for a config error about a key (or "file: message"). */
    public String locate(ConfigException e) {
        String key = e.key() == null ? null : e.key().split("\\.")[0];
        Integer line = key == null ? null : lines.get(key);
        return file + (line != null ? ":" + line : "") + ": " + e.getMessage();
    }
}
