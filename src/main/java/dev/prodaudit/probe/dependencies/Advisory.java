package dev.prodaudit.probe.dependencies;

import java.util.List;
import java.util.Locale;

/**
 * One advisory that applies to a locked package.
 *
 * @param via the top-level dependency of the application package through which it is installed
 */
record Advisory(String name, String version, String severity, String id, String title, String url, String via) {

    /** Severity names as npm writes them, lowest first. */
    static final List<String> SEVERITIES = List.of("info", "low", "moderate", "high", "critical");

    int rank() {
        return SEVERITIES.indexOf(severity.toLowerCase(Locale.ROOT));
    }

    boolean highOrCritical() {
        return rank() >= SEVERITIES.indexOf("high");
    }

    boolean moderate() {
        return rank() == SEVERITIES.indexOf("moderate");
    }

    String describe() {
        return name + "@" + version + ": " + severity + " advisory " + id + " \"" + title + "\"" + (url == null ? "" : " " + url)
                + (via == null || via.equals(name) ? "" : " (via " + via + ")");
    }

    /** What one audit of a package found, or why it could not look. */
    record Report(int audited, List<Advisory> advisories, String how) {
    }

    /** An audit that could not be done, with the reason as one line. */
    static final class AuditFailed extends Exception {
        AuditFailed(String message) {
            super(message);
        }
    }
}
