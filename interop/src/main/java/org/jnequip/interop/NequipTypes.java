package org.jnequip.interop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.nequip.data.Elements;

/**
 * Type order and chemical elements of a nequip config, as nequip 0.6's TypeMapper defines them:
 * {@code type_names} (written into every saved config) in type-index order; the element of type i from
 * {@code type_to_chemical_symbol}, else from {@code chemical_symbol_to_type}, else {@code chemical_symbols}
 * sorted by atomic number; {@code num_types}, when given, must count them. JNequIP maps atoms to types by element,
 * so two types of one element are refused.
 */
final class NequipTypes {
    private NequipTypes() {}

    static List<String> typeNames(NequipYaml cfg) {
        Map<String, Object> v = cfg.values();
        if (v.get("type_names") instanceof List<?> l) return strings(l);
        if (v.get("chemical_symbol_to_type") instanceof Map<?, ?> m) return byIndex(cfg, "chemical_symbol_to_type", invert(m));
        if (v.get("chemical_symbols") instanceof List<?> l) return sortedByZ(cfg, strings(l));
        throw new IllegalArgumentException(cfg.file() + ": none of type_names, chemical_symbol_to_type, chemical_symbols is given");
    }

    static List<String> elements(NequipYaml cfg, List<String> typeNames) {
        Map<String, Object> v = cfg.values();
        List<String> out;
        String key;
        if (v.get("type_to_chemical_symbol") instanceof Map<?, ?> m) { out = byIndex(cfg, key = "type_to_chemical_symbol", m); }
        else if (v.get("chemical_symbol_to_type") instanceof Map<?, ?> m) { out = byIndex(cfg, key = "chemical_symbol_to_type", invert(m)); }
        else if (v.get("chemical_symbols") instanceof List<?> l) { out = sortedByZ(cfg, strings(l)); key = "chemical_symbols"; }
        else { out = typeNames; key = "type_names"; }
        if (out.size() != typeNames.size()) throw new IllegalArgumentException(cfg.at(key) + ": " + out.size() + " elements for " + typeNames.size() + " type_names");
        if (v.get("num_types") != null && !String.valueOf(v.get("num_types")).equals(Integer.toString(typeNames.size())))
            throw new IllegalArgumentException(cfg.at("num_types") + ": num_types " + v.get("num_types") + " for " + typeNames.size() + " type_names");
        Set<String> seen = new HashSet<>();
        for (String e : out) {
            if (!Elements.isSymbol(e)) throw new IllegalArgumentException(cfg.at(key) + ": '" + e + "' is not a chemical element");
            if (!seen.add(e)) throw new IllegalArgumentException(cfg.at(key) + ": two types are element " + e + "; JNequIP maps atoms to types by element");
        }
        return out;
    }

    private static List<String> byIndex(NequipYaml cfg, String key, Map<?, ?> indexToName) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < indexToName.size(); i++) {
            Object name = indexToName.containsKey(i) ? indexToName.get(i) : indexToName.get(Integer.toString(i));
            if (name == null) throw new IllegalArgumentException(cfg.at(key) + ": " + key + " has no type " + i);
            out.add(String.valueOf(name));
        }
        return out;
    }

    private static Map<Object, Object> invert(Map<?, ?> m) {
        Map<Object, Object> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(v instanceof Number n ? n.intValue() : v, k));
        return out;
    }

    private static List<String> sortedByZ(NequipYaml cfg, List<String> symbols) {
        for (String s : symbols)
            if (!Elements.isSymbol(s)) throw new IllegalArgumentException(cfg.at("chemical_symbols") + ": '" + s + "' is not a chemical element");
        List<String> out = new ArrayList<>(symbols);
        out.sort(Comparator.comparingInt(Elements::atomicNumber));
        return out;
    }

    private static List<String> strings(List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }
}
