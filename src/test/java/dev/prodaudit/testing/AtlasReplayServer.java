package dev.prodaudit.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MongoDB Atlas Administration API v2 as the audit meets it, on a dynamic loopback port: RFC 7616 Digest
 * authentication done as Atlas does it (a 401 with {@code WWW-Authenticate: Digest realm="MMS Public API", domain="",
 * nonce="...", algorithm=MD5, qop="auth", stale=false} and Atlas's error body, then the client's response hash
 * verified against the private key), the versioned {@code Accept} header required (406 otherwise), documented bodies
 * served by path, paged listings by {@code pageNum}/{@code itemsPerPage}, and every request recorded with all its
 * headers so tests can assert GET only and that the private key never crossed the wire.
 */
public final class AtlasReplayServer implements AutoCloseable {
    public static final String MEDIA_TYPE = "application/vnd.atlas.2023-01-01+json";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");

    /** One request as received: method, path with query, and every header line. */
    public record Recorded(String method, String target, List<String> headerLines) {
    }

    /** A canned answer. */
    public record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final String publicKey;
    private final String privateKey;
    private final Map<String, Reply> routes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> pages = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final SecureRandom random = new SecureRandom();

    public AtlasReplayServer(String publicKey, String privateKey) throws IOException {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base the audit is pointed at: {@code http://127.0.0.1:PORT/api/atlas/v2}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/atlas/v2";
    }

    /** Serves {@code body} with {@code status} at {@code path} (below the base, without query). */
    public AtlasReplayServer serve(String path, int status, String body) {
        routes.put("/api/atlas/v2" + path, new Reply(status, body));
        return this;
    }

    /**
     * Serves a paged listing at {@code path}: {@code items} (JSON objects) split in pages of the client's
     * {@code itemsPerPage}, wrapped as Atlas wraps them ({@code links}, {@code results}, {@code totalCount}).
     */
    public AtlasReplayServer servePaged(String path, List<String> items) {
        pages.put("/api/atlas/v2" + path, List.copyOf(items));
        return this;
    }

    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Atlas's error body, as its API sends it. */
    public static String error(int status, String code, String reason, String detail) {
        return "{\"detail\":\"" + detail + "\",\"error\":" + status + ",\"errorCode\":\"" + code
                + "\",\"parameters\":[],\"reason\":\"" + reason + "\"}";
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                : "?" + ex.getRequestURI().getRawQuery());
        List<String> lines = new ArrayList<>();
        ex.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> lines.add(k + ": " + v)));
        requests.add(new Recorded(ex.getRequestMethod(), target, lines));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !verified(auth, ex.getRequestMethod(), target)) {
            String nonce = HexFormat.of().formatHex(bytes());
            nonces.add(nonce);
            ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"MMS Public API\", domain=\"\", nonce=\""
                    + nonce + "\", algorithm=MD5, qop=\"auth\", stale=false");
            send(ex, 401, error(401, "UNAUTHORIZED", "Unauthorized", "You are not authorized for this resource."));
            return;
        }
        if (!ex.getRequestMethod().equals("GET")) {
            send(ex, 405, error(405, "METHOD_NOT_ALLOWED", "Method Not Allowed", "This replay serves GET only."));
            return;
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains(MEDIA_TYPE)) {
            send(ex, 406, error(406, "INVALID_VERSION_DATE", "Not Acceptable",
                    "An invalid version date was specified in the accept header."));
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        List<String> items = pages.get(path);
        if (items != null) {
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            int size = Integer.parseInt(query.getOrDefault("itemsPerPage", "100"));
            int page = Integer.parseInt(query.getOrDefault("pageNum", "1"));
            int from = Math.min(items.size(), (page - 1) * size);
            int to = Math.min(items.size(), from + size);
            String self = base().replace("/api/atlas/v2", "") + path;
            StringBuilder links = new StringBuilder("[{\"href\":\"" + self + "?pageNum=" + page + "&itemsPerPage=" + size
                    + "\",\"rel\":\"self\"}");
            if (to < items.size()) {
                links.append(",{\"href\":\"").append(self).append("?pageNum=").append(page + 1).append("&itemsPerPage=")
                        .append(size).append("\",\"rel\":\"next\"}");
            }
            links.append(']');
            send(ex, 200, "{\"links\":" + links + ",\"results\":[" + String.join(",", items.subList(from, to))
                    + "],\"totalCount\":" + items.size() + "}");
            return;
        }
        Reply reply = routes.get(path);
        if (reply == null) {
            send(ex, 404, error(404, "RESOURCE_NOT_FOUND", "Not Found", "Cannot find resource " + path + "."));
            return;
        }
        send(ex, reply.status(), reply.body());
    }

    /** The client's Digest answer: our nonce, our realm, this request's URI, and the hash made with the private key. */
    private boolean verified(String header, String method, String target) {
        if (!header.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String nonce = p.get("nonce");
        if (nonce == null || !nonces.remove(nonce) || !publicKey.equals(p.get("username"))
                || !"MMS Public API".equals(p.get("realm")) || !target.equals(p.get("uri"))
                || !"auth".equals(p.get("qop")) || p.get("nc") == null || p.get("cnonce") == null) {
            return false;
        }
        String ha1 = md5(publicKey + ":MMS Public API:" + privateKey);
        String ha2 = md5(method + ":" + target);
        String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
