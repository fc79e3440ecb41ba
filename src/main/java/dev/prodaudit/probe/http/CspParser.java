package dev.prodaudit.probe.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Collator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses Content-Security-Policy header values into directive -> sources, exactly as the MDN HTTP Observatory
 * does (port of {@code parseCsp} in mdn/mdn-http-observatory src/analyzer/cspParser.js): directives and sources
 * lower-cased; a repeated directive makes the policy invalid, except report-uri and report-to, which are kept
 * once and noted; a source list without sources means 'none'; with several policies, a source counts only if
 * every policy allows it.
 */
final class CspParser {
    /** The Observatory's key for allowed duplicate directives (report-uri, report-to). */
    static final String DUPLICATE_WARNINGS_KEY = "_observatory_duplicate_warnings";
    /** The shortest policy accepted: "img-src".length() - 1. */
    private static final int SHORTEST_DIRECTIVE_LENGTH = "img-src".length() - 1;
    private static final Set<String> ALLOWED_DUPLICATE_KEYS = Set.of("report-uri", "report-to");
    private static final Collator EN = Collator.getInstance(Locale.ENGLISH);

    /** A policy the Observatory cannot parse. */
    static final class InvalidPolicy extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPolicy(String message) {
            super(message);
        }
    }

    private static final class Source {
        final String source;
        final int index;
        boolean keep;

        Source(String source, int index, boolean keep) {
            this.source = source;
            this.index = index;
            this.keep = keep;
        }
    }

    private CspParser() {
    }

    /** One policy per element (split a header on commas first). */
    static Map<String, Set<String>> parse(List<String> policies) throws InvalidPolicy {
        List<String> clean = new ArrayList<>();
        for (String p : policies) {
            clean.add(p.replaceAll("[\\r\\n]", "").strip());
        }
        if (clean.isEmpty()) {
            return new LinkedHashMap<>();
        }
        for (String p : clean) {
            if (p.isEmpty() || p.length() < SHORTEST_DIRECTIVE_LENGTH) {
                throw new InvalidPolicy("policy '" + Show.clip(p) + "' is too short to hold a directive");
            }
        }
        Map<String, List<Source>> csp = new LinkedHashMap<>();
        Set<String> duplicateWarnings = new LinkedHashSet<>();
        for (int policyIndex = 0; policyIndex < clean.size(); policyIndex++) {
            Set<String> seenInThisPolicy = new HashSet<>();
            for (String entry : clean.get(policyIndex).split(";", -1)) {
                String[] tokens = entry.strip().split("\\s+");
                String directiveEntry = tokens[0];
                if (directiveEntry.isEmpty()) {
                    continue;
                }
                String directive = directiveEntry.toLowerCase(Locale.ROOT);
                if (seenInThisPolicy.contains(directive)) {
                    if (ALLOWED_DUPLICATE_KEYS.contains(directive)) {
                        duplicateWarnings.add(directive);
                    } else {
                        throw new InvalidPolicy("directive " + directive + " is repeated");
                    }
                } else {
                    seenInThisPolicy.add(directive);
                }
                List<Source> values = new ArrayList<>();
                boolean keep = policyIndex == 0;
                if (tokens.length > 1) {
                    for (int i = 1; i < tokens.length; i++) {
                        values.add(new Source(tokens[i].strip().toLowerCase(Locale.ROOT), policyIndex, keep));
                    }
                } else if (directive.endsWith("-src")) {
                    values.add(new Source("'none'", policyIndex, keep));
                }
                List<Source> combined = new ArrayList<>();
                if (policyIndex != 0) {
                    combined.addAll(csp.getOrDefault(directive, List.of()));
                }
                combined.addAll(values);
                combined.sort((a, b) -> EN.compare(a.source, b.source));
                for (int i = 1; i < combined.size(); i++) {
                    Source source = combined.get(i);
                    Source prev = combined.get(i - 1);
                    // Within one policy the longer of two sources with a common start is superfluous.
                    if (source.index == prev.index && source.source.startsWith(prev.source)) {
                        source.keep = false;
                    }
                    // Across policies a source counts only when both allow it.
                    if (source.index != prev.index && pathPartMatch(prev.source, source.source)) {
                        source.keep = true;
                    }
                }
                List<Source> kept = new ArrayList<>();
                for (Source s : combined) {
                    if (s.keep) {
                        kept.add(s);
                    }
                }
                csp.put(directive, kept);
                if (policyIndex == 0 && clean.size() > 1) {
                    for (Source s : kept) {
                        s.keep = false;
                    }
                }
            }
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        csp.forEach((directive, sources) -> {
            Set<String> set = new LinkedHashSet<>();
            for (Source s : sources) {
                set.add(s.source);
            }
            out.put(directive, set.isEmpty() ? new LinkedHashSet<>(List.of("'none'")) : set);
        });
        if (!duplicateWarnings.isEmpty()) {
            out.put(DUPLICATE_WARNINGS_KEY, duplicateWarnings);
        }
        return out;
    }

    private static boolean pathPartMatch(String pathA, String pathB) throws InvalidPolicy {
        if (pathA.isEmpty()) {
            return true;
        }
        if (pathA.equals("/") && pathB.isEmpty()) {
            return true;
        }
        boolean exactMatch = !pathA.endsWith("/");
        List<String> a = new ArrayList<>(List.of(pathA.split("/", -1)));
        List<String> b = List.of(pathB.split("/", -1));
        if (a.size() > b.size()) {
            return false;
        }
        if (exactMatch && a.size() != b.size()) {
            return false;
        }
        if (!exactMatch) {
            a.remove(a.size() - 1);
        }
        for (int i = 0; i < a.size(); i++) {
            if (!decodeUriComponent(a.get(i)).equals(decodeUriComponent(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** JavaScript's decodeURIComponent: %XX escapes as UTF-8; a malformed escape is an error ('+' stays '+'). */
    static String decodeUriComponent(String s) throws InvalidPolicy {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            bytes.reset();
            while (i < s.length() && s.charAt(i) == '%') {
                if (i + 2 >= s.length()) {
                    throw new InvalidPolicy("malformed %-escape in source " + Show.clip(s));
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidPolicy("malformed %-escape in source " + Show.clip(s));
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new InvalidPolicy("malformed UTF-8 %-escape in source " + Show.clip(s));
            }
        }
        return out.toString();
    }
}
