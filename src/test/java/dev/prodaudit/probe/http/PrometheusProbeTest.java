package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code type: prometheus} and its strict exposition-format parser. */
class PrometheusProbeTest {
    /** What prom-client with express-prom-bundle serves (abridged). */
    static final String PROM_CLIENT = """
            # HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
            # TYPE process_cpu_user_seconds_total counter
            process_cpu_user_seconds_total 0.52

            # HELP nodejs_eventloop_lag_seconds Lag of event loop in seconds.
            # TYPE nodejs_eventloop_lag_seconds gauge
            nodejs_eventloop_lag_seconds 0.004235 1700000000000

            # HELP http_request_duration_seconds duration histogram of http responses labeled with: status_code, method, path
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.003",status_code="200",method="GET",path="/health"} 12
            http_request_duration_seconds_bucket{le="+Inf",status_code="200",method="GET",path="/health"} 14
            http_request_duration_seconds_sum{status_code="200",method="GET",path="/health"} 0.0421
            http_request_duration_seconds_count{status_code="200",method="GET",path="/health"} 14
            # HELP up_quantiles a summary with an escaped \\\\ backslash and a \\n newline
            # TYPE up_quantiles summary
            up_quantiles{quantile="0.5",note="say \\"hi\\"\\n",} NaN
            up_quantiles_sum -Inf
            up_quantiles_count 3e2
            """;

    @TempDir
    Path dir;

    private Outcome run(MockResponse response) throws Exception {
        try (MockWebServer s = server(true, r -> r.getUrl().encodedPath().equals("/metrics") ? response : respond(404, ""));
             SharedClients clients = new SharedClients()) {
            return new PrometheusProbe().run(new PrometheusSpec(null, null, null),
                    ctx(targets(base(s), null, caFile(dir)), dir, clients));
        }
    }

    @Test
    void promClientOutputParses() throws Exception {
        PrometheusText.Exposition e = PrometheusText.parse(PROM_CLIENT);
        assertEquals(4, e.families().size());
        assertEquals("histogram", e.families().get("http_request_duration_seconds"));
        assertEquals("summary", e.families().get("up_quantiles"));
        assertEquals(9, e.samples());

        Outcome o = run(respond(200, PROM_CLIENT, "Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().endsWith("/metrics answered 200: Prometheus text format, 4 metric families (1 histogram), 9 samples"),
                o.evidence());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("# TYPE a counter\na 1\n# TYPE a counter", 3, "second TYPE line for a"),
                Arguments.of("a 1\n# TYPE a counter", 2, "TYPE for a comes after its samples"),
                Arguments.of("# TYPE a countr", 1, "unknown metric type 'countr'"),
                Arguments.of("# TYPE a", 1, "TYPE needs exactly a metric name and a type"),
                Arguments.of("# HELP a x\n# HELP a y", 2, "second HELP line for a"),
                Arguments.of("# HELP a bad \\q escape", 1, "invalid escape in HELP text (only \\\\ and \\n)"),
                Arguments.of("9a 1", 1, "expected a metric name, found '9a 1'"),
                Arguments.of("a{b=\"c\" 1", 1, "expected ',' or '}' after label b"),
                Arguments.of("a{b=c} 1", 1, "label b needs a quoted value"),
                Arguments.of("a{b=\"c\\x\"} 1", 1, "invalid escape in the value of label b"),
                Arguments.of("a{b=\"c\",b=\"d\"} 1", 1, "label b appears twice"),
                Arguments.of("a{b=\"c} 1", 1, "unterminated value of label b"),
                Arguments.of("a one", 1, "'one' is not a sample value"),
                Arguments.of("a", 1, "a has no value"),
                Arguments.of("a 1 12.5", 1, "'12.5' is not a timestamp (milliseconds since the epoch)"),
                Arguments.of("a 1 12 extra", 1, "unexpected text after the timestamp"),
                Arguments.of("ok 1\n<html>", 2, "expected a metric name, found '<html>'"),
                Arguments.of("# TYPE h histogram\nh_bucket{x=\"1\"} 1", 2, "histogram bucket h_bucket has no le label"),
                Arguments.of("a{b=\"c\"}1", 1, "expected a blank between a{...} and its value"),
                Arguments.of("a1.5", 1, "expected a blank between a1 and its value"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void malformedLinesFailWithTheirLineNumber(String text, int line, String message) {
        PrometheusText.ParseError e = assertThrows(PrometheusText.ParseError.class, () -> PrometheusText.parse(text));
        assertEquals(line, e.line);
        assertEquals("line " + line + ": " + message, e.getMessage());
    }

    @Test
    void aMalformedEndpointFails() throws Exception {
        Outcome o = run(respond(200, "# TYPE up gauge\nup 1\nup{job=\"api\" 1\n"));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().endsWith("/metrics answered 200 but the body is not Prometheus text format: line 3: expected ',' or '}' after label job"),
                o.evidence());
    }

    @Test
    void anHtmlPageOrAnEmptyBodyFails() throws Exception {
        assertEquals(Status.FAIL, run(respond(200, "<!DOCTYPE html><html></html>")).status());
        Outcome empty = run(respond(200, "# just a comment\n"));
        assertEquals(Status.FAIL, empty.status());
        assertTrue(empty.evidence().endsWith("answered 200 with no metrics"));
    }

    @Test
    void aMissingEndpointFailsAndAProtectedOneIsAnError() throws Exception {
        Outcome missing = run(respond(404, "Cannot GET /metrics"));
        assertEquals(Status.FAIL, missing.status());
        assertTrue(missing.evidence().endsWith("/metrics answered 404; expected 200 with Prometheus metrics"));
        Outcome protectedOne = run(respond(401, ""));
        assertEquals(Status.ERROR, protectedOne.status());
        assertTrue(protectedOne.evidence().contains("the metrics are protected, so the probe cannot read them"));
    }

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new PrometheusProbe().run(new PrometheusSpec(null, null, null),
                    ctx(targets("http://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET http://127.0.0.1:" + port + "/metrics", o.evidence());
        }
    }
}
