package org.jnequip.nequip.config;

/**
 * A bad configuration (a training config, a model file's config, a nequip config): an unknown key, a value of the
 * wrong type or out of range, or a setting that does not fit the data. The message names the key and the offending value; {@link #key()} returns the key
 * (null when the problem is not tied to one), so a YAML front end can add the line number.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() { return key; }
}
