package dev.prodaudit.probe.dns;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: dns}: SPF, DKIM and DMARC of the sender domain, read with dnsjava from
 * {@code targets.dnsServer} or the system resolver.
 *
 * <p>A check gets one {@link Deadline}, a little under its timeout, for all its queries, so the probe reports
 * "timed out after N ms" itself, before the engine's watchdog would. A resolver that timed out once in
 * the run is remembered in {@link HungTargets}: the checks after it report ERROR at once.
 */
public final class DnsProbe implements Probe<DnsSpec> {
    /** How many ancestors of the sender domain the DMARC tree walk asks at most. */
    private static final int MAX_DMARC_WALK = 5;

    @Override
    public String type() {
        return "dns";
    }

    @Override
    public Class<DnsSpec> specType() {
        return DnsSpec.class;
    }

    @Override
    public Set<Evidence> evidence(DnsSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(DnsSpec spec) {
        // Every query goes to the configured resolver; the domain is the spec's, else the mail domain.
        return spec.domain() != null ? List.of(TargetKind.DNS_SERVER) : List.of(TargetKind.MAIL_DOMAIN, TargetKind.DNS_SERVER);
    }

    @Override
    public Outcome run(DnsSpec spec, ProbeContext ctx) {
        // The clock starts now, as the runner's does.
        Deadline deadline = Deadline.of(ctx.timeout(), System.nanoTime());
        String configured = spec.domain() != null ? spec.domain() : ctx.targets().mailDomain();
        if (configured == null || configured.isBlank()) {
            return Outcome.error(TargetKind.MAIL_DOMAIN.notConfigured());
        }
        String domain = DnsNames.normalize(configured);
        try {
            DnsNames.absolute(domain);
        } catch (IllegalArgumentException e) {
            return Outcome.error("invalid mail domain '" + configured + "': " + e.getMessage());
        }
        DnsClient client = DnsClient.shared(ctx, deadline.budgetMillis());
        if (client.problem() != null) {
            return Outcome.error(client.problem());
        }
        HungTargets hung = HungTargets.of(ctx);
        Optional<String> earlier = hung.earlierTimeout(client.endpoint());
        if (earlier.isPresent()) {
            return Outcome.error(earlier.get());
        }
        Queries q = new Queries(client, deadline);
        List<Finding> findings = new ArrayList<>();
        List<String> headlines = new ArrayList<>();
        try {
            if (spec.checks(DnsSpec.SPF)) {
                for (String name : spec.spfNamesFor(domain)) {
                    headlines.add(spf(q, name, spec.requiredSpfTerm(), findings));
                }
            }
            if (spec.checks(DnsSpec.DKIM)) {
                headlines.add(dkim(q, spec.dkimSelector() + "._domainkey." + domain, findings));
            }
            if (spec.checks(DnsSpec.DMARC)) {
                headlines.add(dmarc(q, domain, findings));
            }
        } catch (DnsClient.TimedOut t) {
            hung.timedOut(client.endpoint(), t.millis);
            // What was decided before the resolver went silent stands: a FAIL already seen wins over the timeout.
            String reason = "timed out after " + t.millis + " ms: " + client.endpoint() + " did not answer TXT " + t.name;
            if (findings.stream().noneMatch(f -> f.status() == Status.FAIL)) {
                return Outcome.error(reason);
            }
            findings.add(Finding.of(Status.ERROR, reason));
            return Outcome.from(findings);
        }
        Outcome folded = Outcome.from(findings);
        if (folded.status() == Status.PASS) {
            return new Outcome(Status.PASS, "mail authentication holds for " + domain + ": " + String.join(", ", headlines), findings);
        }
        return folded;
    }

    /** The check's queries, all under one deadline. */
    private record Queries(DnsClient client, Deadline deadline) {
        DnsClient.Answer txt(String name) throws DnsClient.TimedOut {
            return client.txt(name, deadline.endNanos(), deadline.budgetMillis());
        }
    }

    private static String spf(Queries q, String name, String requiredTerm, List<Finding> findings) throws DnsClient.TimedOut {
        DnsClient.Answer a = q.txt(name);
        List<String> records = records(a, "SPF", name, findings);
        if (records != null) {
            findings.addAll(Spf.judge(via(a, name), records, requiredTerm));
        }
        return "SPF at " + name;
    }

    private static String dkim(Queries q, String name, List<Finding> findings) throws DnsClient.TimedOut {
        DnsClient.Answer a = q.txt(name);
        List<String> records = records(a, "DKIM key", name, findings);
        if (records != null) {
            findings.addAll(Dkim.judge(via(a, name), records));
        }
        return "DKIM key at " + name;
    }

    /**
     * DMARC at {@code _dmarc.<domain>}; when there is none, the closest ancestor's record applies to the
     * domain (its sp=, else p=): the DNS tree walk of DMARCbis, which RFC 7489's organizational-domain
     * lookup agrees with for the usual case of a sending subdomain such as mail.example.com.
     */
    private static String dmarc(Queries q, String domain, List<Finding> findings) throws DnsClient.TimedOut {
        String own = "_dmarc." + domain;
        List<String> asked = new ArrayList<>();
        String current = domain;
        for (int i = 0; i <= MAX_DMARC_WALK; i++) {
            String name = "_dmarc." + current;
            DnsClient.Answer a = q.txt(name);
            if (a instanceof DnsClient.Failed f) {
                findings.add(Finding.of(Status.ERROR, "DMARC: " + f.reason()));
                return "DMARC at " + name;
            }
            List<String> records = a instanceof DnsClient.Txt t ? t.records() : List.of();
            if (records.stream().anyMatch(Dmarc::isDmarc)) {
                findings.addAll(Dmarc.judge(via(a, name), records, domain, i > 0));
                return "DMARC at " + name;
            }
            asked.add(a instanceof DnsClient.NxDomain ? name + " (NXDOMAIN)" : name + (records.isEmpty() ? " (no TXT records)"
                    : " (" + records.size() + " TXT record" + (records.size() == 1 ? "" : "s") + ", none starts with v=DMARC1)"));
            if (!hasParent(current)) {
                break;
            }
            current = current.substring(current.indexOf('.') + 1);
        }
        findings.add(Finding.of(Status.FAIL, "no DMARC record at " + own
                + (asked.size() > 1 ? " or its parent domains" : "") + ": looked at " + String.join(", ", asked)));
        return "DMARC at " + own;
    }

    /** Whether {@code name} has a parent worth asking: the walk stops at two labels (example.com). */
    private static boolean hasParent(String name) {
        return name.indexOf('.') >= 0 && name.indexOf('.') != name.lastIndexOf('.');
    }

    /**
     * The records of an answer, or null after adding the finding that explains why there are none to judge:
     * NXDOMAIN is a FAIL naming the name, a resolver failure an ERROR with its reason.
     */
    private static List<String> records(DnsClient.Answer a, String what, String name, List<Finding> findings) {
        if (a instanceof DnsClient.Txt t) {
            return t.records();
        }
        if (a instanceof DnsClient.NxDomain nx) {
            findings.add(Finding.of(Status.FAIL, "no " + what + " record: " + name
                    + (nx.canonical().equals(name) ? "" : " (CNAME to " + nx.canonical() + ")") + " does not exist (NXDOMAIN)"));
            return null;
        }
        DnsClient.Failed f = (DnsClient.Failed) a;
        findings.add(Finding.of(Status.ERROR, what + ": " + f.reason()));
        return null;
    }

    /** The name as shown in findings: with its CNAME target when the records came from one. */
    private static String via(DnsClient.Answer a, String name) {
        if (a instanceof DnsClient.Txt t && !t.canonical().equals(name)) {
            return name + " (CNAME to " + t.canonical() + ")";
        }
        return name;
    }
}
