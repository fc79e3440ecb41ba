package dev.prodaudit.probe;

import java.time.Instant;
import java.util.List;

/**
 * A structured observation a probe hands on beside its evidence text, for reports that need the value itself
 * (the Prometheus report's certificate expiry) rather than a sentence about it. Reports read facts; they never parse
 * evidence. A fact holds no secret: endpoints are shown as the evidence shows them.
 */
public sealed interface Fact permits Fact.CertificateExpiry, Fact.NotRunOffline {

    /** The leaf certificate an endpoint served, and when it stops being valid. */
    record CertificateExpiry(String endpoint, Instant notAfter) implements Fact {
    }

    /**
     * Under {@code --offline}: the parts of the check that need a live service or a provider's API and were not run
     * (the probe types, in catalogue order). A check with this fact and a status other than SKIP was decided from
     * its static parts only.
     */
    record NotRunOffline(List<String> parts) implements Fact {
        public NotRunOffline {
            parts = List.copyOf(parts);
        }
    }
}
