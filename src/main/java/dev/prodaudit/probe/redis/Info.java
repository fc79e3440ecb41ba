package dev.prodaudit.probe.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The fields of an INFO reply ({@code name:value} lines; {@code # Section} headers and blank lines skipped). */
record Info(Map<String, String> fields) {

    static Info parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        }
        return new Info(Map.copyOf(out));
    }

    Optional<String> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    OptionalLong number(String field) {
        String v = fields.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
