package dev.prodaudit.probe.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fixture corpus of the credential rules: real-shaped credentials generated at test time (random bodies of the
 * right alphabet and length, so nothing live-looking is ever committed) and committed-safe false positives
 * (placeholders, documentation examples, UUIDs, lockfile hashes, base64 images).
 *
 * <p>Each true positive is one line of one file, with the rule expected to match it.
 */
final class CredentialCorpus {
    static final String B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static final String HEX = "0123456789abcdef";
    static final String URLSAFE = B62 + "_-";

    /** A true positive: {@code file}'s line {@code line} holds a credential the rule must find. */
    record Expected(String file, int line, String ruleId, String value) {
    }

    /**
     * The bodies come from a fixed seed: a run is reproducible, and a verdict cannot hang on a draw. Unseeded, one
     * 32-character base-62 body in about 290 had no digit, which the generic rule rightly passes over, and a test
     * drawing five such keys failed about one run in sixty.
     */
    private final Random random = new Random(20261203L);
    private final Map<String, List<String>> files = new LinkedHashMap<>();
    private final List<Expected> expected = new ArrayList<>();

    String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Adds a line to a file; with a rule id it is a true positive carrying {@code value}. */
    private void line(String file, String text, String ruleId, String value) {
        List<String> lines = files.computeIfAbsent(file, f -> new ArrayList<>());
        lines.add(text);
        if (ruleId != null) {
            expected.add(new Expected(file, lines.size(), ruleId, value));
        }
    }

    private void line(String file, String text) {
        line(file, text, null, null);
    }

    static CredentialCorpus generate() {
        CredentialCorpus c = new CredentialCorpus();
        c.truePositives();
        c.falsePositives();
        return c;
    }

    private void truePositives() {
        String azureHex = random(HEX, 32);
        line("config/azure.env", "AZURE_OPENAI_ENDPOINT=https://contoso-prod.openai.azure.com/");
        line("config/azure.env", "AZURE_OPENAI_API_KEY=" + azureHex, "azure-openai-key-hex", azureHex);
        String azure84 = random(B62, 52) + "JQQJ99" + random(B62, 1) + random("ABCDEFGHIJKL", 1) + random(B62, 12)
                + "AAAz" + "ACOG" + random(B62, 4);
        line("src/llm/client.ts", "const client = new AzureOpenAI({ apiKey: '" + azure84 + "' });",
                "azure-openai-key-84", azure84);

        String resend = "re_" + random(B58, 8) + "_" + random(B58, 24);
        line("src/email.js", "import { Resend } from 'resend';");
        line("src/email.js", "const resend = new Resend('" + resend + "');", "resend-api-key", resend);

        String ntn = "ntn_" + random("0123456789", 11) + random(B62, 35);
        String legacy = "secret_" + random(B62, 43);
        line("src/notion.ts", "const notion = new Client({ auth: \"" + ntn + "\" });", "notion-token", ntn);
        line("src/notion.ts", "// old integration: " + legacy, "notion-token-legacy", legacy);

        String proj = "sk-proj-" + random(URLSAFE, 74) + "T3BlbkFJ" + random(URLSAFE, 74);
        String old = "sk-" + random(B62, 20) + "T3BlbkFJ" + random(B62, 20);
        line("scripts/embed.py", "openai.api_key = \"" + proj + "\"", "openai-api-key", proj);
        line("scripts/embed.py", "fallback = \"" + old + "\"", "openai-api-key", old);

        String lsv2 = "lsv2_pt_" + random(HEX, 32) + "_" + random(HEX, 10);
        line("config/langsmith.env", "LANGCHAIN_API_KEY=" + lsv2, "langsmith-api-key", lsv2);

        String sentrySecret = random(HEX, 32);
        line("src/sentry.js", "Sentry.init({ dsn: 'https://" + random(HEX, 32) + ":" + sentrySecret
                + "@o123456.ingest.sentry.io/4506789' });", "sentry-dsn-secret", sentrySecret);

        List<String> pem = pemLines();
        line("deploy/tls/server.key", pem.get(0), "private-key", pem.get(1));
        for (int i = 1; i < pem.size(); i++) {
            line("deploy/tls/server.key", pem.get(i));
        }

        String jwt = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + b64url("{\"sub\":\"" + random(HEX, 24) + "\",\"role\":\"admin\",\"iat\":1735689600}") + "."
                + random(URLSAFE, 43);
        line("test/api/admin.http", "Authorization: Bearer " + jwt, "jwt", jwt);

        String mongoPw = random(B62, 20);
        String redisPw = random(B62, 24);
        String amqpPw = random(B62, 18);
        String pgPw = random(B62, 16);
        String httpPw = random(B62, 16);
        line("docker-compose.prod.yml", "      MONGODB_URI: mongodb+srv://app:" + mongoPw + "@cluster0.abcde.mongodb.net/app",
                "uri-password", mongoPw);
        line("docker-compose.prod.yml", "      REDIS_URL: redis://default:" + redisPw + "@redis.internal:6379/0",
                "uri-password", redisPw);
        line("docker-compose.prod.yml", "      AMQP_URL: amqp://worker:" + amqpPw + "@rabbitmq.internal:5672/",
                "uri-password", amqpPw);
        line("docker-compose.prod.yml", "      DATABASE_URL: postgres://reporting:" + pgPw + "@db.internal:5432/reports",
                "uri-password", pgPw);
        line("scripts/fetch.sh", "curl https://deploy:" + httpPw + "@artifacts.internal.net/latest.tgz -o latest.tgz",
                "uri-password", httpPw);

        String jwtSecret = random(HEX, 128);
        String encKey = random(HEX, 64);
        line("config/production.env", "JWT_ACCESS_SECRET=" + jwtSecret, "generic-secret-assignment", jwtSecret);
        line("config/production.env", "ENCRYPTION_KEY=" + encKey, "generic-secret-assignment", encKey);
    }

