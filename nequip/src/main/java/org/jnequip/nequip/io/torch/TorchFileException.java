package org.jnequip.nequip.io.torch;

/**
 * A PyTorch file (checkpoint zip, TorchScript archive, pickle) that is refused: the message is one line,
 * {@code <file>: <entry>: <what>}, naming the file and the entry (zip record, pickle opcode offset or
 * tensor name) where the problem is.
 */
public final class TorchFileException extends IllegalArgumentException {
    private final String file, entry;

    public TorchFileException(String file, String entry, String what) {
        super(file + (entry == null ? "" : ": " + entry) + ": " + what);
        this.file = file;
        this.entry = entry;
    }

    /** The file as given to the reader. */
    public String file() { return file; }

    /** The entry the problem is in (e.g. {@code archive/data/3}), or null for the file as a whole. */
    public String entry() { return entry; }
}
