package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.CaTrust;
import dev.prodaudit.probe.ProbeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The run's one HTTP client, shared by every HTTP check through {@link dev.prodaudit.probe.SharedClients}
 * and closed when the run ends. It trusts the system's CA store plus the PEM certificates of
 * {@code targets.caFile} (the {@code --ca-file} option), follows no redirects, retries nothing and keeps no
 * cookies; each check derives a client with its own timeouts from it ({@link OkHttpClient#newBuilder()}
 * shares the connection pool).
 */
public final class HttpClients implements AutoCloseable {
    private static final String KEY = "http:okhttp";
    private static final String CLEARTEXT_KEY = "http:okhttp-cleartext";

    private final OkHttpClient client;

    private HttpClients(OkHttpClient client) {
        this.client = client;
    }

    /**
     * The run's client, built on first use.
     *
     * @throws ProbeFailure when the CA file cannot be read (every HTTP check then reports it as its ERROR)
     */
    public static OkHttpClient of(ProbeContext ctx) throws ProbeFailure {
        Path caFile = ctx.targets().caFile();
        try {
            return ctx.clients().get(KEY, HttpClients.class, () -> build(caFile)).client;
        } catch (UncheckedIOException e) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, e.getCause().getMessage());
        } catch (IllegalStateException e) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, e.getMessage());
        }
    }

    /**
     * The run's client for plain http://, built on first use: the same settings without TLS, so a run whose HTTP
     * requests and redirects all stay on http:// (a redirect check, a staging stack) neither loads the trust store
     * nor builds okhttp's index of its CAs. {@link HttpSession} follows redirects itself, hop by hop, so a redirect
     * to https:// takes {@link #of} for that hop only.
     */
    public static OkHttpClient cleartext(ProbeContext ctx) {
        return ctx.clients().get(CLEARTEXT_KEY, HttpClients.class,
                () -> new HttpClients(settings().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build())).client;
    }

    /**
     * The client a request to {@code url} needs: {@link #cleartext} for plain http://, {@link #of} for anything else
     * (https://, or a URL that does not parse, which the request itself then reports).
     */
    public static OkHttpClient forUrl(ProbeContext ctx, String url) throws ProbeFailure {
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
        return parsed == null ? of(ctx) : forUrl(ctx, parsed);
    }

    /** As {@link #forUrl(ProbeContext, String)}, for a URL already parsed. */
    public static OkHttpClient forUrl(ProbeContext ctx, okhttp3.HttpUrl url) throws ProbeFailure {
        return url.isHttps() ? of(ctx) : cleartext(ctx);
    }

    /**
     * The run's client with every phase of a call (connecting, writing, reading, and the whole call) bounded by what
     * is left of a check's budget; it shares the run's connection pool and trust.
     */
    public static OkHttpClient within(OkHttpClient client, long millis) {
        return client.newBuilder()
                .callTimeout(millis, TimeUnit.MILLISECONDS)
                .connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS)
                .writeTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
    }

    /** What every client of the run shares: no redirects, no retries. */
    private static OkHttpClient.Builder settings() {
        return new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                // A retry would hide a flaky endpoint and double the time a hung one costs.
                .retryOnConnectionFailure(false);
    }

    private static HttpClients build(Path caFile) {
        OkHttpClient.Builder b = settings();
        // Always CaTrust, even without a CA file: its trust manager names the issuer of an untrusted certificate.
        try {
            X509TrustManager trust = trustManager(caFile);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            b.sslSocketFactory(tls.getSocketFactory(), trust);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(new IOException("CA file " + caFile + " not found", e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read CA file " + caFile + ": " + e.getMessage(), e));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException((caFile == null ? "cannot use the system trust store" : "cannot use CA file " + caFile)
                    + ": " + e.getMessage(), e);
        }
        return new HttpClients(b.build());
    }

    /** The system's trusted CAs plus every certificate of the PEM file. */
    static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        return CaTrust.systemPlus(caFile);
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
    }
}
