package dev.prodaudit.probe.env;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.Regex;
import dev.prodaudit.probe.ProbeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: env}: rules for environment variables, by name, and groups of variables whose values
 * must all differ (two JWT secrets must not be the same secret).
 *
 * <pre>
 * probe:
 *   type: env
 *   vars:
 *     JWT_ACCESS_SECRET: {bytes: {min: 48, encoding: base64}, minEntropy: 4.5}
 *     NODE_ENV: {oneOf: [production]}
 *   distinct: [[JWT_ACCESS_SECRET, JWT_REFRESH_SECRET]]
 * </pre>
 */
public record EnvSpec(Map<String, EnvRule> vars, List<List<String>> distinct) implements ProbeSpec {

    public EnvSpec {
        if (vars == null || vars.isEmpty()) {
            throw new IllegalArgumentException("'vars' must name at least one variable");
        }
        vars = new LinkedHashMap<>(vars);
        vars.replaceAll((k, v) -> v == null ? EnvRule.PRESENT : v);
        vars = java.util.Collections.unmodifiableMap(vars);
        distinct = distinct == null ? List.of() : List.copyOf(distinct);
        for (List<String> group : distinct) {
            if (group.size() < 2) {
                throw new IllegalArgumentException("each 'distinct' group needs at least two variable names");
            }
        }
    }

