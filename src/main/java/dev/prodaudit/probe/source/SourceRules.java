package dev.prodaudit.probe.source;

import java.util.List;
import java.util.Optional;

/** The source rules the catalogue can name, each one class of this package. */
final class SourceRules {
    static final List<String> NAMES = List.of("authRateLimit", "passwordPolicy", "helmet", "cors", "errorTracking",
            "llmFallbacks", "errorHandler", "structuredLogging", "piiMasking", "tenantIsolation");

    private SourceRules() {
    }

    /** Every implemented rule; a name of {@link #NAMES} without one is reported as ERROR by the probe. */
    static List<SourceRule> all() {
        return List.of(
                new PiiMasking(),
                new TenantIsolation(),
                new StructuredLoggingRule(),
                new ErrorTracking(),
                new LlmFallbacks(),
                new ErrorHandlerRule(),
                new PasswordPolicy(),
                new HelmetRule(),
                new CorsRule(),
                new AuthRateLimit()
        );
    }

    static Optional<SourceRule> named(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
