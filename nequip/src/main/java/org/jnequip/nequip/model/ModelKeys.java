package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.config.ConfigMap;
import org.jnequip.tensor.DType;

/**
 * Every model key of a NequIP config, in one table: its nequip 0.6 name, how a config map's value becomes the
 * typed value (type, example.yaml default, range, an error naming the key) and how that value is written back.
 * {@link #read} is the one reader — of a training config's model part, of a model file's {@code config}
 * metadata and of nequip's own key maps (golden files; later nequip's {@code config.yaml}) — and {@link #write}
 * the one writer; {@link NequipConfig} is the typed record both meet in.
 *
 * <p>Some values come from the training data rather than from the config: a training config may leave out
 * chemical_symbols and may say {@code avg_num_neighbors: auto} (or leave it out), which {@link Values} keeps
 * open until {@link Values#with} fills them; the rescaling (per_species_rescale_*, global_rescale_scale) is
 * always the training set's statistics, so a training config may not set it.
 *
 * {@snippet :
 * Map<String, Object> nequipKeys = Map.of("chemical_symbols", List.of("H", "O"), "r_max", 5.0, "avg_num_neighbors", 12.0);
 * NequipConfig c = ModelKeys.read(nequipKeys, ModelKeys.Source.NEQUIP).toConfig();   // other keys: example.yaml defaults
 * Map<String, Object> back = ModelKeys.write(c);   // every key, defaults included; read(back, MODEL_FILE) gives c again
 * }
 */
public final class ModelKeys {
    private ModelKeys() {}

    /** Where a key map comes from; it decides what a missing key means. */
    public enum Source {
        /** nequip's key names as nequip writes or reads them: missing keys take nequip 0.6.2's example.yaml defaults. */
        NEQUIP,
        /** The model part of a training config: defaults as NEQUIP; the rescaling keys are refused (the data set them). */
        TRAINING,
        /** A model file's config, written by {@link #write}: every key must be there. */
        MODEL_FILE
    }

    /** The even- and odd-parity activation of nonlinearity_scalars / nonlinearity_gates. */
    public record EvenOdd(String e, String o) {}

    /** An open value: the data decide it (absent chemical_symbols, avg_num_neighbors auto). */
    private static final Object FROM_DATA = new Object();

    /** How one key's value is read from a config map: the typed value, or FROM_DATA. */
    @FunctionalInterface
    private interface Reader { Object read(ConfigMap m, String key); }

    /**
     * One model key. {@code trainingSets}: null when a training config may set the key, else how a training run
     * sets it (for the error message).
     */
    public static final class Key<T> {
        private final String name;
        private final Reader reader;
        private final Function<NequipConfig, T> get;
        private final Function<T, Object> write;
        private final String trainingSets;

        private Key(String name, Reader reader, Function<NequipConfig, T> get, Function<T, Object> write, String trainingSets) {
            this.name = name;
            this.reader = reader;
            this.get = get;
            this.write = write;
            this.trainingSets = trainingSets;
        }

        public String name() { return name; }

        /** The value in {@code c}, as {@link #write} puts it in a map (a JSON/YAML value). */
        public Object written(NequipConfig c) { return write.apply(get.apply(c)); }

        @Override public String toString() { return name; }
    }

    private static <T> Key<T> key(String name, Reader r, Function<NequipConfig, T> get, Function<T, Object> write) {
        return new Key<>(name, r, get, write, null);
    }

    private static <T> Key<T> fromTrainingData(String name, Reader r, Function<NequipConfig, T> get, Function<T, Object> write, String what) {
        return new Key<>(name, r, get, write, what);
    }