    /** A real RSA private key in PKCS#8 PEM, generated now and never used for anything. */
    private List<String> pemLines() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom()); // any key: the rule reads its armour, not its numbers
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(g.generateKeyPair().getPrivate().getEncoded());
            List<String> out = new ArrayList<>();
            out.add("-----BEGIN PRIVATE KEY-----");
            out.addAll(List.of(body.split("\n")));
            out.add("-----END PRIVATE KEY-----");
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void falsePositives() {
        // .env.example: documented placeholders.
        line("fp/.env.example", "RESEND_API_KEY=re_your_api_key_here");
        line("fp/.env.example", "AZURE_OPENAI_ENDPOINT=https://<your-resource>.openai.azure.com/");
        line("fp/.env.example", "AZURE_OPENAI_API_KEY=<your-azure-openai-key>");
        line("fp/.env.example", "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        line("fp/.env.example", "NOTION_TOKEN=secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        line("fp/.env.example", "JWT_ACCESS_SECRET=changeme-changeme-changeme-changeme");
        line("fp/.env.example", "JWT_REFRESH_SECRET=${JWT_REFRESH_SECRET}");
        line("fp/.env.example", "MONGODB_URI=mongodb://user:password@localhost:27017/app");
        line("fp/.env.example", "REDIS_URL=redis://:${REDIS_PASSWORD}@localhost:6379");
        line("fp/.env.example", "ENCRYPTION_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        // Microsoft's own documentation example, next to an Azure endpoint.
        line("fp/docs/azure.md", "Endpoint: https://my-resource.cognitiveservices.azure.com/");
        line("fp/docs/azure.md", "Key: abcdef0123456789abcdef0123456789");
        // jwt.io's example token, in every JWT tutorial.
        line("fp/docs/auth.md", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
                + "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        line("fp/docs/auth.md", "-----BEGIN RSA PRIVATE KEY-----");
        line("fp/docs/auth.md", "...");
        line("fp/docs/auth.md", "-----END RSA PRIVATE KEY-----");
        // Hashes and identifiers: 32-hex md5 without any Azure context, git SHAs, UUIDs, lockfile integrity.
        line("fp/src/cache.js", "const ETAG = 'd41d8cd98f00b204e9800998ecf8427e'; // md5 of the empty body");
        line("fp/src/cache.js", "const COMMIT = '" + "9fceb02d0ae598e95dc970b74767f19372d61af8" + "';");
        line("fp/src/cache.js", "const TENANT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';");
        line("fp/package-lock.json", "      \"integrity\": \"sha512-"
                + "ZCmXk4RbyW2NHu0JBNCYqV1ZeCAfydqUYZXOjRqnpfmCu0nV8DEgnvyQ8SK6j9oKz5t2x7nRSz+5fm6Odb3lsw==\",");
        line("fp/src/logo.js", "export const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';");
        line("fp/src/config.ts", "const secretKey = process.env.JWT_ACCESS_SECRET;");
        line("fp/src/config.ts", "export const AZURE_OPENAI_API_KEY = process.env.AZURE_OPENAI_API_KEY ?? '';");
        line("fp/src/config.ts", "const url = `mongodb://${user}:${password}@${host}/app`;");
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    Map<String, List<String>> files() {
        return files;
    }

    List<Expected> expected() {
        return expected;
    }

    /** Writes every file under {@code root}. */
    void writeTo(Path root) throws IOException {
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, String.join("\n", f.getValue()) + "\n", StandardCharsets.UTF_8);
        }
    }
}
