package dev.prodaudit.probe.dns;

import dev.prodaudit.probe.ProbeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: dns}: the mail-authentication records of the sender domain, read from DNS.
 *
 * <pre>
 * probe:
 *   type: dns
 *   records: [spf, dkim, dmarc]        # default: all three
 *   spfNames: ["send.{domain}"]        # where SPF lives; default: the domain itself
 *   spfInclude: amazonses.com          # must be included (an include domain, or a mechanism such as ip4:192.0.2.1)
 *   dkimSelector: resend               # DKIM key at resend._domainkey.{domain}
 * </pre>
 *
 * @param domain       the sender domain; default: {@code targets.mailDomain} (the domain of RESEND_FROM_EMAIL)
 * @param records      which of {@code spf}, {@code dkim}, {@code dmarc} to check (default all three)
 * @param spfNames     the names that must each carry one valid SPF record; {@code {domain}} stands for the
 *                     sender domain (default {@code ["{domain}"]})
 * @param spfInclude   a mechanism every SPF record must contain before its {@code all}: a bare domain means
 *                     {@code include:<domain>}
 * @param dkimSelector the DKIM selector (default {@code resend})
 */
public record DnsSpec(String domain, List<String> records, List<String> spfNames, String spfInclude, String dkimSelector)
        implements ProbeSpec {

    public static final String SPF = "spf";
    public static final String DKIM = "dkim";
    public static final String DMARC = "dmarc";
    static final List<String> ALL_RECORDS = List.of(SPF, DKIM, DMARC);
    static final String DOMAIN_PLACEHOLDER = "{domain}";

    public DnsSpec {
        if (domain != null) {
            domain = domain.strip();
            if (domain.isEmpty()) {
                throw new IllegalArgumentException("'domain' must not be empty; leave it out to use targets.mailDomain");
            }
        }
        if (records == null) {
            records = ALL_RECORDS;
        } else {
            if (records.isEmpty()) {
                throw new IllegalArgumentException("'records' must list at least one of spf, dkim, dmarc");
            }
            List<String> seen = new ArrayList<>();
            for (String r : records) {
                String id = r == null ? "" : r.strip();
                if (!ALL_RECORDS.contains(id)) {
                    throw new IllegalArgumentException("'records' may list spf, dkim and dmarc; found '" + r + "'");
                }
                if (!seen.contains(id)) {
                    seen.add(id);
                }
            }
            records = List.copyOf(seen);
        }
        if (spfNames == null) {
            spfNames = List.of(DOMAIN_PLACEHOLDER);
        } else {
            if (spfNames.isEmpty()) {
                throw new IllegalArgumentException("'spfNames' must list at least one name, e.g. [\"{domain}\"]");
            }
            for (String n : spfNames) {
                if (n == null || n.isBlank() || n.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("'spfNames' holds an empty name or one with spaces: '" + n + "'");
                }
                String rest = n.replace(DOMAIN_PLACEHOLDER, "");
                if (rest.contains("{") || rest.contains("}")) {
                    throw new IllegalArgumentException("'spfNames': the only placeholder is {domain}; found '" + n + "'");
                }
            }
            spfNames = List.copyOf(spfNames);
        }
        if (spfInclude != null) {
            spfInclude = spfInclude.strip();
            if (spfInclude.isEmpty() || spfInclude.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'spfInclude' must be one mechanism such as amazonses.com or include:_spf.example.com");
            }
        }
        if (dkimSelector == null) {
            dkimSelector = "resend";
        } else {
            dkimSelector = dkimSelector.strip();
            if (dkimSelector.isEmpty() || dkimSelector.chars().anyMatch(Character::isWhitespace)
                    || dkimSelector.startsWith(".") || dkimSelector.endsWith(".")) {
                throw new IllegalArgumentException("'dkimSelector' must be a DNS label such as resend; found '" + dkimSelector + "'");
            }
        }
    }

    boolean checks(String record) {
        return records.contains(record);
    }

    /** The SPF names for a domain, placeholders filled in, lower case, without a trailing dot. */
    List<String> spfNamesFor(String mailDomain) {
        return spfNames.stream().map(n -> DnsNames.normalize(n.replace(DOMAIN_PLACEHOLDER, mailDomain))).distinct().toList();
    }

    /** The SPF term that must be present: {@code amazonses.com} means {@code include:amazonses.com}. */
    String requiredSpfTerm() {
        if (spfInclude == null) {
            return null;
        }
        String t = spfInclude.toLowerCase(Locale.ROOT);
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return !t.contains(":") && !t.contains("=") && t.contains(".") ? "include:" + DnsNames.normalize(t) : t;
    }
}
