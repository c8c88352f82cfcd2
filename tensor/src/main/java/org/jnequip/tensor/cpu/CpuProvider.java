package org.jnequip.tensor.cpu;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;

/** ServiceLoader entry for "cpu": always available; {@link Backends#cpu} creates the one instance. */
public final class CpuProvider implements Backends.Provider {
    @Override public String name() { return "cpu"; }

    @Override public String unavailableReason() { return null; }

    @Override public Backend create() { return new CpuBackend(); }
}