    /**
     * The spec read straight from the tree when every rule is written plainly: each key one {@link EnvRule} knows,
     * each value its own type (a flag as true or false, a length as a whole number, a list as a list of text, a
     * pattern as text the regex syntax takes, the nested rules as mappings of the same), and {@code distinct} as lists
     * of names. Empty for anything else (an unknown key, another type, {@code minEntropy} or {@code unitless}, a value
     * the records refuse), which the binder binds and, where it is wrong, reports where. Jackson's deserializers for
     * these rules were the largest part of binding a large catalogue of env checks, and the only Jackson binding
     * left in an audit of the built-in catalogue (the mapper's start, the rules' introspection, the annotations read
     * for it: about 40 ms); {@code EnvSpecReadingTest} holds the two readings equal.
     */
    public static Optional<EnvSpec> readPlain(JsonNode params) {
        if (!params.isObject()) {
            return Optional.empty();
        }
        JsonNode varsNode = null;
        JsonNode distinctNode = null;
        for (Map.Entry<String, JsonNode> entry : params.properties()) {
            switch (entry.getKey()) {
                case "vars" -> varsNode = entry.getValue();
                case "distinct" -> distinctNode = entry.getValue();
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (varsNode == null || !varsNode.isObject()) {
            return Optional.empty();
        }
        Map<String, EnvRule> vars = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : varsNode.properties()) {
            EnvRule rule = entry.getValue().isNull() ? EnvRule.PRESENT : plainRule(entry.getValue());
            if (rule == null) {
                return Optional.empty();
            }
            vars.put(entry.getKey(), rule);
        }
        List<List<String>> distinct = null;
        if (distinctNode != null) {
            if (!distinctNode.isArray()) {
                return Optional.empty();
            }
            distinct = new ArrayList<>(distinctNode.size());
            for (JsonNode group : distinctNode) {
                List<String> names = Binder.textList(group);
                if (names == null) {
                    return Optional.empty();
                }
                distinct.add(names);
            }
        }
        try {
            return Optional.of(new EnvSpec(vars, distinct));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the binder reports it, at the key's line and column
        }
    }

    /** One variable's rule when every key is written plainly (see {@link #readPlain}); null otherwise. */
    private static EnvRule plainRule(JsonNode rule) {
        if (!rule.isObject()) {
            return null;
        }
        Boolean required = null;
        String fallback = null;
        Boolean secret = null;
        Boolean notPlaceholder = null;
        Integer minLength = null;
        Regex pattern = null;
        List<String> oneOf = null;
        Boolean bool = null;
        EnvRule.IntRange integer = null;
        EnvRule.DurationRule duration = null;
        EnvRule.BytesRule bytes = null;
        Integer hexLength = null;
        EnvRule.RandomBytesRule randomBytes = null;
        EnvRule.UrlRule url = null;
        EnvRule.EmailRule email = null;
        EnvRule.ListRule list = null;
        try {
            for (Map.Entry<String, JsonNode> entry : rule.properties()) {
                JsonNode value = entry.getValue();
                Object read;
                switch (entry.getKey()) {
                    case "required" -> read = required = flag(value);
                    case "secret" -> read = secret = flag(value);
                    case "notPlaceholder" -> read = notPlaceholder = flag(value);
                    case "boolean" -> read = bool = flag(value);
                    case "default" -> read = fallback = value.isTextual() ? value.textValue() : null;
                    case "minLength" -> read = minLength = whole(value);
                    case "hexLength" -> read = hexLength = whole(value);
                    case "oneOf" -> read = oneOf = Binder.textList(value);
                    case "pattern" -> read = pattern = value.isTextual() ? Regex.of(value.textValue()) : null;
                    // The nested rules without an enum or a primitive are plain records.
                    case "integer" -> read = integer = Binder.plain(value, EnvRule.IntRange.class);
                    case "duration" -> read = duration = Binder.plain(value, EnvRule.DurationRule.class);
                    case "url" -> read = url = Binder.plain(value, EnvRule.UrlRule.class);
                    case "email" -> read = email = Binder.plain(value, EnvRule.EmailRule.class);
                    case "bytes" -> read = bytes = plainBytes(value);
                    case "randomBytes" -> read = randomBytes = plainRandomBytes(value);
                    case "list" -> read = list = plainList(value);
                    default -> read = null; // minEntropy, an unknown key: the binder's
                }
                if (read == null) {
                    return null; // a value of another type: the binder's
                }
            }
            return new EnvRule(required, fallback, secret, notPlaceholder, minLength, pattern, oneOf, bool, integer,
                    duration, bytes, hexLength, null, randomBytes, url, email, list);
        } catch (IllegalArgumentException e) {
            return null; // a pattern, an encoding or a rule the records refuse: the binder reports it where it is
        }
    }

    /** {@code bytes: {min, encoding}}: {@code min} required, as the binder requires a primitive. */
    private static EnvRule.BytesRule plainBytes(JsonNode value) {
        if (!value.isObject() || !keysAmong(value, "min", "encoding") || whole(value.get("min")) == null) {
            return null;
        }
        EnvRule.Encoding encoding = encoding(value.get("encoding"));
        return value.has("encoding") && encoding == null ? null
                : new EnvRule.BytesRule(value.get("min").intValue(), encoding);
    }

    /** {@code randomBytes: {min, max, encoding}}: {@code min} required, as the binder requires a primitive. */
    private static EnvRule.RandomBytesRule plainRandomBytes(JsonNode value) {
        if (!value.isObject() || !keysAmong(value, "min", "max", "encoding") || whole(value.get("min")) == null) {
            return null;
        }
        Integer max = whole(value.get("max"));
        EnvRule.Encoding encoding = encoding(value.get("encoding"));
        if (value.has("max") && max == null || value.has("encoding") && encoding == null) {
            return null;
        }
        return new EnvRule.RandomBytesRule(value.get("min").intValue(), max, encoding);
    }

    /**
     * {@code list: {separator, minItems, item, forbidden}}, by hand: its item is an {@link EnvRule}, whose renamed keys
     * ({@code default}, {@code boolean}) {@link Binder#plain} leaves to Jackson, so the item is read as
     * {@link #plainRule} reads a rule.
     */
    private static EnvRule.ListRule plainList(JsonNode value) {
        if (!value.isObject() || !keysAmong(value, "separator", "minItems", "item", "forbidden")) {
            return null;
        }
        JsonNode separator = value.get("separator");
        Integer minItems = whole(value.get("minItems"));
        EnvRule item = value.has("item") ? plainRule(value.get("item")) : null;
        List<String> forbidden = value.has("forbidden") ? Binder.textList(value.get("forbidden")) : null;
        if (separator != null && !separator.isTextual() || value.has("minItems") && minItems == null
                || value.has("item") && item == null || value.has("forbidden") && forbidden == null) {
            return null;
        }
        return new EnvRule.ListRule(separator == null ? null : separator.textValue(), minItems, item, forbidden);
    }

    private static boolean keysAmong(JsonNode mapping, String... keys) {
        for (java.util.Iterator<String> names = mapping.fieldNames(); names.hasNext(); ) {
            if (!List.of(keys).contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    /** An encoding written as text {@link EnvRule.Encoding#parse} takes; null for none or anything else. */
    private static EnvRule.Encoding encoding(JsonNode value) {
        return value != null && value.isTextual() ? EnvRule.Encoding.parse(value.textValue()) : null;
    }

    /** A whole number of int range; null for none or anything else. */
    private static Integer whole(JsonNode value) {
        return value != null && value.isInt() ? value.intValue() : null;
    }

    private static Boolean flag(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : null;
    }
}
