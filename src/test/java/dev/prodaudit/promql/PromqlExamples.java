package dev.prodaudit.promql;

import java.util.List;

/**
 * Real-world alert expressions (kube-prometheus, node-mixin, the Prometheus docs) and malformed ones, shared by the
 * parser's own test and its peer test against {@code promtool check rules}.
 */
final class PromqlExamples {
    private PromqlExamples() {
    }

    static final List<String> VALID = List.of(
            "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05",
            """
            (
              node_filesystem_avail_bytes{job="node",fstype!=""} / node_filesystem_size_bytes{job="node",fstype!=""} * 100 < 15
            and
              predict_linear(node_filesystem_avail_bytes{job="node",fstype!=""}[6h], 4*60*60) < 0
            and
              node_filesystem_readonly{job="node",fstype!=""} == 0
            )
            """,
            "max_over_time(kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\", job=\"kube-state-metrics\"}[5m]) >= 1",
            "sum by (namespace, pod, container, cluster) (kube_pod_container_status_waiting_reason{job=\"kube-state-metrics\"}) > 0",
            "sum(namespace_memory:kube_pod_container_resource_requests:sum{}) by (cluster) - (sum(kube_node_status_allocatable{resource=\"memory\", job=\"kube-state-metrics\"}) by (cluster) - max(kube_node_status_allocatable{resource=\"memory\", job=\"kube-state-metrics\"}) by (cluster)) > 0 and (sum(kube_node_status_allocatable{resource=\"memory\", job=\"kube-state-metrics\"}) by (cluster) - max(kube_node_status_allocatable{resource=\"memory\", job=\"kube-state-metrics\"}) by (cluster)) > 0",
            "histogram_quantile(0.99, sum(rate(kubelet_pod_worker_duration_seconds_bucket{job=\"kubelet\", metrics_path=\"/metrics\"}[5m])) by (cluster, instance, le)) * on(cluster, instance) group_left(node) kubelet_node_name{job=\"kubelet\", metrics_path=\"/metrics\"} > 60",
            "sum(apiserver_request:burnrate1h) > (14.40 * 0.01000) and sum(apiserver_request:burnrate5m) > (14.40 * 0.01000)",
            "(node_nf_conntrack_entries{job=\"node\"} / node_nf_conntrack_entries_limit) > 0.75",
            "min_over_time(node_timex_sync_status{job=\"node\"}[5m]) == 0 and node_timex_maxerror_seconds{job=\"node\"} >= 16",
            "vector(1)",
            "100 * (count(up == 0) BY (job, namespace, service) / count(up) BY (job, namespace, service)) > 10",
            "kube_resourcequota{job=\"kube-state-metrics\", type=\"used\"} / ignoring(instance, job, type) (kube_resourcequota{job=\"kube-state-metrics\", type=\"hard\"} > 0) > 0.9 < 1",
            "sum(increase(container_cpu_cfs_throttled_periods_total{container!=\"\", }[5m])) by (container, pod, namespace) / sum(increase(container_cpu_cfs_periods_total{}[5m])) by (container, pod, namespace) > ( 25 / 100 )",
            "time() - max by(namespace, job_name, cluster) (kube_job_status_start_time{job=\"kube-state-metrics\"} and kube_job_status_active{job=\"kube-state-metrics\"} > 0) > 43200",
            "rate(node_network_receive_errs_total{job=\"node\"}[2m]) / rate(node_network_receive_packets_total{job=\"node\"}[2m]) > 0.01",
            "label_replace(up, \"foo\", \"$1\", \"instance\", \"(.*):.*\")",
            "max_over_time(rate(http_requests_total[5m])[30m:1m]) > 10",
            "min_over_time(deriv(process_resident_memory_bytes[5m])[1h:]) > 0",
            "rate(http_requests_total[5m] offset 1w) > 0",
            "http_requests_total @ 1609746000 offset 1h",
            "http_requests_total offset 1h @ end()",
            "rate(http_requests_total[5m] @ start())",
            "-2 ^ 2",
            "2 ^ 3 ^ 2",
            "a + b * c % d - e / f atan2 g",
            "topk(5, sum by (job) (rate(x[5m])))",
            "count_values(\"version\", build_info)",
            "quantile(0.9, x) without (instance)",
            "sum without (instance) (x)",
            "x == bool 1",
            "{__name__=~\"job:.*\"}",
            "kubelet_volume_stats_available_bytes{job=\"kubelet\"} / kubelet_volume_stats_capacity_bytes{job=\"kubelet\"} < 0.03 and kubelet_volume_stats_used_bytes{job=\"kubelet\"} > 0 unless on(namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{access_mode=\"ReadOnlyMany\"} == 1 unless on(namespace, persistentvolumeclaim) kube_persistentvolumeclaim_labels{label_excluded_from_alerts=\"true\"} == 1",
            "sum(x) # the total\n > 1",
            "sum(container_memory_working_set_bytes{container!=\"\"}) by (pod) / sum(kube_pod_container_resource_limits{resource=\"memory\"}) by (pod) > 0.9",
            "increase(container_oom_events_total[15m]) > 0",
            "redis_memory_used_bytes / redis_memory_max_bytes > 0.8",
            "histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 5",
            "x > -1",
            "0x1f + 1e3 * .5 + Inf - NaN",
            "absent(up{job=\"api\"})",
            "sort_desc(sum by (job) (up))",
            "round(x, 0.5) + round(x)",
            "label_join(up, \"foo\", \",\", \"a\", \"b\", \"c\")",
            "'single' == bool 1 or vector(0)".replace("'single' == bool 1 or ", ""),
            "x unless on() y",
            "a / on(job) group_right(team, env) b",
            "sum by () (x)",
            "holt_winters(x[10m], 0.5, 0.5)",
            "day_of_week() == 6",
            "`raw\\n` == bool 1".replace("`raw\\n` == bool 1", "x{a=`raw\\d`}"),
            "x{a=\"\\\"q\\\"\", b='it\\'s', c=\"\\u00e9\"}");

    static final List<String> INVALID = List.of(
            "sum(rate(x[5m])",
            "rate(x)",
            "foo{a=\"b\"",
            "1 > 2",
            "foo{a=~\"(\"}",
            "{a=\"\"}",
            "sum by (x) (y) by (z)",
            "unknownfn(x)",
            "x and 1",
            "(x)[5m]",
            "x offset",
            "histogram_quantile(0.9)",
            "x +",
            "\"a\" + 1",
            "x{a:b=\"c\"}",
            "x =~ \"a\"",
            "5m",
            "x[5m][5m]",
            "x offset 5m offset 1m",
            "sum(x[5m])",
            "x + bool y",
            "1 + on(a) x",
            "x and on(a) group_left y",
            "foo{__name__=\"bar\"}",
            "x[5m] + 1",
            "rate(x[5m:1m:])",
            "x > > 1",
            "topk(x)",
            "foo{a=\"b\" c=\"d\"}",
            "x @ 12 @ 13",
            "sum(x) offset 5m",
            "x[5 m]",
            "count_values(1, x)",
            "1.2.3",
            "");

    /** An invalid expression and the column its error names (as promtool's "1:N: parse error" does). */
    record Located(String expr, int line, int column) {
    }

    static final List<Located> LOCATED = List.of(
            new Located("rate(x)", 1, 6),
            new Located("sum(rate(x[5m])", 1, 16),
            new Located("foo{a=~\"(\"}", 1, 8),
            new Located("sum(x)\n  / on(job) group_left(job) y", 2, 3),
            new Located("x + unknownfn(y)", 1, 5));
}
