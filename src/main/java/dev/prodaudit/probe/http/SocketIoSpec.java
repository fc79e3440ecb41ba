package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;

/**
 * {@code type: socketio}: Socket.io answers over https and not over plain http.
 *
 * @param target   api (default) or frontend: the https base URL
 * @param url      an absolute https URL instead of a target
 * @param path     the Socket.io path (default {@code /socket.io/})
 * @param httpPort the plain-HTTP port on the same host that must not serve it (default 80)
 */
public record SocketIoSpec(String target, String url, String path, Integer httpPort) implements ProbeSpec {

    public SocketIoSpec {
        Targeting.validate(target, url, path);
        if (httpPort != null && (httpPort < 1 || httpPort > 65535)) {
            throw new IllegalArgumentException("'httpPort' is between 1 and 65535");
        }
    }
}
