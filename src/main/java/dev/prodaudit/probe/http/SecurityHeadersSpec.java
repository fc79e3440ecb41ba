package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;

/**
 * {@code type: http-security-headers}: the security headers of one page, judged as the MDN HTTP Observatory
 * judges them.
 *
 * @param target          api (default) or frontend
 * @param url             an absolute URL instead of a target
 * @param path            the page to read (default {@code /})
 * @param followRedirects judge the page a redirect leads to (default false: the first response)
 */
public record SecurityHeadersSpec(String target, String url, String path, Boolean followRedirects) implements ProbeSpec {

    public SecurityHeadersSpec {
        Targeting.validate(target, url, path);
    }
}
