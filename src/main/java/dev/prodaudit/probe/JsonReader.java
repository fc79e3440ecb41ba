package dev.prodaudit.probe;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson mapper the probes read JSON with (response bodies, package.json and lockfiles, log lines, provider
 * APIs), built the first time one is read. A mapper of each probe's own, built when the probe's class was
 * initialised, started Jackson (its date formats, calendars and time zones: about 15 ms of CPU) in every audit,
 * including runs that read no JSON at all, such as a TLS-only run. A default mapper is safe to share between
 * threads once built, and nothing configures this one after.
 */
public final class JsonReader {

    private JsonReader() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The shared default mapper. */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }
}
