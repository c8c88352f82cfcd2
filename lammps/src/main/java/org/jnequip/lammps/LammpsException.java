package org.jnequip.lammps;

/** An error LAMMPS reported for a command (only from libraries built with exceptions). */
public final class LammpsException extends IllegalStateException {
    private final boolean abort;

    public LammpsException(String message, boolean abort) {
        super(message);
        this.abort = abort;
    }

    /** True when LAMMPS says the instance is unusable (an error on one rank, "abort"); otherwise it may go on. */
    public boolean isAbort() { return abort; }
}