    // ------------------------------------------------------------------ the table (NequipConfig's order)
    public static final Key<List<String>> CHEMICAL_SYMBOLS = key("chemical_symbols", ModelKeys::symbols, NequipConfig::chemicalSymbols, ArrayList<Object>::new);
    public static final Key<Double> R_MAX = key("r_max", (m, k) -> m.real(k, 4.0, 0, true, 1e3), NequipConfig::rMax, v -> v);
    public static final Key<Integer> NUM_LAYERS = key("num_layers", (m, k) -> m.integer(k, 4, 1), NequipConfig::numLayers, Integer::longValue);
    public static final Key<Integer> L_MAX = key("l_max", (m, k) -> m.integer(k, 2, 0), NequipConfig::lMax, Integer::longValue);
    public static final Key<Boolean> PARITY = key("parity", (m, k) -> m.bool(k, true), NequipConfig::parity, v -> v);
    public static final Key<Integer> NUM_FEATURES = key("num_features", (m, k) -> m.integer(k, 32, 1), NequipConfig::numFeatures, Integer::longValue);
    public static final Key<Integer> NUM_BASIS = key("num_basis", (m, k) -> m.integer(k, 8, 1), NequipConfig::numBasis, Integer::longValue);
    public static final Key<Boolean> BESSEL_TRAINABLE = key("BesselBasis_trainable", (m, k) -> m.bool(k, true), NequipConfig::besselTrainable, v -> v);
    public static final Key<Double> CUTOFF_P = key("PolynomialCutoff_p", (m, k) -> m.real(k, 6.0, 0, true, 1e3), NequipConfig::polynomialCutoffP, v -> v);
    public static final Key<Integer> INVARIANT_LAYERS = key("invariant_layers", (m, k) -> m.integer(k, 2, 0), NequipConfig::invariantLayers, Integer::longValue);
    public static final Key<Integer> INVARIANT_NEURONS = key("invariant_neurons", (m, k) -> m.integer(k, 64, 1), NequipConfig::invariantNeurons, Integer::longValue);
    public static final Key<EvenOdd> NONLINEARITY_SCALARS = key("nonlinearity_scalars", (m, k) -> evenOdd(m, k, "silu", "tanh"),
            c -> new EvenOdd(c.scalarsEven(), c.scalarsOdd()), ModelKeys::evenOddMap);
    public static final Key<EvenOdd> NONLINEARITY_GATES = key("nonlinearity_gates", (m, k) -> evenOdd(m, k, "silu", "tanh"),
            c -> new EvenOdd(c.gatesEven(), c.gatesOdd()), ModelKeys::evenOddMap);
    public static final Key<Boolean> USE_SC = key("use_sc", (m, k) -> m.bool(k, true), NequipConfig::useSc, v -> v);
    public static final Key<Boolean> RESNET = key("resnet", (m, k) -> m.bool(k, false), NequipConfig::resnet, v -> v);
    /** A number > 0; null: no normalisation (NaN in {@link NequipConfig}); auto or absent: the data's mean neighbour count. */
    public static final Key<Double> AVG_NUM_NEIGHBORS = key("avg_num_neighbors", ModelKeys::avgNumNeighbors, NequipConfig::avgNumNeighbors,
            v -> v.isNaN() ? null : v);
    /** Per-species scales in model units (already divided by global_rescale_scale); null: 1. */
    public static final Key<double[]> PER_SPECIES_SCALES = fromTrainingData("per_species_rescale_scales", (m, k) -> m.realList(k),
            NequipConfig::perSpeciesScales, ModelKeys::list, "there are none: the global scale covers every species");
    /** Per-species energy shifts in model units; null: 0. */
    public static final Key<double[]> PER_SPECIES_SHIFTS = fromTrainingData("per_species_rescale_shifts", (m, k) -> m.realList(k),
            NequipConfig::perSpeciesShifts, ModelKeys::list, "they are the per-species energy regression of the training set");
    public static final Key<Double> GLOBAL_SCALE = fromTrainingData("global_rescale_scale", (m, k) -> m.real(k, 1.0, 0, true, Double.POSITIVE_INFINITY),
            NequipConfig::globalScale, v -> v, "it is the force RMS of the training set");
    /** float32 or float64; when absent, default_dtype (nequip's torch default) decides. */
    public static final Key<DType> MODEL_DTYPE = key("model_dtype",
            (m, k) -> DType.parse(m.string(k, m.string("default_dtype", "float32", "float32", "float64"), "float32", "float64")),
            NequipConfig::dtype, DType::pythonName);

    /** Every key, in the order {@link #write} writes them. */
    public static final List<Key<?>> ALL = List.of(CHEMICAL_SYMBOLS, R_MAX, NUM_LAYERS, L_MAX, PARITY, NUM_FEATURES, NUM_BASIS,
            BESSEL_TRAINABLE, CUTOFF_P, INVARIANT_LAYERS, INVARIANT_NEURONS, NONLINEARITY_SCALARS, NONLINEARITY_GATES, USE_SC,
            RESNET, AVG_NUM_NEIGHBORS, PER_SPECIES_SCALES, PER_SPECIES_SHIFTS, GLOBAL_SCALE, MODEL_DTYPE);

    /** Every name the reader understands: the keys, and default_dtype (read as the default of model_dtype). */
    public static final Set<String> NAMES;
    static {
        Set<String> n = new LinkedHashSet<>();
        for (Key<?> k : ALL) n.add(k.name());
        n.add("default_dtype");
        NAMES = Collections.unmodifiableSet(n);
    }

    /** The activations nonlinearity_scalars / nonlinearity_gates may name. */
    public static final List<String> ACTIVATIONS = List.of("silu", "ssp", "tanh", "abs", "sigmoid", "relu");

    // ------------------------------------------------------------------ reader and writer
    /**
     * Reads the model keys of {@code map}. Other keys are collected in {@link Values#unknown} (a model file may
     * have none). Errors are {@link ConfigException}s naming the key.
     */
    public static Values read(Map<String, Object> map, Source source) {
        ConfigMap m = new ConfigMap(map);
        Map<Key<?>, Object> v = new LinkedHashMap<>();
        for (Key<?> k : ALL) {
            if (source == Source.MODEL_FILE && !map.containsKey(k.name))
                throw new ConfigException(k.name, "key '" + k.name + "' is missing");
            if (source == Source.TRAINING && k.trainingSets != null) {
                if (map.containsKey(k.name))
                    throw new ConfigException(k.name, "key '" + k.name + "' cannot be set for training: " + k.trainingSets + "; remove it");
                continue;
            }
            Object x = k.reader.read(m, k.name);
            if (x != FROM_DATA) v.put(k, x);
        }
        Map<String, Object> unknown = m.unknown(NAMES);
        if (source == Source.MODEL_FILE && !unknown.isEmpty()) {
            String k = unknown.keySet().iterator().next();
            throw new ConfigException(k, "unknown key '" + k + "' (a model file written by a newer JNequIP?)");
        }
        return new Values(v, unknown);
    }

