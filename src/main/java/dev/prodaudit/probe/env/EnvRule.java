package dev.prodaudit.probe.env;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.prodaudit.input.Regex;
import dev.prodaudit.input.TimeSpan;
import java.util.List;

/**
 * What one variable must satisfy. Every field is optional; a variable with no rule must merely be set,
 * non-empty and not a placeholder. Each non-null field adds one rule.
 *
 * @param required       unset is a failure (default true); false makes an unset variable pass
 * @param fallback       the app's documented default, judged when the variable is unset ({@code default:})
 * @param secret         force treating the value as secret (names like *_SECRET, *_KEY are already)
 * @param notPlaceholder reject changeme / your-... / example values (default true)
 * @param minEntropy     legacy: Shannon entropy in bits per character of the text as written; it measures the
 *                       encoding as much as the secret (hex never exceeds 4), so prefer {@code randomBytes}
 * @param randomBytes    the secret decodes to at least {@code min} bytes that look random (see {@link SecretStrength})
 */
public record EnvRule(
        Boolean required,
        @JsonProperty("default") String fallback,
        Boolean secret,
        Boolean notPlaceholder,
        Integer minLength,
        Regex pattern,
        List<String> oneOf,
        @JsonProperty("boolean") Boolean bool,
        IntRange integer,
        DurationRule duration,
        BytesRule bytes,
        Integer hexLength,
        Double minEntropy,
        RandomBytesRule randomBytes,
        UrlRule url,
        EmailRule email,
        ListRule list) {

    static final EnvRule PRESENT = new EnvRule(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public EnvRule {
        if (oneOf != null && oneOf.isEmpty()) {
            throw new IllegalArgumentException("'oneOf' needs at least one value");
        }
        if (hexLength != null && hexLength <= 0) {
            throw new IllegalArgumentException("'hexLength' must be positive");
        }
        if (minEntropy != null && (minEntropy <= 0 || minEntropy > 8)) {
            throw new IllegalArgumentException("'minEntropy' is in bits per character, between 0 and 8");
        }
        if (minEntropy != null && randomBytes != null) {
            throw new IllegalArgumentException("'minEntropy' (bits per character of the text) and 'randomBytes'"
                    + " judge the same thing; keep only 'randomBytes'");
        }
    }

    boolean isRequired() {
        return required == null || required;
    }

    boolean checksPlaceholder() {
        return notPlaceholder == null || notPlaceholder;
    }

    /** An inclusive whole-number range; either end may be open. */
    public record IntRange(Long min, Long max) {
        public IntRange {
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("'min' is greater than 'max'");
            }
        }
    }

    /** How a bare number without a unit is read. */
    public enum Unitless { MILLISECONDS, SECONDS;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Unitless parse(String text) {
            return switch (text) {
                case "milliseconds", "ms" -> MILLISECONDS;
                case "seconds", "s" -> SECONDS;
                default -> throw new IllegalArgumentException("'unitless' is milliseconds or seconds");
            };
        }
    }

    /**
     * A span in the ms/jsonwebtoken syntax. A unitless value is read as {@code unitless} (default
     * milliseconds, as jsonwebtoken reads a string) and WARNs, because the reader may have meant seconds.
     */
    public record DurationRule(TimeSpan min, TimeSpan max, Unitless unitless) {
        public DurationRule {
            if (min != null && max != null && min.duration().compareTo(max.duration()) > 0) {
                throw new IllegalArgumentException("'min' is longer than 'max'");
            }
        }

        boolean unitlessMillis() {
            return unitless != Unitless.SECONDS;
        }
    }

    /** How a secret is written down. */
    public enum Encoding { BASE64, HEX, RAW;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Encoding parse(String text) {
            return switch (text) {
                case "base64" -> BASE64;
                case "hex" -> HEX;
                case "raw" -> RAW;
                default -> throw new IllegalArgumentException("'encoding' is base64, hex or raw");
            };
        }
    }

    /** At least {@code min} bytes once decoded from {@code encoding} (default base64). */
    public record BytesRule(int min, Encoding encoding) {
        public BytesRule {
            if (min <= 0) {
                throw new IllegalArgumentException("'min' must be positive");
            }
            encoding = encoding == null ? Encoding.BASE64 : encoding;
        }
    }

    /**
     * At least {@code min} (and at most {@code max}) random bytes once decoded; {@code encoding}, when given, is
     * the only accepted way of writing them (the app decodes it, e.g. {@code Buffer.from(key, 'hex')}),
     * otherwise hex, base64, base64url or raw text are recognised.
     */
    public record RandomBytesRule(int min, Integer max, Encoding encoding) {
        public RandomBytesRule {
            if (min <= 0) {
                throw new IllegalArgumentException("'min' must be positive");
            }
            if (max != null && max < min) {
                throw new IllegalArgumentException("'max' is smaller than 'min'");
            }
        }
    }

    /**
     * A URL: allowed schemes; {@code credentials: true} requires a user and password in it, false forbids
     * them; {@code localhost: false} rejects loopback hosts; {@code host} is a regex the host must match.
     */
    public record UrlRule(List<String> schemes, Boolean credentials, Boolean localhost, Regex host) {
    }

    /** An e-mail address whose domain matches {@code domain} and is none of {@code forbiddenDomains}. */
    public record EmailRule(Regex domain, List<String> forbiddenDomains) {
        public EmailRule {
            forbiddenDomains = forbiddenDomains == null ? List.of() : List.copyOf(forbiddenDomains);
        }
    }

    /** A separated list (default comma) with at least {@code minItems} items, each satisfying {@code item}. */
    public record ListRule(String separator, Integer minItems, EnvRule item, List<String> forbidden) {
        public ListRule {
            separator = separator == null || separator.isEmpty() ? "," : separator;
            forbidden = forbidden == null ? List.of() : List.copyOf(forbidden);
        }
    }
}
