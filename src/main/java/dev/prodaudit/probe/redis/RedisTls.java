package dev.prodaudit.probe.redis;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.CaTrust;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for {@code rediss://}: the system's trusted CAs plus the PEM certificates of {@code targets.caFile} (the
 * {@code --ca-file} option), and the host name checked against the certificate as HTTPS does.
 */
final class RedisTls {

    private RedisTls() {
    }

    static SSLSocketFactory socketFactory(Path caFile) throws ProbeFailure {
        try {
            if (caFile == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trustManager(caFile)}, null);
            return tls.getSocketFactory();
        } catch (NoSuchFileException e) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, "CA file " + caFile + " not found");
        } catch (IOException e) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, "cannot read CA file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, "cannot use CA file " + caFile + ": " + e.getMessage());
        }
    }

    /** Verifies the server's host name against its certificate. */
    static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    private static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        return CaTrust.systemPlus(caFile);
    }




}
