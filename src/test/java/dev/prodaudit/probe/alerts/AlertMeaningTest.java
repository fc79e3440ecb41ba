package dev.prodaudit.probe.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.promql.Parser;
import dev.prodaudit.promql.PromqlError;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind of alert, judged from its expression: a rule that watches it and one that only looks as if it did. */
class AlertMeaningTest {

    private static AlertMeaning judge(String expr) throws PromqlError {
        return AlertMeaning.of(Parser.parse(expr));
    }

    private static Set<AlertKind> kinds(String expr) throws PromqlError {
        return judge(expr).thresholded().keySet();
    }

    @Test
    void errorRateIsA5xxCounterRateComparedWithAThreshold() throws PromqlError {
        AlertMeaning m = judge("sum(rate(http_requests_total{job=\"api\",status=~\"5..\"}[5m])) "
                + "/ sum(rate(http_requests_total{job=\"api\"}[5m])) > 0.02");
        assertEquals("rate(http_requests_total{job=\"api\",status=~\"5..\"}[5m]) as a share of all requests > 0.02",
                m.thresholded().get(AlertKind.ERROR_RATE));
        assertEquals(Set.of(AlertKind.ERROR_RATE), kinds("increase(http_server_requests_seconds_count{status=~\"5.*\"}[10m]) > 10"));
        assertEquals(Set.of(AlertKind.ERROR_RATE), kinds("rate(nginx_http_requests_total{code=\"503\"}[5m]) > 1"));
    }

    @Test
    void notAnErrorRate() throws PromqlError {
        assertEquals(Set.of(), kinds("up == 0"), "named HighErrorRate or not, up == 0 is a target being down");
        assertEquals(Set.of(), kinds("rate(http_requests_total{status=~\"2..\"}[5m]) < 1"), "2xx is not an error");
        assertEquals(Set.of(), kinds("rate(http_requests_total{status=~\"[45]..\"}[5m]) > 1"), "4xx mixed in");
        assertEquals(Set.of(), kinds("rate(http_request_duration_seconds_bucket{code=~\"5..\",le=\"1\"}[5m]) > 1"));
        AlertMeaning always = judge("sum(rate(http_requests_total{status=~\"5..\"}[5m]))");
        assertTrue(always.thresholded().isEmpty());
        assertTrue(always.unthresholded().containsKey(AlertKind.ERROR_RATE), "seen, but no comparison: always firing");
        assertEquals(Set.of(), kinds("rate(http_requests_total{status=~\"5..\"}[5m]) > bool 0.1"), "bool filters nothing");
    }

    @Test
    void latencyIsAHistogramQuantileOverABucketRateComparedWithAThreshold() throws PromqlError {
        AlertMeaning m = judge("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route=\"/chat\"}[5m]))) > 5");
        assertEquals("p95 of http_request_duration_seconds (histogram_quantile over rate of "
                + "http_request_duration_seconds_bucket{route=\"/chat\"}) > 5", m.thresholded().get(AlertKind.LATENCY));
        assertEquals(Set.of(AlertKind.LATENCY), kinds("http_request_duration_seconds{quantile=\"0.99\"} > 2"));
    }

    @Test
    void notALatencyAlert() throws PromqlError {
        assertEquals(Set.of(), kinds("histogram_quantile(0.95, http_request_duration_seconds_bucket) > 5"),
                "a quantile of raw cumulative buckets, not of their rate");
        assertEquals(Set.of(), kinds("rate(http_request_duration_seconds_sum[5m]) > 1"));
        assertFalse(judge("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))").unthresholded().isEmpty());
    }

    @Test
    void diskIsFreeSpaceOrItsPrediction() throws PromqlError {
        assertEquals(Set.of(AlertKind.DISK), kinds("node_filesystem_avail_bytes{fstype!=\"\"} / node_filesystem_size_bytes < 0.2"));
        assertEquals(Set.of(AlertKind.DISK), kinds("predict_linear(kubelet_volume_stats_available_bytes[6h], 4 * 3600) < 0"));
        assertEquals(Set.of(AlertKind.DISK), kinds("(node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 < 15 "
                + "and node_filesystem_readonly == 0)"));
    }

    @Test
    void notADiskAlert() throws PromqlError {
        assertEquals(Set.of(), kinds("node_filesystem_readonly == 1"), "read-only, not full");
        assertEquals(Set.of(), kinds("node_filesystem_size_bytes > 0"), "the size alone says nothing of use");
    }

    @Test
    void memoryIsAvailableMemoryWorkingSetVersusLimitOomOrRedis() throws PromqlError {
        assertEquals(Set.of(AlertKind.MEMORY), kinds("node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < 0.1"));
        assertEquals(Set.of(AlertKind.MEMORY), kinds("sum by (pod) (container_memory_working_set_bytes{container!=\"\"}) "
                + "/ sum by (pod) (kube_pod_container_resource_limits{resource=\"memory\"}) > 0.9"));
        assertEquals(Set.of(AlertKind.MEMORY), kinds("kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1"));
        assertEquals(Set.of(AlertKind.MEMORY), kinds("increase(container_oom_events_total[15m]) > 0"));
        assertEquals(Set.of(AlertKind.MEMORY), kinds("redis_memory_used_bytes / redis_memory_max_bytes > 0.8"));
    }

    @Test
    void notAMemoryAlert() throws PromqlError {
        assertEquals(Set.of(), kinds("kube_pod_container_status_last_terminated_reason{reason=\"Error\"} == 1"));
        assertEquals(Set.of(), kinds("kube_pod_container_resource_limits{resource=\"memory\"} > 0"), "a limit is no usage");
    }
}
