package dev.prodaudit.probe.tls;

import dev.prodaudit.probe.CaTrust;
import dev.prodaudit.probe.Wording;
import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The judgements about a server's certificate: each pure, given the presented chain. */
final class CertificateChecks {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EKU = "2.5.29.37.0";

    private CertificateChecks() {
    }

    /**
     * A verdict on one property: {@code ok} false means FAIL, {@code warn} a caveat, {@code undecided} that it could
     * not be judged (ERROR).
     */
    record Verdict(boolean ok, boolean warn, boolean undecided, String text) {
        static Verdict ok(String text) {
            return new Verdict(true, false, false, text);
        }

        static Verdict warn(String text) {
            return new Verdict(true, true, false, text);
        }

        static Verdict fail(String text) {
            return new Verdict(false, false, false, text);
        }

        static Verdict undecided(String text) {
            return new Verdict(false, false, true, text);
        }
    }

    // ---- expiry ----

    static Verdict expiry(X509Certificate leaf, Instant now, int warnDays, int failDays) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return Verdict.fail("not valid until " + notBefore);
        }
        if (!now.isBefore(notAfter)) {
            long ago = Duration.between(notAfter, now).toDays();
            return Verdict.fail("expired " + Wording.daysAgo(ago));
        }
        long days = Duration.between(now, notAfter).toDays();
        String text = "expires in " + Wording.count(days, "day");
        if (days < failDays) {
            return Verdict.fail(text + " (under " + failDays + ")");
        }
        if (days < warnDays) {
            return Verdict.warn(text + " (under " + warnDays + ")");
        }
        return Verdict.ok(text);
    }

    // ---- key and signature ----

    static Verdict key(PublicKey key, int minRsaBits) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < minRsaBits ? Verdict.fail("RSA " + bits + " (under " + minRsaBits + ")") : Verdict.ok("RSA " + bits);
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits < 256 ? Verdict.fail("EC " + bits + " (under 256)") : Verdict.ok("EC " + bits);
        }
        if (key instanceof DSAPublicKey dsa) {
            int bits = dsa.getParams().getP().bitLength();
            return bits < 2048 ? Verdict.fail("DSA " + bits + " (under 2048)") : Verdict.ok("DSA " + bits);
        }
        // Ed25519 / Ed448 (EdDSA) have fixed, adequate sizes.
        return Verdict.ok(key.getAlgorithm());
    }

    /** The leaf's signature algorithm, and any presented intermediate's, must not be MD2/MD5/SHA-1 based. */
    static Verdict signature(List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        String leafAlg = leaf.getSigAlgName();
        for (X509Certificate c : chain) {
            if (c != leaf && isSelfSigned(c)) {
                continue; // a root's own signature is not relied upon
            }
            String alg = c.getSigAlgName();
            if (weakSignature(alg)) {
                return Verdict.fail(c == leaf ? alg + " (weak signature)" : leafAlg + ", intermediate signed with " + alg + " (weak signature)");
            }
        }
        return Verdict.ok(leafAlg);
    }

    static boolean weakSignature(String alg) {
        String a = alg.toUpperCase(Locale.ROOT).replace("-", "");
        return a.startsWith("MD2") || a.startsWith("MD5") || a.startsWith("SHA1WITH") || a.equals("SHA1");
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // ---- hostname (RFC 6125, as the JDK's HTTPS endpoint identification) ----

    static Verdict hostname(String host, X509Certificate leaf) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipNames = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() < 2 || !(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String value)) {
                        continue;
                    }
                    if (type == 2) {
                        dnsNames.add(value);
                    } else if (type == 7) {
                        ipNames.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Verdict.fail("hostname unchecked: unreadable subjectAltName (" + e.getMessage() + ")");
        }
        List<String> shown = new ArrayList<>(dnsNames);
        shown.addAll(ipNames);
        if (isIpLiteral(host)) {
            InetAddress wanted = literal(host);
            for (String ip : ipNames) {
                InetAddress a = literal(ip);
                if (a != null && a.equals(wanted)) {
                    return Verdict.ok("hostname ok");
                }
            }
            return Verdict.fail("hostname mismatch: " + host + " is not among the certificate's IP addresses "
                    + (ipNames.isEmpty() ? "(none; names " + names(shown, leaf) + ")" : ipNames));
        }
        String wanted = normalise(host);
        List<String> candidates = dnsNames;
        if (dnsNames.isEmpty()) {
            // As the JDK: without DNS names, the most specific common name is the identity.
            String cn = commonName(leaf);
            candidates = cn == null ? List.of() : List.of(cn);
        }
        for (String name : candidates) {
            if (matches(wanted, normalise(name))) {
                return Verdict.ok("hostname ok");
            }
        }
        return Verdict.fail("hostname mismatch: certificate names " + names(candidates.isEmpty() ? shown : candidates, leaf));
    }

    private static String names(List<String> names, X509Certificate leaf) {
        if (names.isEmpty()) {
            String cn = commonName(leaf);
            return cn == null ? "nothing" : "CN=" + cn;
        }
        return names.size() > 5 ? String.join(", ", names.subList(0, 5)) + " (+" + (names.size() - 5) + " more)"
                : String.join(", ", names);
    }

    /** An RFC 6125 match: a wildcard stands for exactly one whole left-most label, under at least two labels. */
    static boolean matches(String host, String pattern) {
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return host.equals(pattern);
        }
        String suffix = pattern.substring(1); // ".example.com"
        if (suffix.indexOf('*') >= 0 || suffix.chars().filter(ch -> ch == '.').count() < 2) {
            return false;
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0 && !host.startsWith("xn--");
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        try {
            return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return n;
        }
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static InetAddress literal(String ip) {
        try {
            return isIpLiteral(ip) ? InetAddress.getByName(ip) : null; // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : dn.getRdns()) { // least significant last in RFC 2253 order: keep the last seen
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    // ---- trust (PKIX) ----

    /**
     * What the TLS probe trusts, as {@link CaTrust} does: the system's CAs plus those of the audit's CA file. The CA
     * file is read at once, so a broken one is an error before any connection; the system's CAs (about 140
     * certificates to parse) only when a chain needs them: one that leads to a CA of the file is trusted whatever
     * else is trusted, since path building with more anchors still finds that path.
     */
    static final class Anchors {
        private final TrustSet file;
        private final TrustLoader everything;
        private TrustSet all;

        /** How the whole set is read: {@link CaTrust#certificates}, or in tests a failure. */
        @FunctionalInterface
        interface TrustLoader {
            Set<X509Certificate> load() throws IOException, GeneralSecurityException;
        }

        Anchors(Collection<X509Certificate> fileCertificates, TrustLoader everything) {
            this.file = new TrustSet(fileCertificates);
            this.everything = everything;
        }

        /** What {@link CaTrust} trusts: the system CAs plus those of {@code caFile} (none when null). */
        static Anchors load(Path caFile) throws IOException, GeneralSecurityException {
            return new Anchors(caFile == null ? List.of() : CaTrust.fileCertificates(caFile), () -> CaTrust.certificates(caFile));
        }

        /** Whether the system's CAs have been read (only when a chain needed them). */
        synchronized boolean systemRead() {
            return all != null;
        }

        private synchronized TrustSet all() throws IOException, GeneralSecurityException {
            if (all == null) {
                all = new TrustSet(everything.load());
            }
            return all;
        }
    }

    /** Certificates as trust anchors. */
    private static final class TrustSet {
        private final Set<TrustAnchor> anchors;
        private final Set<X509Certificate> certificates;

        TrustSet(Collection<X509Certificate> certificates) {
            this.certificates = Set.copyOf(certificates);
            Set<TrustAnchor> a = new HashSet<>();
            for (X509Certificate c : certificates) {
                a.add(new TrustAnchor(c, null));
            }
            this.anchors = Set.copyOf(a);
        }
    }

    /**
     * PKIX validation of the presented chain against the anchors, without revocation checks. Evaluated now, or,
     * when the leaf itself is out of its validity period (reported by {@link #expiry}), at the nearest moment
     * the leaf was valid, so that "untrusted" is about the chain and not the date. Against the CA file's
     * certificates first, then, unless they trust it, against everything trusted.
     */
    static Verdict trust(List<X509Certificate> chain, Anchors anchors, Instant now) {
        X509Certificate leaf = chain.get(0);
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Verdict.fail("untrusted: unreadable extended key usage");
        }
        if (eku != null && !eku.contains(SERVER_AUTH) && !eku.contains(ANY_EKU)) {
            return Verdict.fail("untrusted: the certificate is not for TLS servers (extended key usage " + eku + ")");
        }
        if (!anchors.file.certificates.isEmpty()) {
            Verdict byFile = trust(chain, anchors.file, now);
            if (byFile.ok()) {
                return byFile;
            }
        }
        TrustSet all;
        try {
            all = anchors.all();
        } catch (IOException | GeneralSecurityException e) {
            return Verdict.undecided("trust undecided: cannot read the system's trusted CAs: " + reason(e));
        }
        return trust(chain, all, now);
    }

    private static Verdict trust(List<X509Certificate> chain, TrustSet trusted, Instant now) {
        X509Certificate leaf = chain.get(0);
        if (trusted.certificates.contains(leaf)) {
            return Verdict.ok("trusted");
        }
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant at = now.isBefore(notBefore) ? notBefore : now.isAfter(notAfter) ? notAfter : now;
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trusted.anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return Verdict.ok("trusted");
        } catch (CertPathBuilderException e) {
            return Verdict.fail("untrusted: " + reason(e));
        } catch (GeneralSecurityException e) {
            return Verdict.fail("untrusted: " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
