package org.jnequip.nequip.io.torch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader of Python pickles (protocol ≤ 2, the opcodes PyTorch writes). In Python a pickle is a
 * program: GLOBAL names any importable callable and REDUCE calls it. Here GLOBAL is looked up in an allow-list
 * ({@link Resolver}, see {@link PickleGlobals}) and anything not on it is refused; REDUCE only applies the
 * {@link Function}s the list returns, NEWOBJ only instantiates TorchScript classes as attribute maps.
 * Values: None → null, bool → Boolean, int → Long (BigInteger beyond 64 bits), float → Double, str → String,
 * tuple → {@link Tuple}, list → ArrayList, dict → LinkedHashMap, TorchScript object → {@link ScriptObject}.
 * Errors name the file, the entry and the byte offset of the opcode.
 */
public final class Unpickler {
    /** A function REDUCE may apply to its argument tuple. */
    @FunctionalInterface
    public interface Function {
        Object call(List<Object> args);
    }

    /** The allow-list: what {@code GLOBAL module name} stands for, or null if it is not allowed. */
    @FunctionalInterface
    public interface Resolver {
        Object global(String module, String name);
    }

    /** Turns a BINPERSID id (PyTorch: a storage reference tuple) into a value. */
    @FunctionalInterface
    public interface PersistentLoader {
        Object load(Tuple pid);
    }

    /** A Python tuple. */
    public record Tuple(List<Object> items) {
        public Tuple { items = Collections.unmodifiableList(new ArrayList<>(items)); }

        public Object get(int i) { return items.get(i); }

        public int size() { return items.size(); }
    }

    /** A TorchScript class named by GLOBAL ({@code __torch__.<module> <Class>}). */
    public record ScriptClass(String name) {}

    /** A TorchScript object: its class and, after BUILD, its attributes (parameters, buffers, submodules, flags). */
    public record ScriptObject(String className, LinkedHashMap<String, Object> attributes) {}

    private static final Object MARK = new Object();

    private final byte[] d;
    private final String file, entry;
    private final Resolver globals;
    private final PersistentLoader persistent;
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos, op;

    public Unpickler(byte[] data, int start, String file, String entry, Resolver globals, PersistentLoader persistent) {
        this.d = data;
        this.pos = start;
        this.file = file;
        this.entry = entry;
        this.globals = globals;
        this.persistent = persistent;
    }

    /** Reads one whole pickle (to its STOP). */
    public static Object load(byte[] data, String file, String entry, Resolver globals, PersistentLoader persistent) {
        Unpickler u = new Unpickler(data, 0, file, entry, globals, persistent);
        Object v = u.next();
        if (u.position() != data.length) throw u.bad("bytes follow the pickle's STOP");
        return v;
    }

    /** Byte offset after the last pickle read. */
    public int position() { return pos; }

