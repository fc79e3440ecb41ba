package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;

/**
 * {@code type: prometheus}: a metrics endpoint in the Prometheus text exposition format.
 *
 * @param target api (default) or frontend
 * @param url    an absolute URL instead of a target
 * @param path   the metrics path (default {@code /metrics})
 */
public record PrometheusSpec(String target, String url, String path) implements ProbeSpec {

    public PrometheusSpec {
        Targeting.validate(target, url, path);
    }
}
