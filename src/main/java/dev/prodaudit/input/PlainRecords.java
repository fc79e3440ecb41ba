package dev.prodaudit.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records read straight from the tree, the way {@link Binder}'s Jackson mapper reads them, when everything in the
 * mapping is plain: each key names a component, each value is of the one node type its component takes (text for
 * text, a whole number of int range for {@code Integer}, a boolean, a list or mapping of such values, a nested record
 * of the same kind, a span, timeout or regular expression their parse accepts) and the record's constructor accepts
 * them. Anything else (an unknown key, a null, a value of another type, a record Jackson is told something about by
 * an annotation, a record that is not public, a value the record refuses) makes the reading give up, and the binder
 * reads the mapping with Jackson, which reports what is wrong where it is.
 *
 * <p>Why: Jackson builds a deserializer for each record type on first use, by introspecting it, and an audit binds
 * some forty types once each, so that cost (and compiling the code that pays it) was most of loading the catalogue.
 * {@code PlainRecordsTest} holds this reading equal to Jackson's on every probe of the built-in catalogue, on an
 * audit.yaml of every key, and on thousands of variants of them.
 */
final class PlainRecords {

    private PlainRecords() {
    }

    /** {@code type} read from {@code node}, or null when anything in it is not plain (see above). */
    static <T> T read(JsonNode node, Class<T> type) {
        Object value = record(node, type);
        return value == null ? null : type.cast(value);
    }

    private static Object record(JsonNode node, Class<?> type) {
        if (!type.isRecord() || !node.isObject() || !Modifier.isPublic(type.getModifiers()) || annotated(type)) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        int read = 0;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            if (types[i].isPrimitive() || annotated(component.getAccessor())) {
                return null;
            }
            JsonNode value = node.get(component.getName());
            if (value != null) {
                values[i] = value(value, component.getGenericType());
                if (values[i] == null) {
                    return null;
                }
                read++;
            }
        }
        if (read != node.size()) {
            return null;
        }
        Constructor<?> canonical;
        try {
            canonical = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            return null;
        }
        // Jackson reads a record through its canonical constructor unless an annotation names another creator.
        if (!Modifier.isPublic(canonical.getModifiers()) || hasCreatorMethod(type) || parametersAnnotated(canonical)) {
            return null;
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (annotated(constructor)) {
                return null;
            }
        }
        try {
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            // The record refuses a value: the binder reads it again and reports the refusal where it is.
            return null;
        } catch (InstantiationException | IllegalAccessException e) {
            return null;
        }
    }

    private static Object value(JsonNode node, Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : null;
        if (raw == null || node.isNull()) {
            return null;
        }
        if (raw == String.class) {
            return node.textValue();
        }
        if (raw == JsonNode.class) {
            return node; // a subtree kept as written (an override's probe mapping, audit.yaml's waivers): only read
        }
        if (raw == Integer.class) {
            return node.isInt() ? node.intValue() : null;
        }
        if (raw == Long.class) {
            return node.isInt() || node.isLong() ? node.longValue() : null;
        }
        if (raw == Boolean.class) {
            return node.isBoolean() ? node.booleanValue() : null;
        }
        if (raw == Timeout.class) {
            return Binder.plainTimeout(node);
        }
        if (raw == TimeSpan.class || raw == Regex.class) {
            if (!node.isTextual()) {
                return null;
            }
            try {
                return raw == TimeSpan.class ? TimeSpan.of(node.textValue()) : Regex.of(node.textValue());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (raw == List.class && type instanceof ParameterizedType p && node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                Object value = value(item, p.getActualTypeArguments()[0]);
                if (value == null) {
                    return null;
                }
                items.add(value);
            }
            return items;
        }
        if (raw == Map.class && type instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class
                && node.isObject()) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Object value = value(entry.getValue(), p.getActualTypeArguments()[1]);
                if (value == null) {
                    return null;
                }
                entries.put(entry.getKey(), value);
            }
            return entries;
        }
        return raw.isRecord() ? record(node, raw) : null;
    }

    /** Whether Jackson is told anything about {@code element} by an annotation of its own. */
    private static boolean annotated(AnnotatedElement element) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean parametersAnnotated(Constructor<?> constructor) {
        for (Annotation[] parameter : constructor.getParameterAnnotations()) {
            for (Annotation annotation : parameter) {
                if (annotation.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a static method of {@code type} is a Jackson creator, which Jackson would call instead. */
    private static boolean hasCreatorMethod(Class<?> type) {
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && annotated(method)) {
                return true;
            }
        }
        return false;
    }
}
