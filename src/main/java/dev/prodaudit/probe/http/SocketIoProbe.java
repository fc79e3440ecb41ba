package dev.prodaudit.probe.http;

import java.util.Set;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * {@code type: socketio}: GETs {@code /socket.io/?EIO=4&transport=polling} over https, which must answer with an
 * Engine.IO open packet ({@code 0{"sid":...}}; the session id is never shown), then the same over plain http on the
 * same host, which must not: refused, no answer, an error status or a redirect to https all pass; an open packet
 * over http fails.
 */
public final class SocketIoProbe implements Probe<SocketIoSpec> {

    @Override
    public String type() {
        return "socketio";
    }

    @Override
    public Class<SocketIoSpec> specType() {
        return SocketIoSpec.class;
    }

    @Override
    public Set<Evidence> evidence(SocketIoSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(SocketIoSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(SocketIoSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        HttpUrl secure;
        HttpUrl plain;
        try {
            HttpUrl base = Targeting.base(ctx, spec.target(), spec.url());
            if (!base.isHttps()) {
                String m = "the " + ("frontend".equals(spec.target()) && spec.url() == null ? "front-end" : "API")
                        + " URL " + Show.url(base) + " is not https://; Socket.io must be served over TLS";
                return new Outcome(Status.FAIL, m, List.of(Finding.of(Status.FAIL, m)));
            }
            String path = spec.path() == null ? "/socket.io/" : spec.path();
            secure = polling(Targeting.join(base, path));
            plain = polling(Targeting.join(Targeting.plainHttp(base, spec.httpPort() == null ? 80 : spec.httpPort()), path));
        } catch (Targeting.NotConfigured e) {
            return Outcome.error(e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        HttpSession session;
        try {
            session = HttpSession.open(ctx, start);
            Reply r = session.send("GET", secure, Map.of(), false);
            String open = openPacket(r);
            findings.add(open != null
                    ? Finding.of(Status.PASS, r.line() + " with an Engine.IO open packet" + open)
                    : Finding.of(Status.FAIL, r.line() + " without an Engine.IO open packet (expected 0{\"sid\":...})"
                            + contentType(r)));
        } catch (ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        findings.add(plainSide(session, plain));
        return Verdicts.of(findings, "Socket.io answers over https (" + Show.url(secure) + ") and not over plain http");
    }

    private static HttpUrl polling(HttpUrl url) {
        return url.newBuilder().setQueryParameter("EIO", "4").setQueryParameter("transport", "polling").build();
    }

    private static Finding plainSide(HttpSession session, HttpUrl plain) {
        String where = "plain " + Show.url(plain);
        try {
            Reply r = session.send("GET", plain, Map.of(), false);
            if (openPacket(r) != null) {
                return Finding.of(Status.FAIL, r.line() + " with an Engine.IO open packet: Socket.io is reachable without TLS");
            }
            if (r.code() >= 300 && r.code() < 400) {
                String location = r.values("Location").isEmpty() ? null : r.values("Location").get(0);
                HttpUrl to = location == null ? null : plain.resolve(location.strip());
                if (to != null && !to.isHttps()) {
                    return Finding.of(Status.WARN, r.line() + " → " + Show.location(to) + ": redirects, but not to https://");
                }
                return Finding.of(Status.PASS, r.line() + (to == null ? "" : " → " + Show.location(to)) + ": no session over plain http");
            }
            return Finding.of(Status.PASS, r.line() + " without a session: Socket.io is not served over plain http");
        } catch (ProbeFailure e) {
            return switch (e.kind()) {
                case REFUSED -> Finding.of(Status.PASS, where + ": connection refused, nothing is served over plain http");
                case TIMEOUT -> Finding.of(Status.PASS, where + ": no answer (" + e.getMessage() + ")");
                default -> Finding.of(Status.PASS, where + " fails: " + e.getMessage());
            };
        }
    }

    /** A description of the open packet (", upgrades: websocket") or null when the body is none. */
    static String openPacket(Reply r) {
        if (r.code() != 200 || !r.body().startsWith("0{")) {
            return null;
        }
        // Polling may batch packets, separated by the record separator \u001e.
        String first = r.body().split("\u001e", 2)[0];
        try {
            JsonNode open = JsonReader.readTree(first.substring(1));
            if (open == null || !open.isObject() || !open.hasNonNull("sid")) {
                return null;
            }
            JsonNode upgrades = open.get("upgrades");
            List<String> names = new ArrayList<>();
            if (upgrades != null && upgrades.isArray()) {
                upgrades.forEach(u -> names.add(u.asText()));
            }
            return names.isEmpty() ? " (no upgrades offered)" : " (upgrades: " + String.join(", ", names) + ")";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static String contentType(Reply r) {
        String t = r.joined("Content-Type");
        return t == null ? "" : " (" + Show.clip(t) + ")";
    }
}
