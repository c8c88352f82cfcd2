package org.jnequip.nequip.io.torch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * One storage in PyTorch's legacy (pre-zip) {@code torch.save} format, which is what
 * {@code torch.storage._load_from_bytes(b)} reads; nequip's {@code config.yaml} holds such bytes (as
 * {@code !!binary}) for {@code train_idcs} and {@code val_idcs}. The bytes are five pickles and the raw data:
 * <pre>
 *   pickle: magic number 0x1950a86a20f9469cfc6c      pickle: protocol version 1001
 *   pickle: sys_info {protocol_version, little_endian: True, type_sizes}
 *   pickle: the storage, as BINPERSID ('storage', &lt;Type&gt;Storage, key, location, numel, None)
 *   pickle: [key]                                    then: u64 numel (little-endian), numel elements
 * </pre>
 * The pickles go through the same {@link Unpickler} and allow-list as a state dict.
 */
public final class LegacyStorage {
    private LegacyStorage() {}

    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long PROTOCOL = 1001;

    private record Ref(TorchTensor.ScalarType type, String key, long numel) {}

    /** Decodes the bytes; {@code where} names the file and field in errors. */
    public static TorchTensor.Storage read(byte[] b, String where) {
        Unpickler u = new Unpickler(b, 0, where, "legacy torch.save bytes", PickleGlobals::stateDict, LegacyStorage::reference);
        if (!MAGIC.equals(u.next())) throw bad(where, "magic number is not PyTorch's legacy one");
        if (!Long.valueOf(PROTOCOL).equals(u.next())) throw bad(where, "protocol version is not " + PROTOCOL);
        if (!(u.next() instanceof Map<?, ?> info) || !Boolean.TRUE.equals(info.get("little_endian"))) throw bad(where, "sys_info is missing or not little-endian");
        if (!(u.next() instanceof Ref ref)) throw bad(where, "does not hold a storage");
        if (!(u.next() instanceof List<?> keys) || !keys.equals(List.of(ref.key()))) throw bad(where, "storage key list is not ['" + ref.key() + "']");
        int at = u.position();
        if (b.length - at < 8) throw bad(where, "storage data missing (truncated)");
        long numel = ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (numel != ref.numel() || numel < 0 || numel > b.length || numel * ref.type().bytes != b.length - at - 8L)
            throw bad(where, "storage of " + ref.numel() + " elements has " + (b.length - at - 8) + " data bytes (size field " + numel + ")");
        return new TorchTensor.Storage(ref.type(), ref.key(), java.util.Arrays.copyOfRange(b, at + 8, b.length));
    }

    private static Object reference(Unpickler.Tuple pid) {
        if (pid.size() != 6 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof TorchTensor.ScalarType type)
                || !(pid.get(2) instanceof String key) || !(pid.get(4) instanceof Long numel) || pid.get(5) != null)
            throw new IllegalArgumentException("not a ('storage', type, key, location, numel, None) reference");
        return new Ref(type, key, numel);
    }

    private static TorchFileException bad(String where, String what) { return new TorchFileException(where, "legacy torch.save bytes", what); }
}