    /** Every key of {@code c}, in table order, as JSON/YAML values (ints as Long, NaN avg_num_neighbors as null). */
    public static Map<String, Object> write(NequipConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Key<?> k : ALL) m.put(k.name, k.written(c));
        return m;
    }

    /**
     * The typed values of one read: every key the map set or defaulted, minus the open ones, plus the keys the
     * table does not model ({@link #unknown}: a caller may reject them, ignore them or pass them on).
     */
    public static final class Values {
        private final Map<Key<?>, Object> values;   // may hold null (per-species arrays); absent = open
        private final Map<String, Object> unknown;

        private Values(Map<Key<?>, Object> values, Map<String, Object> unknown) {
            this.values = Collections.unmodifiableMap(values);
            this.unknown = Collections.unmodifiableMap(unknown);
        }

        /** True when the data decide this key's value (it was left open, or a training config may not set it). */
        public boolean fromData(Key<?> k) { return !values.containsKey(k); }

        @SuppressWarnings("unchecked")
        public <T> T get(Key<T> k) {
            if (fromData(k)) throw new IllegalStateException("key '" + k.name + "' is decided by the training data and has no value yet");
            return (T) values.get(k);
        }

        /** These values with {@code k} set to {@code value} (e.g. a statistic of the training data). */
        public <T> Values with(Key<T> k, T value) {
            Map<Key<?>, Object> v = new LinkedHashMap<>(values);
            v.put(k, value);
            return new Values(v, unknown);
        }

        /** The keys of the map that are not model keys, with their values. */
        public Map<String, Object> unknown() { return unknown; }

        /** The model config; ConfigException naming the first key still open. */
        public NequipConfig toConfig() {
            for (Key<?> k : ALL)
                if (fromData(k)) throw new ConfigException(k.name, k == CHEMICAL_SYMBOLS ? "key 'chemical_symbols' is required"
                        : "key '" + k.name + "' has no value: " + (k == AVG_NUM_NEIGHBORS ? "auto needs training data; give a number, or null for none" : "it comes from training data"));
            EvenOdd sc = get(NONLINEARITY_SCALARS), gt = get(NONLINEARITY_GATES);
            return new NequipConfig(get(CHEMICAL_SYMBOLS), get(R_MAX), get(NUM_LAYERS), get(L_MAX), get(PARITY), get(NUM_FEATURES),
                    get(NUM_BASIS), get(BESSEL_TRAINABLE), get(CUTOFF_P), get(INVARIANT_LAYERS), get(INVARIANT_NEURONS), sc.e(), sc.o(),
                    gt.e(), gt.o(), get(USE_SC), get(RESNET), get(AVG_NUM_NEIGHBORS), get(PER_SPECIES_SCALES), get(PER_SPECIES_SHIFTS),
                    get(GLOBAL_SCALE), get(MODEL_DTYPE));
        }
    }

    // ------------------------------------------------------------------ readers and writers of the composite keys
    private static Object symbols(ConfigMap m, String k) {
        List<String> s = m.strings(k);
        if (s == null) return FROM_DATA;
        if (s.isEmpty()) throw ConfigMap.bad(k, m.get(k), "a non-empty list of element symbols");
        if (new LinkedHashSet<>(s).size() != s.size()) throw ConfigMap.bad(k, m.get(k), "a list without repeated symbols");
        return List.copyOf(s);
    }

    private static Object avgNumNeighbors(ConfigMap m, String k) {
        Object v = m.get(k);
        if (v == null) return m.raw().containsKey(k) ? Double.NaN : FROM_DATA;   // null: none; absent: auto
        if ("auto".equals(v)) return FROM_DATA;
        try {
            return m.real(k, Double.NaN, 0, true, Double.POSITIVE_INFINITY);
        } catch (ConfigException e) {
            throw ConfigMap.bad(k, v, "auto, null or a number > 0");
        }
    }

    private static EvenOdd evenOdd(ConfigMap m, String key, String e, String o) {
        Map<String, Object> map = m.mapping(key);
        if (map == null) return new EvenOdd(e, o);
        for (String k : map.keySet())
            if (!Set.of("e", "o").contains(k)) throw ConfigMap.bad(key, map, "a mapping with keys e and o, e.g. {e: silu, o: tanh}");
        ConfigMap sub = new ConfigMap(map);
        String[] allowed = ACTIVATIONS.toArray(String[]::new);
        return new EvenOdd(sub.stringAs(key + ".e", "e", e, allowed), sub.stringAs(key + ".o", "o", o, allowed));
    }

    private static Object evenOddMap(EvenOdd v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", v.e());
        m.put("o", v.o());
        return m;
    }

    private static Object list(double[] a) {
        if (a == null) return null;
        List<Object> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l;
    }
}
