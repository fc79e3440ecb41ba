package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;

/**
 * {@code type: https-redirect}: plain http:// on the target's host must redirect to https:// on the same host.
 *
 * @param target api (default) or frontend: the host to ask
 * @param url    an absolute URL instead of a target (its host is used)
 * @param path   the path to request over http (default {@code /})
 * @param port   the plain-HTTP port (default 80)
 */
public record HttpsRedirectSpec(String target, String url, String path, Integer port) implements ProbeSpec {

    public HttpsRedirectSpec {
        Targeting.validate(target, url, path);
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("'port' is between 1 and 65535");
        }
    }
}
