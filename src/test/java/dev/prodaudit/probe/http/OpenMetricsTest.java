package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code type: prometheus} on a /metrics served as OpenMetrics: the body is parsed in the format its Content-Type
 * names. The main fixture is real prom-client 15 output from an OpenMetrics registry with exemplars
 * (src/test/resources/metrics/prom-client-15-openmetrics.js made it).
 */
class OpenMetricsTest {
    /** The Content-Type prom-client's Registry.OPENMETRICS_CONTENT_TYPE. */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    @TempDir
    Path dir;

    static String promClientOpenMetrics() throws IOException {
        try (InputStream in = OpenMetricsTest.class.getResourceAsStream("/metrics/prom-client-15-openmetrics.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Outcome run(MockResponse response) throws Exception {
        try (MockWebServer s = server(true, r -> r.getUrl().encodedPath().equals("/metrics") ? response : respond(404, ""));
             SharedClients clients = new SharedClients()) {
            // A generous budget: the first TLS exchange of a JVM on a busy machine is slow, and timing is not tested here.
            return new PrometheusProbe().run(new PrometheusSpec(null, null, null),
                    ctx(targets(base(s), null, caFile(dir)), Env.empty(), dir, Duration.ofSeconds(20), clients));
        }
    }

    @Test
    void promClientsOpenMetricsOutputWithExemplarsPasses() throws Exception {
        String body = promClientOpenMetrics();
        PrometheusText.Exposition e = OpenMetricsText.parse(body);
        assertEquals("counter", e.families().get("http_requests"));
        assertEquals("histogram", e.families().get("http_request_duration_seconds"));
        assertEquals("summary", e.families().get("llm_response_seconds"));
        assertEquals("gauge", e.families().get("app_nodejs_active_resources_total"));
        assertEquals(4, e.exemplars());

        Outcome o = run(respond(200, body, "Content-Type", OPENMETRICS));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().endsWith("/metrics answered 200: OpenMetrics 1.0.0, " + e.families().size() + " metric families"
                + " (2 histograms), " + e.samples() + " samples, 4 exemplars"), o.evidence());
    }

    @Test
    void theContentTypeDecidesTheFormat() throws Exception {
        // Exemplars are not Prometheus 0.0.4 syntax: the same body served as text/plain is judged as before.
        Outcome asPlainText = run(respond(200, promClientOpenMetrics(), "Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
        assertEquals(Status.FAIL, asPlainText.status());
        assertTrue(asPlainText.evidence().contains("but the body is not Prometheus text format: line 118:"), asPlainText.evidence());

        // And Prometheus 0.0.4 text (blank lines, no # EOF) sent as OpenMetrics is invalid OpenMetrics.
        Outcome mislabelled = run(respond(200, PrometheusProbeTest.PROM_CLIENT, "Content-Type", OPENMETRICS));
        assertEquals(Status.FAIL, mislabelled.status());
        assertTrue(mislabelled.evidence().endsWith("answered 200 but the body is not valid OpenMetrics 1.0.0 (as its Content-Type"
                + " says): line 19: no '# EOF' line at the end: an OpenMetrics exposition must end with # EOF (a truncated body,"
                + " or Prometheus 0.0.4 text sent as OpenMetrics)"), mislabelled.evidence());
    }

    @Test
    void aTruncatedOpenMetricsBodyFails() throws Exception {
        String body = promClientOpenMetrics();
        String truncated = body.substring(0, body.indexOf("# HELP socketio_connected_clients"));
        Outcome o = run(respond(200, truncated, "Content-Type", OPENMETRICS));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("line 139: no '# EOF' line at the end"), o.evidence());
    }

    @Test
    void theMediaTypeIsReadWithItsParameters() {
        assertEquals("OpenMetrics 1.0.0", PrometheusProbe.openMetricsVersion(OPENMETRICS));
        assertEquals("OpenMetrics 0.0.1", PrometheusProbe.openMetricsVersion("Application/OpenMetrics-Text; version=0.0.1"));
        assertEquals("OpenMetrics", PrometheusProbe.openMetricsVersion("application/openmetrics-text"));
        assertNull(PrometheusProbe.openMetricsVersion("text/plain; version=0.0.4; charset=utf-8"));
        assertNull(PrometheusProbe.openMetricsVersion(null));
        assertNull(PrometheusProbe.openMetricsVersion("not a media type"));
    }

    /** Valid expositions from the OpenMetrics 1.0 specification's examples, one per type and feature. */
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("counter with created and timestamps", """
                        # TYPE foo counter
                        foo_total 17.0 1520879607.789
                        foo_created 1520430000.123 1520879607.789
                        # EOF
                        """),
                Arguments.of("unit, help with escapes", """
                        # TYPE foo_seconds counter
                        # UNIT foo_seconds seconds
                        # HELP foo_seconds Some text and \\n some \\" escaping
                        foo_seconds_total{a="x",b="escaping\\" example \\n "} 0
                        # EOF"""),
                Arguments.of("histogram with exemplars", """
                        # TYPE foo histogram
                        foo_bucket{le="0.01"} 0
                        foo_bucket{le="0.1"} 8 # {} 0.054
                        foo_bucket{le="1"} 11 # {trace_id="KOO5S4vxi0o"} 0.67
                        foo_bucket{le="10"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
                        foo_bucket{le="+Inf"} 17
                        foo_count 17
                        foo_sum 324789.3
                        foo_created 1520430000.123
                        # EOF
                        """),
                Arguments.of("gaugehistogram", """
                        # TYPE foo gaugehistogram
                        foo_bucket{le="0.01"} 20.0
                        foo_bucket{le="+Inf"} 42.0
                        foo_gcount 42.0
                        foo_gsum 3289.3
                        # EOF
                        """),
                Arguments.of("stateset", """
                        # TYPE foo stateset
                        foo{entity="controller",foo="a"} 1.0
                        foo{entity="controller",foo="bb"} 0.0
                        # EOF
                        """),
                Arguments.of("info", """
                        # TYPE foo info
                        foo_info{name="pretty name",version="8.2.7"} 1
                        # EOF
                        """),
                Arguments.of("summary with quantiles", """
                        # TYPE foo summary
                        foo{quantile="0.95"} 123.7
                        foo{quantile="0.99"} 150.0
                        foo_count 17.0
                        foo_sum 324789.3
                        # EOF
                        """),
                Arguments.of("unknown, untyped samples, an empty family, special values", """
                        # TYPE foo unknown
                        foo 42.23
                        bar{} +Inf
                        baz -infinity
                        qux NaN
                        # TYPE empty gauge
                        # EOF
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theSpecificationsExamplesParse(String what, String text) throws Exception {
        assertTrue(OpenMetricsText.parse(text).families().size() >= 1);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("# TYPE a gauge\na 1\n", 2, "no '# EOF' line at the end: an OpenMetrics exposition must end with # EOF"
                        + " (a truncated body, or Prometheus 0.0.4 text sent as OpenMetrics)"),
                Arguments.of("# TYPE a gauge\n# EOF\na 1\n", 3, "text after # EOF (the exposition ends there)"),
                Arguments.of("# TYPE a gauge\n\na 1\n# EOF\n", 2, "empty line (not allowed in OpenMetrics)"),
                Arguments.of("# TYPE a gauge\r\na 1\n# EOF\n", 1, "the line ends with CR LF; OpenMetrics lines end with LF alone"),
                Arguments.of("# a comment\n# EOF\n", 1,
                        "a '#' line other than # TYPE, # HELP, # UNIT or # EOF (comments are not allowed in OpenMetrics)"),
                Arguments.of("# TYPE a untyped\n# EOF\n", 1, "unknown metric type 'untyped' (counter, gauge, histogram,"
                        + " gaugehistogram, stateset, info, summary or unknown)"),
                Arguments.of("# TYPE a gauge\n# TYPE a gauge\n# EOF\n", 2, "second TYPE line for a"),
                Arguments.of("# TYPE a gauge\na 1\n# HELP a late\n# EOF\n", 3, "HELP for a comes after its samples"),
                Arguments.of("# TYPE a_seconds gauge\n# UNIT a_seconds bytes\n# EOF\n", 2, "the name a_seconds does not end with its unit _bytes"),
                Arguments.of("# TYPE a counter\na 1\n# EOF\n", 2, "sample a does not fit the counter a (its samples are a_created, a_total)"),
                Arguments.of("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n", 5,
                        "samples of a appear again after other families (families must not be interleaved)"),
                Arguments.of("# TYPE a counter\n# TYPE a_total gauge\n# EOF\n", 2, "the family a_total clashes with a sample name of counter a"),
                Arguments.of("a  1\n# EOF\n", 1, "'' is not a sample value"),
                Arguments.of("a{b=\"c\", d=\"e\"} 1\n# EOF\n", 1, "expected a label name at column 9 of a"),
                Arguments.of("a{b=\"c\",} 1\n# EOF\n", 1, "expected a label name at column 9 of a"),
                Arguments.of("a 1 1520879607.789 7\n# EOF\n", 1, "unexpected text after the timestamp (tokens are separated by a single space)"),
                Arguments.of("a 1 soon\n# EOF\n", 1, "'soon' is not a timestamp (seconds since the epoch)"),
                Arguments.of("a 1e999\n# EOF\n", 1, "'1e999' is out of the range of a 64-bit float"),
                Arguments.of("# TYPE a gauge\na 1 # {trace_id=\"x\"} 1\n# EOF\n", 2,
                        "an exemplar on a (only counter totals and histogram buckets carry exemplars)"),
                Arguments.of("# TYPE a counter\na_total 1 # {trace_id=\"" + "x".repeat(121) + "\"} 1\n# EOF\n", 2,
                        "the exemplar's labels are 129 characters long (at most 128)"),
                Arguments.of("# TYPE a counter\na_total 1 #{x=\"y\"} 1\n# EOF\n", 2, "an exemplar is written ' # {labels} value [timestamp]'"),
                Arguments.of("# TYPE a counter\na_total -1\n# EOF\n", 2, "a_total is negative; it counts, so it must be 0 or more"),
                Arguments.of("# TYPE h histogram\nh_bucket{x=\"1\"} 1\n# EOF\n", 2, "histogram bucket h_bucket has no le label"),
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"0.5\"} 1\n# EOF\n", 3,
                        "buckets of h_bucket are not in increasing order of le (0.5)"),
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\n# EOF\n", 3,
                        "bucket counts of h_bucket decrease (le=\"+Inf\"); buckets are cumulative"),
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_count 3\n# EOF\n", 2, "histogram h has no le=\"+Inf\" bucket"),
                Arguments.of("# TYPE s stateset\ns{s=\"on\"} 2\n# EOF\n", 2, "stateset sample s is neither 0 nor 1"),
                Arguments.of("# TYPE s stateset\ns{state=\"on\"} 1\n# EOF\n", 2, "stateset sample s has no label named s (the state)"),
                Arguments.of("# TYPE i info\ni_info{v=\"1\"} 2\n# EOF\n", 2, "info sample i_info is not 1"),
                Arguments.of("# TYPE q summary\nq{quantile=\"1.5\"} 1\n# EOF\n", 2, "quantile 1.5 of q is not between 0 and 1"),
                Arguments.of("# TYPE q summary\nq 1\n# EOF\n", 2, "summary sample q has no quantile label"),
                Arguments.of("\uFEFF# EOF\n", 1, "the body starts with a byte order mark, which OpenMetrics forbids"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void malformedExpositionsFailWithTheirLineNumber(String text, int line, String message) {
        PrometheusText.ParseError e = assertThrows(PrometheusText.ParseError.class, () -> OpenMetricsText.parse(text));
        assertEquals("line " + line + ": " + message, e.getMessage());
        assertEquals(line, e.line);
    }
}
