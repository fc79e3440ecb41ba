package dev.prodaudit.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a YAML subtree to a record, strictly: unknown keys, wrong types and values a record rejects
 * become {@link InputException}s that point at the offending key with a hint.
 */
public final class Binder {

    /** Finds {@code file:line:col} for a JSON pointer; {@code value} asks for the value rather than the key. */
    @FunctionalInterface
    public interface Locator {
        String locate(String path, boolean value);

        static Locator of(YamlDocument doc) {
            return (path, value) -> value ? doc.locateValue(path) : doc.locate(path);
        }
    }

    /**
     * Holds the mapper, built the first time a mapping is not plain ({@link PlainRecords}): an audit whose input is
     * all plain, such as a TLS-only run, never builds it (about 30 ms of Jackson's start).
     */
    private static final class Jackson {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // 'minLength: 16.5' is a mistake to report, not a 16 to guess.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private Binder() {
    }

    /**
     * The strings of a list of text, read straight from the tree for a plain reading that skips the deserializers;
     * null for anything else (another type, an item that is not text), which such a reading leaves to {@link #bind}.
     */
    public static List<String> textList(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> texts = new java.util.ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return null;
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    /**
     * The time budget a text node writes, as the binder reads it ({@link Timeout#of}); null for another node type or a
     * text that parse refuses, which the binder then reports where it is.
     */
    public static Timeout plainTimeout(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Timeout.of(node.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code node} as a {@code type} when everything in it is plain ({@link PlainRecords}); null for anything else,
     * which a caller that reads a record's parts itself then leaves to {@link #bind}.
     */
    public static <T> T plain(JsonNode node, Class<T> type) {
        return PlainRecords.read(node, type);
    }

    /**
     * {@code node} as a {@code type}: straight from the tree when everything in it is plain ({@link PlainRecords}),
     * else through Jackson, which reports whatever is wrong at its file:line:col.
     */
    public static <T> T bind(JsonNode node, Class<T> type, String basePath, Locator locator) throws InputException {
        T plain = PlainRecords.read(node, type);
        return plain != null ? plain : bindByJackson(node, type, basePath, locator);
    }

    /** {@link #bind} through Jackson alone: the reading {@link PlainRecords} must equal wherever it gives one. */
    static <T> T bindByJackson(JsonNode node, Class<T> type, String basePath, Locator locator) throws InputException {
        try {
            T value = Jackson.MAPPER.treeToValue(node, type);
            if (value == null) {
                throw new InputException(locator.locate(basePath, true), "expected a mapping, found nothing", null);
            }
            return value;
        } catch (JsonMappingException e) {
            throw translate(e, node, basePath, locator);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(locator.locate(basePath, true), e.getOriginalMessage(), null);
        }
    }

    private static InputException translate(JsonMappingException e, JsonNode root, String basePath, Locator locator) {
        StringBuilder path = new StringBuilder(basePath);
        StringBuilder relative = new StringBuilder();
        String lastKey = null;
        for (JsonMappingException.Reference ref : e.getPath()) {
            String step = null;
            if (ref.getFieldName() != null) {
                lastKey = ref.getFieldName();
                step = "/" + ref.getFieldName().replace("~", "~0").replace("/", "~1");
            } else if (ref.getIndex() >= 0) {
                step = "/" + ref.getIndex();
            }
            if (step != null) {
                path.append(step);
                relative.append(step);
            }
        }
        String p = path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            List<String> names = known == null ? List.of() : known.stream().map(String::valueOf).sorted().toList();
            return unknownKey(u.getPropertyName(), names, p, locator);
        }
        // Jackson calls a record's constructor before it reports unknown keys, so a misspelt required key
        // ('path' for 'paths') would surface as the constructor's complaint about the missing one.
        if (e instanceof ValueInstantiationException v && v.getType() != null && root != null
                && root.at(relative.toString()).isObject()) {
            List<String> names = Jackson.MAPPER.getDeserializationConfig().introspect(v.getType()).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).sorted().toList();
            for (Iterator<String> it = root.at(relative.toString()).fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!names.contains(key)) {
                    return unknownKey(key, names, p + "/" + key.replace("~", "~0").replace("/", "~1"), locator);
                }
            }
        }
        if (e instanceof ValueInstantiationException || e.getCause() instanceof IllegalArgumentException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            String message = Objects.requireNonNullElse(cause.getMessage(), "invalid value");
            return new InputException(locator.locate(p, true), (lastKey == null ? "" : "'" + lastKey + "': ") + message, null);
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            String what = describe(target);
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Missing required creator property")) {
                return new InputException(locator.locate(p, true), message.replaceAll(" \\(index.*", ""), null);
            }
            return new InputException(locator.locate(p, true),
                    (lastKey == null ? "value" : "'" + lastKey + "'") + " must be " + what, null);
        }
        String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("invalid value");
        return new InputException(locator.locate(p, true), first, null);
    }

    /** The error for a key that is not one of {@code names}, with the nearest as a hint. */
    public static InputException unknownKey(String key, List<String> names, String keyPath, Locator locator) {
        String suggestion = closest(key, names);
        String hint = suggestion != null ? "did you mean '" + suggestion + "'?" : "allowed keys: " + String.join(", ", names);
        return new InputException(locator.locate(keyPath, false), "unknown key '" + key + "'", hint);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        // Records read from one text value: saying "a mapping" would send the user the wrong way.
        if (type == TimeSpan.class || type == Timeout.class) {
            return "a duration such as 500ms, 10s, 15m or 7d";
        }
        if (type == Regex.class) {
            return "a regular expression (text)";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object c : type.getEnumConstants()) {
                values.append(values.length() == 0 ? "" : ", ").append(c.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return "one of " + values;
        }
        return "a " + type.getSimpleName();
    }

    /** The known name nearest to {@code name} by edit distance, if it is close enough to be a typo. */
    public static String closest(String name, Collection<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT))))
                .filter(e -> e.getValue() <= Math.max(2, name.length() / 3))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
