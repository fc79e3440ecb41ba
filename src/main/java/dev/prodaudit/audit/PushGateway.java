package dev.prodaudit.audit;

import dev.prodaudit.config.Redactor;
import dev.prodaudit.input.InputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code --push-gateway URL}: puts the run's metrics (the Prometheus report) to the ops' own Pushgateway, the one
 * write the audit makes, and never to an audited service. A PUT to {@code /metrics/job/prodaudit/instance/<env>}
 * replaces the group of the last run of that environment, so a check that left the catalogue leaves the
 * Pushgateway too. A failed push is a warning: the verdict and exit code are the audit's, not the Pushgateway's.
 */
public final class PushGateway {
    /** The job label of every push. */
    public static final String JOB = "prodaudit";
    /** The instance label when no environment is named. */
    public static final String DEFAULT_ENVIRONMENT = "production";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final MediaType EXPOSITION = MediaType.get("text/plain; version=0.0.4; charset=utf-8");

    private final URI group;

    private PushGateway(URI group) {
        this.group = group;
    }

    /**
     * The Pushgateway at {@code url} (http or https, optionally under a path prefix), grouping by {@code environment}.
     *
     * @param where how an error names the setting ({@code --push-gateway URL} or audit.yaml's file:line:col)
     */
    public static PushGateway of(String url, String environment, String where) throws InputException {
        URI base;
        try {
            base = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InputException(where, "not a URL", "e.g. http://pushgateway.monitoring:9091");
        }
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                || base.getHost() == null || base.getQuery() != null || base.getFragment() != null) {
            throw new InputException(where, "expected an http or https URL of the Pushgateway",
                    "e.g. http://pushgateway.monitoring:9091");
        }
        if (environment == null || !environment.strip().matches("[A-Za-z0-9._-]+")) {
            throw new InputException(where, "the environment name '" + environment + "' is not a label value the "
                    + "Pushgateway takes in its path", "letters, digits, '.', '_' and '-', e.g. --environment production");
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String group = path + "/metrics/job/" + JOB + "/instance/" + segment(environment.strip());
        return new PushGateway(URI.create(base.getScheme() + "://" + base.getRawAuthority() + group));
    }

    /**
     * PUTs {@code exposition}; returns the warning to print when it did not arrive (the reason, without the
     * Pushgateway's credentials), or empty.
     */
    public Optional<String> push(String exposition) {
        OkHttpClient client = new OkHttpClient.Builder().callTimeout(TIMEOUT).followRedirects(false).build();
        Request request = new Request.Builder().url(group.toString())
                .put(RequestBody.create(exposition, EXPOSITION)).build();
        try (Response response = client.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return Optional.empty();
            }
            String body = response.body().string().strip();
            return Optional.of(warning("the Pushgateway answered HTTP " + response.code()
                    + (body.isEmpty() ? "" : ": " + firstLine(body))));
        } catch (IOException e) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "no answer" : e.getMessage();
            return Optional.of(warning(reason));
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Where the metrics go, without a password. */
    public String shown() {
        return Redactor.stripUriPasswords(group.toString());
    }

    private String warning(String reason) {
        return "the metrics were not pushed to " + shown() + ": " + Redactor.stripUriPasswords(reason)
                + " (the verdict is unchanged)";
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A grouping label value as one path segment (a slash would start another label). */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