    /** Reads the next pickle from the current position (files may hold several back to back). */
    public Object next() {
        memo.clear();
        ArrayList<Object> stack = new ArrayList<>();
        ArrayDeque<Integer> marks = new ArrayDeque<>();
        while (true) {
            op = pos;
            int code = u8();
            switch (code) {
                case 0x80 -> { int v = u8(); if (v > 2) throw bad("protocol " + v + "; only protocols up to 2 (what PyTorch writes) are read"); }
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) throw bad("STOP with " + stack.size() + " values on the stack");
                    return stack.get(0);
                }
                case '(' -> { marks.push(stack.size()); stack.add(MARK); }
                case ')' -> stack.add(new Tuple(List.of()));
                case 't' -> stack.add(new Tuple(popMark(stack, marks)));
                case 0x85, 0x86, 0x87 -> {
                    int n = code - 0x84;
                    need(stack, n);
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    stack.subList(stack.size() - n, stack.size()).clear();
                    stack.add(new Tuple(items));
                }
                case ']' -> stack.add(new ArrayList<>());
                case 'a' -> { Object v = pop(stack); list(top(stack)).add(v); }
                case 'e' -> { List<Object> items = popMark(stack, marks); list(top(stack)).addAll(items); }
                case '}' -> stack.add(new LinkedHashMap<>());
                case 's' -> { Object v = pop(stack), k = pop(stack); dict(top(stack)).put(k, v); }
                case 'u' -> {
                    List<Object> kv = popMark(stack, marks);
                    if (kv.size() % 2 != 0) throw bad("SETITEMS with an odd number of values");
                    Map<Object, Object> m = dict(top(stack));
                    for (int i = 0; i < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
                }
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'K' -> stack.add((long) u8());
                case 'M' -> stack.add((long) (u8() | u8() << 8));
                case 'J' -> stack.add((long) le(4).getInt());
                case 0x8a -> stack.add(long1(u8()));
                case 'G' -> stack.add(ByteBuffer.wrap(take(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> stack.add(new String(take(len(le(4).getInt() & 0xFFFFFFFFL)), StandardCharsets.UTF_8));
                case 'q' -> memo.put((long) u8(), top(stack));
                case 'r' -> memo.put(le(4).getInt() & 0xFFFFFFFFL, top(stack));
                case 'h' -> stack.add(memo(u8()));
                case 'j' -> stack.add(memo(le(4).getInt() & 0xFFFFFFFFL));
                case '0' -> pop(stack);
                case '1' -> popMark(stack, marks);
                case '2' -> stack.add(top(stack));
                case 'c' -> stack.add(global(line(), line()));
                case 'Q' -> stack.add(persistent(pop(stack)));
                case 'R' -> { Object args = pop(stack), f = pop(stack); stack.add(reduce(f, args)); }
                case 0x81 -> { Object args = pop(stack), cls = pop(stack); stack.add(newObject(cls, args)); }
                case 'b' -> { Object state = pop(stack); build(top(stack), state); }
                default -> throw bad(String.format("opcode 0x%02x is not one PyTorch files use (refused)", code));
            }
        }
    }

    private Object global(String module, String name) {
        Object g = globals.global(module, name);
        if (g == null) throw bad("GLOBAL '" + module + " " + name + "' is not allowed (a pickle is read as data: only PyTorch's tensor, storage and TorchScript names are)");
        return g;
    }

    private Object reduce(Object f, Object args) {
        if (!(f instanceof Function fn)) throw bad("REDUCE of " + describe(f) + " is not allowed (only allow-listed functions are applied)");
        if (!(args instanceof Tuple t)) throw bad("REDUCE arguments are not a tuple");
        try {
            return fn.call(t.items());
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException | ArithmeticException e) {
            throw bad("REDUCE: " + e.getMessage());
        }
    }

    private Object newObject(Object cls, Object args) {
        if (!(cls instanceof ScriptClass c)) throw bad("NEWOBJ of " + describe(cls) + " is not allowed (only TorchScript classes)");
        if (!(args instanceof Tuple t) || t.size() != 0) throw bad("NEWOBJ of " + c.name() + " with arguments");
        return new ScriptObject(c.name(), new LinkedHashMap<>());
    }

    private void build(Object target, Object state) {
        if (!(state instanceof Map<?, ?> m)) throw bad("BUILD with a state that is not a dict");
        if (target instanceof ScriptObject o) {
            for (var e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) throw bad("BUILD of " + o.className() + ": attribute name is not a string");
                o.attributes().put(k, e.getValue());
            }
        } else if (!(target instanceof Map<?, ?>)) {
            throw bad("BUILD of " + describe(target) + " is not allowed");
        }                                              // a state dict's BUILD only sets its _metadata attribute: ignored
    }

    private Object persistent(Object pid) {
        if (persistent == null) throw bad("BINPERSID in a pickle that may not reference storages");
        if (!(pid instanceof Tuple t)) throw bad("persistent id is not a tuple");
        try {
            return persistent.load(t);
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw bad("storage reference " + t.items() + ": " + e.getMessage());
        }
    }

    private static String describe(Object o) {
        if (o instanceof ScriptClass c) return "class " + c.name();
        if (o instanceof TorchTensor.ScalarType t) return "torch " + t.storageName;
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private Object memo(long k) {
        if (!memo.containsKey(k)) throw bad("memo slot " + k + " is read before it is written");
        return memo.get(k);
    }

    private List<Object> popMark(List<Object> stack, ArrayDeque<Integer> marks) {
        if (marks.isEmpty()) throw bad("no MARK on the stack");
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private void need(List<Object> stack, int n) {
        if (stack.size() < n || stack.subList(stack.size() - n, stack.size()).contains(MARK)) throw bad("stack holds fewer than " + n + " values");
    }

    private Object pop(List<Object> stack) {
        need(stack, 1);
        return stack.remove(stack.size() - 1);
    }

    private Object top(List<Object> stack) {
        need(stack, 1);
        return stack.get(stack.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw bad("APPEND to " + describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
        throw bad("SETITEM on " + describe(o) + ", not a dict");
    }

    private Object long1(int n) {
        byte[] le = take(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private int u8() {
        if (pos >= d.length) throw bad("pickle ends early (truncated)");
        return d[pos++] & 0xFF;
    }

    private int len(long n) {
        if (n > d.length - pos) throw bad("string of " + n + " bytes runs past the end (truncated)");
        return (int) n;
    }

    private byte[] take(int n) {
        if (n > d.length - pos) throw bad("pickle ends early (truncated)");
        byte[] b = Arrays.copyOfRange(d, pos, pos + n);
        pos += n;
        return b;
    }

    private ByteBuffer le(int n) { return ByteBuffer.wrap(take(n)).order(ByteOrder.LITTLE_ENDIAN); }

    /** A GLOBAL argument: text up to a newline. */
    private String line() {
        int start = pos;
        while (pos < d.length && d[pos] != '\n') pos++;
        if (pos >= d.length || pos - start > 200) throw bad("GLOBAL name is not terminated (truncated)");
        return new String(d, start, pos++ - start, StandardCharsets.US_ASCII);
    }

    private TorchFileException bad(String what) { return new TorchFileException(file, entry, "pickle byte " + op + ": " + what); }
}
