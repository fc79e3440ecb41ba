package dev.prodaudit.probe.tls;

import dev.prodaudit.probe.ProbeFailure;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One TLS handshake offering exactly one protocol version, with every cipher suite this JVM supports, trusting
 * any certificate (trust is judged separately). The handshake is bounded as a whole: connect, then the
 * handshake, within one time slice, after which the socket is closed from outside.
 */
final class Handshaker {

    /** What one handshake told about the server. */
    enum Kind {
        /** The server completed a handshake at the offered version. */
        ACCEPTED,
        /** The server refused the version: an alert, a closed or reset connection, or another version chosen. */
        REJECTED,
        /** No TCP connection (refused, unreachable). */
        CONNECT_FAILED,
        /** Connect or handshake did not finish within the slice. */
        TIMEOUT,
        /** The server answered something that is not TLS. */
        NOT_TLS,
        /** This client could not make or finish the attempt for its own reasons: no verdict on the server. */
        CLIENT_ERROR
    }

    record Result(Kind kind, String detail, String protocol, String cipher, List<X509Certificate> chain, long millis) {
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tls-probe-deadline");
        t.setDaemon(true);
        return t;
    });

    private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: (\\S+)");

    private final SSLSocketFactory factory;
    private final String[] cipherSuites;

    Handshaker() throws GeneralSecurityException {
        // A context of its own per run: no session resumption across checks, and no trust decisions here.
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, new SecureRandom());
        this.factory = context.getSocketFactory();
        List<String> suites = new ArrayList<>();
        for (String s : context.getSupportedSSLParameters().getCipherSuites()) {
            if (!s.endsWith("_SCSV")) {
                suites.add(s);
            }
        }
        this.cipherSuites = suites.toArray(String[]::new);
    }

    /**
     * @param host the name to send as SNI (none for an IP literal)
     * @param millis the slice: connect and handshake together
     */
    Result attempt(InetAddress address, String host, int port, String version, long millis) {
        long start = System.nanoTime();
        Socket raw = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> killer = DEADLINES.schedule(() -> {
            expired.set(true);
            closeQuietly(raw);
        }, millis, TimeUnit.MILLISECONDS);
        try {
            try {
                raw.connect(new InetSocketAddress(address, port), (int) Math.max(1, millis));
            } catch (SocketTimeoutException e) {
                return result(Kind.TIMEOUT, "connect", start);
            } catch (IOException e) {
                if (expired.get()) {
                    return result(Kind.TIMEOUT, "connect", start);
                }
                return result(Kind.CONNECT_FAILED, connectReason(e), start);
            }
            try {
                long left = millis - elapsed(start);
                if (left <= 0) {
                    return result(Kind.TIMEOUT, "handshake", start);
                }
                raw.setSoTimeout((int) left);
                SSLSocket socket = (SSLSocket) factory.createSocket(raw, host, port, true);
                SSLParameters p = socket.getSSLParameters();
                p.setProtocols(new String[] {version});
                p.setCipherSuites(cipherSuites);
                p.setServerNames(sni(host));
                socket.setSSLParameters(p);
                socket.startHandshake();
                SSLSession session = socket.getSession();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : session.getPeerCertificates()) {
                    if (c instanceof X509Certificate x) {
                        chain.add(x);
                    }
                }
                if (!version.equals(session.getProtocol())) {
                    return result(Kind.REJECTED, "negotiated " + session.getProtocol(), start);
                }
                if (chain.isEmpty()) {
                    return result(Kind.CLIENT_ERROR, "no X.509 certificate presented", start);
                }
                return new Result(Kind.ACCEPTED, null, session.getProtocol(), session.getCipherSuite(), List.copyOf(chain),
                        elapsed(start));
            } catch (IOException e) {
                if (expired.get() || causedBy(e, SocketTimeoutException.class)) {
                    return result(Kind.TIMEOUT, "handshake", start);
                }
                return classify(e, version, start);
            }
        } finally {
            killer.cancel(false);
            closeQuietly(raw);
        }
    }

    static Result classify(IOException e, String version, long start) {
        String m = String.valueOf(e.getMessage());
        // "Received fatal alert: protocol_version" on Java 17; newer JDKs put the alert's name in front as well,
        // "(protocol_version) Received fatal alert: protocol_version". Either way the server said no.
        Matcher alert = RECEIVED_ALERT.matcher(m);
        if (alert.find()) {
            return result(Kind.REJECTED, "alert " + alert.group(1), start);
        }
        if (m.contains("is not accepted by client preferences")) {
            // A server unaware of the version answered with another one.
            return result(Kind.REJECTED, "server chose another version", start);
        }
        if (m.contains("No appropriate protocol")) {
            return result(Kind.CLIENT_ERROR, "this JVM cannot offer " + version
                    + " (jdk.tls.disabledAlgorithms); run through ./audit", start);
        }
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
            return result(Kind.NOT_TLS, "the server does not speak TLS", start);
        }
        if (m.contains("Remote host terminated the handshake") || causedBy(e, EOFException.class)
                || isReset(e)) {
            return result(Kind.REJECTED, "connection closed", start);
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            return result(Kind.CLIENT_ERROR, version + " handshake failed on this side: " + oneLine(e), start);
        }
        return result(Kind.CLIENT_ERROR, version + ": " + oneLine(e), start);
    }

    private static boolean isReset(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException && t.getMessage() != null
                    && (t.getMessage().contains("reset") || t.getMessage().contains("Broken pipe")
                    || t.getMessage().contains("closed by remote"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String connectReason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return "cannot connect: " + oneLine(e);
    }

    private static List<SNIServerName> sni(String host) {
        if (CertificateChecks.isIpLiteral(host)) {
            return List.of(); // RFC 6066: no IP literals in SNI
        }
        try {
            return List.of(new SNIHostName(host));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static Result result(Kind kind, String detail, long start) {
        return new Result(kind, detail, null, null, List.of(), elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String oneLine(Throwable e) {
        return ProbeFailure.reason(e);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do: the socket is gone either way
        }
    }

    /**
     * Accepts any chain: this handshake asks which versions the server speaks. An {@link X509ExtendedTrustManager},
     * so that JSSE neither wraps it with its certificate algorithm constraints nor checks the hostname; the
     * certificate is judged afterwards by {@link CertificateChecks}.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
