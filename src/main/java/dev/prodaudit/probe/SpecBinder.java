package dev.prodaudit.probe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link Probe#bind} may ask of the catalogue loader, which knows the file and so places every error at
 * {@code file:line:col}. {@code E} is the loader's error type: it passes through a probe's hook untouched.
 */
public interface SpecBinder<E extends Exception> {

    /** Binds a mapping strictly (unknown keys, wrong types and failed checks are errors) to a record. */
    <T> T record(JsonNode params, Class<T> type, String path) throws E;

    /** Binds a nested {@code probe:} mapping, {@code type} included, as the catalogue would at that place. */
    BoundProbe probe(JsonNode probeNode, String path) throws E;

    /** An error placed on the key at {@code path} (for a missing or unknown key), for the caller to throw. */
    E keyError(String path, String message, String hint);

    /** An error placed on the value at {@code path}, for the caller to throw. */
    E valueError(String path, String message, String hint);
}
