package dev.prodaudit.probe.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for {@code rediss://}: the system's trusted CAs plus the PEM certificates of {@code targets.caFile} (the
 * {@code --ca-file} option), and the host name checked against the certificate as HTTPS does.
 */
final class RedisTls {

    private RedisTls() {
    }

    static SSLSocketFactory socketFactory(Path caFile) throws RedisFailure {
        try {
            if (caFile == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trustManager(caFile)}, null);
            return tls.getSocketFactory();
        } catch (NoSuchFileException e) {
            throw new RedisFailure(RedisFailure.Kind.CONFIG, "CA file " + caFile + " not found");
        } catch (IOException e) {
            throw new RedisFailure(RedisFailure.Kind.CONFIG, "cannot read CA file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new RedisFailure(RedisFailure.Kind.CONFIG, "cannot use CA file " + caFile + ": " + e.getMessage());
        }
    }

    /** Verifies the server's host name against its certificate. */
    static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    private static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate ca : x509(defaultFactory(null)).getAcceptedIssuers()) {
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
        return x509(defaultFactory(store));
    }

    private static TrustManagerFactory defaultFactory(KeyStore store) throws GeneralSecurityException {
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
