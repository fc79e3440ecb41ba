package dev.prodaudit.probe.tls;

import dev.prodaudit.probe.ProbeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code type: tls}: which protocol versions each endpoint accepts, and its certificate.
 *
 * <pre>
 * probe: {type: tls, require: [TLSv1.3], forbid: [TLSv1, TLSv1.1]}
 * </pre>
 *
 * @param endpoints  {@code host:port} to check; default: {@code targets.tls} (the https hosts of the API and
 *                   front-end URLs)
 * @param require    versions each endpoint must accept (default {@code [TLSv1.3]})
 * @param forbid     versions no endpoint may accept (default {@code [TLSv1, TLSv1.1]})
 * @param warnDays   WARN when the certificate expires within this many days (default 30)
 * @param failDays   FAIL when the certificate expires within this many days (default 14)
 * @param minRsaBits smallest acceptable RSA key (default 2048); EC keys need at least 256 bits
 */
public record TlsSpec(List<String> endpoints, List<String> require, List<String> forbid,
                      Integer warnDays, Integer failDays, Integer minRsaBits) implements ProbeSpec {

    /** The versions the probe asks about, oldest first, as JSSE names them. */
    public static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    public TlsSpec {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        for (String e : endpoints) {
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException("'endpoints' entries must be host:port");
            }
        }
        require = require == null ? List.of("TLSv1.3") : versions("require", require);
        forbid = forbid == null ? List.of("TLSv1", "TLSv1.1") : versions("forbid", forbid);
        for (String v : require) {
            if (forbid.contains(v)) {
                throw new IllegalArgumentException(v + " is both required and forbidden");
            }
        }
        warnDays = warnDays == null ? 30 : warnDays;
        failDays = failDays == null ? 14 : failDays;
        minRsaBits = minRsaBits == null ? 2048 : minRsaBits;
        if (warnDays < 0 || failDays < 0) {
            throw new IllegalArgumentException("'warnDays' and 'failDays' must not be negative");
        }
        if (minRsaBits < 512) {
            throw new IllegalArgumentException("'minRsaBits' must be at least 512");
        }
    }

    /** JSSE's name for a version; {@code TLSv1.0} is accepted for {@code TLSv1}. */
    static String canonical(String version) {
        return "TLSv1.0".equals(version) ? "TLSv1" : version;
    }

    private static List<String> versions(String key, List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : given) {
            String c = v == null ? null : canonical(v.strip());
            if (c == null || !VERSIONS.contains(c)) {
                throw new IllegalArgumentException("'" + key + "': unknown protocol version '" + v + "'; expected one of "
                        + String.join(", ", VERSIONS));
            }
            out.add(c);
        }
        return List.copyOf(new ArrayList<>(out));
    }
}
