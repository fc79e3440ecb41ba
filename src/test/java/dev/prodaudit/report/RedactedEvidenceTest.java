package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reporters only read results: evidence the engine redacted stays redacted in every format (written as the format
 * escapes it), and no format drops or rewrites the marker.
 */
class RedactedEvidenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "junit", "sarif", "markdown", "html"})
    void redactedEvidenceStaysRedacted(String format) {
        String out = ReportFixtures.render(Reporters.create(format, false).orElseThrow(), ReportFixtures.sample());
        String expected = switch (format) {
            case "markdown" -> "redis://:\\[redacted\\]@cache.internal:6379 accepts commands without AUTH";
            default -> ReportFixtures.REDACTED_URL + " accepts commands without AUTH";
        };
        assertTrue(out.contains(expected), format + " lost the redacted evidence:\n" + out);
    }
}
