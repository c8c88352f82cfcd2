package org.jnequip.nequip.data;

/**
 * Malformed data file. The message names the file, the frame index (0-based), the line number (1-based;
 * 0 when not applicable) and the field, then says what is wrong, e.g.
 * {@code bad.extxyz: frame 3, line 42, field 'forces': non-finite value 'nan'}.
 */
public final class DataFormatException extends IllegalArgumentException {
    private final String file;
    private final int frame;
    private final long line;
    private final String field;

    public DataFormatException(String file, int frame, long line, String field, String detail) {
        super(format(file, frame, line, field, detail));
        this.file = file;
        this.frame = frame;
        this.line = line;
        this.field = field;
    }

    private static String format(String file, int frame, long line, String field, String detail) {
        StringBuilder b = new StringBuilder(file);
        if (frame >= 0) b.append(": frame ").append(frame);
        if (line > 0) b.append(frame >= 0 ? ", line " : ": line ").append(line);
        if (field != null) b.append(frame >= 0 || line > 0 ? ", field '" : ": field '").append(field).append('\'');
        return b.append(": ").append(detail).toString();
    }

    public String file() { return file; }
    /** 0-based frame index, or -1. */
    public int frame() { return frame; }
    /** 1-based line number, or 0. */
    public long line() { return line; }
    /** The offending field or key (e.g. "forces", "Lattice"), or null. */
    public String field() { return field; }
}
