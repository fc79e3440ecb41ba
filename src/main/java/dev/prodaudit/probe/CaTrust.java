package dev.prodaudit.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What every TLS-speaking probe trusts: the JDK's system CAs plus, with {@code --ca-file} / targets.caFile,
 * every certificate of that PEM file (an internal CA). One definition, so the HTTP, MongoDB, Redis and
 * Qdrant probes can never disagree about which servers are trusted.
 */
public final class CaTrust {

    private CaTrust() {
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
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(caFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new IOException("no PEM certificate in it");
        }
        for (Certificate c : extra) {
            store.setCertificateEntry("ca-file-" + n++, c);
        }
        return x509(factory(store));
    }

    private static TrustManagerFactory factory(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    private static X509TrustManager x509(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }
}
