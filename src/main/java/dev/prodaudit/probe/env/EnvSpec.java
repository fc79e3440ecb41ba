package dev.prodaudit.probe.env;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.Binder;
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
     * The spec of the mappings people write most, read straight from the tree: variables whose rules use only
     * {@code required}, {@code default}, {@code secret}, {@code notPlaceholder}, {@code minLength}, {@code oneOf},
     * {@code boolean} and {@code hexLength}, each written as its own type (a flag as true or false, a length as a whole
     * number, a list as a list of text), and {@code distinct} as lists of names. Empty for anything else (another
     * rule, another type, an unknown key, a value the records refuse), which the binder binds and, where it is
     * wrong, reports where. Jackson's deserializers for these 17-field rules were the largest part of binding a large
     * catalogue of env checks; {@code EnvSpecReadingTest} holds the two readings equal.
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

    /** One variable's rule when it uses only the plain keys, each as its own type; null otherwise. */
    private static EnvRule plainRule(JsonNode rule) {
        if (!rule.isObject()) {
            return null;
        }
        Boolean required = null;
        String fallback = null;
        Boolean secret = null;
        Boolean notPlaceholder = null;
        Integer minLength = null;
        List<String> oneOf = null;
        Boolean bool = null;
        Integer hexLength = null;
        for (Map.Entry<String, JsonNode> entry : rule.properties()) {
            JsonNode value = entry.getValue();
            Object read;
            switch (entry.getKey()) {
                case "required" -> read = required = flag(value);
                case "secret" -> read = secret = flag(value);
                case "notPlaceholder" -> read = notPlaceholder = flag(value);
                case "boolean" -> read = bool = flag(value);
                case "default" -> read = fallback = value.isTextual() ? value.textValue() : null;
                case "minLength" -> read = minLength = value.isInt() ? value.intValue() : null;
                case "hexLength" -> read = hexLength = value.isInt() ? value.intValue() : null;
                case "oneOf" -> read = oneOf = Binder.textList(value);
                default -> read = null;
            }
            if (read == null) {
                return null; // another key, or a value of another type: the binder's
            }
        }
        try {
            return new EnvRule(required, fallback, secret, notPlaceholder, minLength, null, oneOf, bool, null, null,
                    null, hexLength, null, null, null, null, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Boolean flag(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : null;
    }
}
