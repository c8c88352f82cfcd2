package org.jnequip.autograd;

/**
 * Whether ops are recorded on the tape (per thread). Inference runs inside {@link #noGrad()}:
 * {@snippet :
 * try (var ignored = GradMode.noGrad()) {
 *     Var e = model.energy(batch);   // nothing is recorded
 * }
 * }
 */
public final class GradMode {
    private GradMode() {}

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** A scope in which no op is recorded; restores the previous mode on close. */
    public static Scope noGrad() { return set(false); }

    /** A scope with recording switched on or off. */
    public static Scope set(boolean enabled) {
        boolean[] s = ENABLED.get();
        boolean prev = s[0];
        s[0] = enabled;
        return () -> s[0] = prev;
    }

    /** AutoCloseable without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
