package org.jnequip.nequip.io.torch;

/**
 * A PyTorch file (checkpoint zip, TorchScript archive, pickle) that is refused: the message is one line,
 * {@code <file>: <entry>: <what>}, naming the file and the entry (zip record, pickle opcode offset or
 * tensor name) where the problem is.
 */
public final class TorchFileException extends IllegalArgumentException {
    public TorchFileException(String file, String entry, String what) {
        super(file + (entry == null ? "" : ": " + entry) + ": " + what);
    }
}
