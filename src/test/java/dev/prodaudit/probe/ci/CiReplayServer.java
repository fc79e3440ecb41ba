package dev.prodaudit.probe.ci;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in for the GitHub and GitLab REST APIs that replays answers shaped as the providers document them
 * (bodies, {@code Link} paging, rate-limit headers, error bodies), and records every request it was sent so tests can
 * prove the probe only reads and sends its token only in the auth header.
 */
final class CiReplayServer implements AutoCloseable {
    /** One request as it arrived. */
    record Seen(String method, String target, okhttp3.Headers headers) {
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, List<MockResponse>> routes = Collections.synchronizedMap(new HashMap<>());
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final MockResponse notFound;

    private CiReplayServer(MockResponse notFound) throws IOException {
        this.notFound = notFound;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String target = request.getTarget();
                seen.add(new Seen(request.getMethod(), target, request.getHeaders()));
                List<MockResponse> answers = routes.get(target);
                if (answers == null || answers.isEmpty()) {
                    return CiReplayServer.this.notFound;
                }
                // Answers are served in order; the last one repeats.
                return answers.size() == 1 ? answers.get(0) : answers.remove(0);
            }
        });
        server.start();
    }

    /** A GitHub API: unknown paths answer GitHub's documented 404 body. */
    static CiReplayServer github() throws IOException {
        return new CiReplayServer(json(404, """
                {"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}""",
                GITHUB_RATE));
    }

    /** A GitLab API: unknown paths answer GitLab's 404 body. */
    static CiReplayServer gitlab() throws IOException {
        return new CiReplayServer(json(404, "{\"message\":\"404 Project Not Found\"}"));
    }

    /** Serves {@code answers} in order for exactly this request target (path and query). */
    CiReplayServer route(String target, MockResponse... answers) {
        routes.put(target, new ArrayList<>(List.of(answers)));
        return this;
    }

    /** The API base URL, without trailing slash. */
    String base() {
        String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    List<Seen> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Rate-limit headers GitHub sends on every answer (values from its docs' example). */
    static final String[] GITHUB_RATE = {"x-ratelimit-limit", "5000", "x-ratelimit-remaining", "4987",
            "x-ratelimit-reset", "1750435200", "x-ratelimit-used", "13", "x-ratelimit-resource", "core"};

    static MockResponse json(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body)
                .addHeader("Content-Type", "application/json; charset=utf-8");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    static MockResponse github(String body, String... extra) {
        List<String> h = new ArrayList<>(List.of(GITHUB_RATE));
        h.addAll(List.of(extra));
        return json(200, body, h.toArray(String[]::new));
    }

    @Override
    public void close() {
        server.close();
    }
}
