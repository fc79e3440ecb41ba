package dev.prodaudit.report;

import java.util.List;
import java.util.Optional;

/** The report formats, by name. Text gets colour only when asked to (a terminal without NO_COLOR). */
public final class Reporters {
    public static final List<String> FORMATS = List.of("text", "json", "junit", "sarif", "markdown", "html", "prometheus");

    private Reporters() {
    }

    public static Optional<Reporter> create(String format, boolean color) {
        return switch (format) {
            case "text" -> Optional.of(new TextReporter(color));
            case "json" -> Optional.of(new JsonReporter());
            case "junit" -> Optional.of(new JunitReporter());
            case "sarif" -> Optional.of(new SarifReporter());
            case "markdown" -> Optional.of(new MarkdownReporter());
            case "html" -> Optional.of(new HtmlReporter());
            case "prometheus" -> Optional.of(new PrometheusReporter());
            default -> Optional.empty();
        };
    }
}
