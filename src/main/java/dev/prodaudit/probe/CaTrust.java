package dev.prodaudit.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * What every TLS-speaking probe trusts: the JDK's system CAs plus, with {@code --ca-file} / targets.caFile,
 * every certificate of that PEM file (an internal CA). One definition, so the HTTP, MongoDB, Redis, Qdrant and TLS
 * probes can never disagree about which servers are trusted.
 */
public final class CaTrust {

    private CaTrust() {
    }

    /**
     * The platform's verdict, with "PKIX path building failed: unable to find valid certification path to requested
     * target" replaced by the issuer the user has to add: "certificate not trusted: issuer CN=Corp CA is not in the
     * system store or --ca-file".
     */
    private static final class NamingTheIssuer extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager platform;

        NamingTheIssuer(X509ExtendedTrustManager platform) {
            this.platform = platform;
        }

        private static CertificateException named(X509Certificate[] chain, CertificateException e) {
            if (!ProbeFailure.UntrustedCertificate.isTrustFailure(e) || chain == null || chain.length == 0) {
                return e;
            }
            String issuer = chain[chain.length - 1].getIssuerX500Principal().getName(X500Principal.RFC2253);
            String cn = Arrays.stream(issuer.split(",(?=[A-Za-z.0-9]+=)"))
                    .filter(part -> part.regionMatches(true, 0, "CN=", 0, 3)).findFirst().orElse(issuer);
            return new ProbeFailure.UntrustedCertificate(cn, e);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                platform.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw named(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                platform.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw named(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                platform.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw named(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            platform.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            platform.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            platform.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return platform.getAcceptedIssuers();
        }
    }

    /** The system CAs alone when {@code caFile} is null; else the system CAs and the file's certificates. */
    public static X509TrustManager systemPlus(Path caFile) throws IOException, GeneralSecurityException {
        X509TrustManager system = x509(factory(null));
        if (caFile == null) {
            return system;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate ca : system.getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, ca);
        }
        for (Certificate c : fileCertificates(caFile)) {
            store.setCertificateEntry("ca-file-" + n++, c);
        }
        return x509(factory(store));
    }

    /** The certificates of the PEM file {@code caFile}; an IOException when it holds none. */
    public static List<X509Certificate> fileCertificates(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(caFile)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (read.isEmpty()) {
            throw new IOException("no PEM certificate in it");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : read) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /**
     * The CA certificates {@link #systemPlus} trusts, for a probe that judges a presented chain itself: the TLS probe
     * handshakes trusting anything (to learn which versions a server speaks), then builds the PKIX path against these.
     */
    public static Set<X509Certificate> certificates(Path caFile) throws IOException, GeneralSecurityException {
        return Set.copyOf(Arrays.asList(systemPlus(caFile).getAcceptedIssuers()));
    }

    private static TrustManagerFactory factory(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    private static X509TrustManager x509(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new NamingTheIssuer(x);
            }
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }
}
