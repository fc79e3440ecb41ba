package dev.prodaudit.probe.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials recognised by their format, for tracked files and history alike: {@link #find} takes a path and
 * its lines (a whole file or a diff hunk) and returns one {@link CredentialMatch} per credential, never the value.
 *
 * <p>Bounded work: each line is scanned only in its first {@value #MAX_LINE_CHARS} characters, each rule first
 * looks for a cheap literal keyword, and every regex uses bounded or possessive quantifiers, so no input makes
 * the matching worse than linear in the scanned length times a small constant. The keywords matter for speed too:
 * an unanchored case-insensitive regex tried at every position of every line was most of an audit of a real
 * repository's history (seconds for a few megabytes of diffs).
 *
 * <p>False positives are kept down by: a placeholder filter ({@code changeme}, {@code your-…}, {@code <…>},
 * {@code xxx}, {@code ${VAR}}); a randomness test (repeated units, sequences, few distinct characters); values
 * that also appear in the repository's {@code .env.example} ({@link #ignoringValues}); and, for the formats
 * without a provider prefix (Azure's 32-hex key, generic {@code *_SECRET=}), context or entropy requirements.
 */
public final class CredentialRules {
    /** Lines longer than this (minified bundles, data URIs) are scanned in this prefix only. */
    static final int MAX_LINE_CHARS = 16 * 1024;
    /** "Nearby" for the Azure 32-hex key: an Azure endpoint or key name within this many lines. */
    private static final int AZURE_CONTEXT_LINES = 5;
    private static final String GENERIC = "generic-secret-assignment";
    private static final String AZURE_HEX = "azure-openai-key-hex";
    /** Broad rules that stay silent on a line where a provider rule matched (a Sentry DSN is also a URI). */
    private static final Set<String> FALLBACKS = Set.of("uri-password", GENERIC);

    /** Decides whether a regex match is a credential; returns what it is (no value), or null to reject it. */
    @FunctionalInterface
    private interface Judge {
        String judge(Matcher m, Scan scan);
    }

    /**
     * One rule.
     *
     * @param id       stable id, shown in findings
     * @param provider the group a catalogue selects by ({@code credentials: [resend]})
     * @param keywords lower-case ASCII literals one of which must occur in the line, in any letter case, before the
     *                 regex runs (empty: none); every match of the regex holds one
     * @param starts   where a match may start in a line, from a position on (null: anywhere; the regex's own search)
     */
    private record Rule(String id, String provider, String description, List<String> keywords, Pattern pattern,
                        Judge judge, Starts starts) {
        Rule(String id, String provider, String description, List<String> keywords, Pattern pattern, Judge judge) {
            this(id, provider, description, keywords, pattern, judge, null);
        }
    }

    /**
     * The positions of a line where a rule's regex can match, a superset of them: the regex is tried only there, in
     * order, instead of at every position.
     */
    @FunctionalInterface
    interface Starts {
        /** The first position at or after {@code from} where a match may start, or -1. */
        int next(String line, int from);
    }

    /** What one {@link #find} call knows: the lines and the values to ignore. */
    private record Scan(String path, List<String> lines, int index, Set<String> ignored, boolean[] azureContext) {
        String line() {
            return lines.get(index);
        }
    }

    private static final String B62 = "A-Za-z0-9";

    /** The generic rule's regex: a name ending in one of its words, an assignment, and the value. */
    static final Pattern GENERIC_PATTERN = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,60}?(?:secret|key|token|passw(?:or)?d))[\"']?"
                    + "[ \\t]{0,5}+(?::=|=>|=|:)[ \\t]{0,5}+[\"'`]?([A-Za-z0-9+/=_.~-]{16,512}+)");
    /** The words a name must end in for {@link #GENERIC_PATTERN} ({@code passw(?:or)?d} spelt out). */
    private static final List<String> GENERIC_NAME_ENDS = List.of("secret", "key", "token", "password", "passwd");
    private static final int GENERIC_NAME_PREFIX = 60;

    /** The URI rule's regex: a scheme it knows, a user, a password and a host. */
    static final Pattern URI_PASSWORD_PATTERN = Pattern.compile(
            "(?i)(?<![A-Za-z0-9+])(mongodb(?:\\+srv)?|rediss?|amqps?|postgres(?:ql)?|mysqlx?|https?|ftps?)://"
                    + "([^\\s:/@\"'`<>]{0,100}+):([^\\s@/\"'`<>]{1,200}+)@([A-Za-z0-9.\\[\\]_-]{1,253}+)");
    /** The shortest and the longest scheme of {@link #URI_PASSWORD_PATTERN}: ftp, mongodb+srv. */
    private static final int URI_SCHEME_MIN = 3;
    private static final int URI_SCHEME_MAX = 11;

    private static final List<Rule> BUILTIN = List.of(
            // Microsoft Purview "Azure Cognitive Service key" SIT (learn.microsoft.com/.../sit-defn-azure-cognitive-service-key):
            // 32 hex characters, a 128-bit key, "no checksum: additional elements must also be detected". Hence the
            // Azure endpoint or key name required within AZURE_CONTEXT_LINES lines (GitGuardian's detector does the same).
            new Rule(AZURE_HEX, "azure-openai",
                    "Azure OpenAI / Cognitive Services key, 32-hex form, with an Azure endpoint or key name nearby", List.of(),
                    Pattern.compile("(?<![" + B62 + "])[0-9a-fA-F]{32}(?![" + B62 + "])"),
                    (m, s) -> s.azureContext()[s.index()] && looksRandom(m.group())
                            ? "Azure OpenAI key (32 hex chars, Azure endpoint or key name nearby)" : null),
            // The current 84-character form is a "legacy common annotated security key" (microsoft/security-utilities,
            // LegacyCommonAnnotatedSecurityAccessKey.cs + LegacyCaskProviderSignatures.AzureCognitiveServices = "ACOG"):
            // 52 base62, "JQQJ99", base62, [A-L], 12 base62 platform data, 4 provider data, "ACOG", 4 base62
            // (optionally 2 base62 + "=="). The signatures identify it, so no context is needed.
            new Rule("azure-openai-key-84", "azure-openai",
                    "Azure OpenAI / AI services key, 84-character form with the JQQJ99 and ACOG signatures", List.of("jqqj99"),
                    Pattern.compile("(?<![" + B62 + "])[" + B62 + "]{52}JQQJ99[" + B62 + "][A-L][" + B62 + "]{16}ACOG["
                            + B62 + "]{4}(?:[" + B62 + "]{2}==)?(?![" + B62 + "])"),
                    (m, s) -> "Azure OpenAI key (84-char JQQJ99…ACOG form)"),
            // trufflehog pkg/detectors/resend/resend.go: re_ + 8 base58 + "_" + 24 base58 (36 chars). Accepts base62
            // and a little length slack, so an older or re-typed key is still caught ("any re_ key").
            new Rule("resend-api-key", "resend", "Resend API key (re_…)", List.of("re_"),
                    Pattern.compile("(?<![" + B62 + "_-])re_[" + B62 + "]{6,12}_[" + B62 + "]{16,40}(?![" + B62 + "_-])"),
                    (m, s) -> randomBody(m.group(), 3) ? "Resend API key (re_…, " + m.group().length() + " chars)" : null),
            // gitleaks config/gitleaks.toml rule notion-api-token: ntn_ + 11 digits + 35 base62 (50 chars). The digits
            // are a number, which may well count upwards; the 35 characters after them are the random part.
            new Rule("notion-token", "notion", "Notion integration token (ntn_… or legacy secret_…)", List.of("ntn_"),
                    Pattern.compile("(?<![" + B62 + "_])ntn_[0-9]{11}[" + B62 + "]{35}(?![" + B62 + "_])"),
                    (m, s) -> randomBody(m.group(), 15) ? "Notion token (ntn_…, " + m.group().length() + " chars)" : null),
            // trufflehog pkg/detectors/notion: legacy internal integration secret, secret_ + 43 base62 (50 chars).
            new Rule("notion-token-legacy", "notion", "Notion integration token, legacy secret_ form", List.of("secret_"),
                    Pattern.compile("(?<![" + B62 + "_])secret_[" + B62 + "]{43}(?![" + B62 + "_])"),
                    (m, s) -> randomBody(m.group(), 7) ? "Notion token (secret_…, 50 chars)" : null),
            // gitleaks openai-api-key and secretlint-rule-openai: sk-[proj-|svcacct-|admin-]…T3BlbkFJ… ("OpenAI" in
            // base64). Newer project keys without the marker are accepted when long (>= 100 chars after the prefix).
            new Rule("openai-api-key", "openai", "OpenAI API key (sk-…, sk-proj-…)", List.of("sk-"),
                    Pattern.compile("(?<![" + B62 + "_-])sk-(?:(proj|svcacct|admin)-)?[" + B62 + "_-]{20,250}+"),
                    CredentialRules::openAi),
            // trufflehog pkg/detectors/langsmith: lsv2_(pt|sk)_ + 32 hex + "_" + 10 hex.
            new Rule("langsmith-api-key", "langsmith", "LangSmith API key (lsv2_pt_… / lsv2_sk_…)", List.of("lsv2_"),
                    Pattern.compile("(?<![" + B62 + "_])lsv2_(pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}(?![" + B62 + "_])"),
                    (m, s) -> randomBody(m.group(), 8) ? "LangSmith API key (lsv2_" + m.group(1) + "_…, 51 chars)" : null),
            // Sentry's legacy DSN form https://<public>:<secret>@host/<project> (docs.sentry.io, "DSN explainer":
            // the secret part is deprecated and must not be shipped); the public-key-only DSN is not a secret.
            new Rule("sentry-dsn-secret", "sentry", "Sentry DSN with the secret key (https://public:secret@…)", List.of("://"),
                    Pattern.compile("https?://[0-9a-f]{32}:([0-9a-f]{32})@[A-Za-z0-9.-]{1,253}+(?::[0-9]{1,5})?/[0-9]{1,20}"),
                    (m, s) -> looksRandom(m.group(1)) ? "Sentry DSN with a secret key (32 hex chars)" : null),
            // gitleaks sentry-user-token / sentry-org-token: sntryu_ + 64 hex; sntrys_eyJpYXQiO… (base64 JSON + sig).
            new Rule("sentry-auth-token", "sentry", "Sentry auth token (sntryu_… / sntrys_…)", List.of("sntry"),
                    Pattern.compile("(?<![" + B62 + "_])(?:sntryu_[0-9a-f]{64}|sntrys_eyJpYXQiO[A-Za-z0-9+/=_]{40,600}+)"),
                    (m, s) -> "Sentry auth token (" + m.group().substring(0, 7) + "…, " + m.group().length() + " chars)"),
            // gitleaks private-key and secretlint-rule-privatekey: a PEM BEGIN … PRIVATE KEY block with a real body
            // (>= 64 base64 characters); the body may follow on the next lines or, escaped, on the same line (JSON).
            new Rule("private-key", "private-key", "PEM private key block", List.of("private key"),
                    Pattern.compile("-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3})PRIVATE KEY(?: BLOCK)?-----"),
                    CredentialRules::privateKey),
            // gitleaks jwt: eyJ….eyJ….signature; the header must decode to JSON naming an "alg".
            new Rule("jwt", "jwt", "JSON Web Token (signed)", List.of("eyj"),
                    Pattern.compile("(?<![" + B62 + "_-])eyJ[" + B62 + "_-]{8,2000}+\\.eyJ[" + B62 + "_-]{8,8000}+\\.(["
                            + B62 + "_-]{16,1000}+)"),
                    CredentialRules::jwt),
            // Connection URIs with a password (secretlint-rule-database-connection-string, secretlint-rule-basicauth,
            // gitleaks generic): scheme://user:password@host; MongoDB, Redis, AMQP, PostgreSQL, MySQL, HTTP(S), FTP.
            new Rule("uri-password", "uri-password", "Connection URI with a password (MongoDB, Redis, AMQP, SQL, HTTP basic auth)", List.of("://"),
                    URI_PASSWORD_PATTERN, CredentialRules::uriPassword, CredentialRules::uriStart),
            // gitleaks generic-api-key (entropy 3.5) restricted to names ending in SECRET, KEY, TOKEN or PASSWORD:
            // a high-entropy value assigned to such a name, in env, YAML, JSON or code.
            new Rule(GENERIC, "generic", "High-entropy value assigned to a *_SECRET / *_KEY / *_TOKEN / *_PASSWORD name",
                    List.of("secret", "key", "token", "passw"), GENERIC_PATTERN, CredentialRules::generic,
                    CredentialRules::genericStart));


    /**
     * One of these occurs, in some letter case, in every match of {@link #AZURE_CONTEXT}, which is tried only then:
     * the regex alone, case-insensitive and unanchored, was most of the time of a scan.
     */
    private static final List<String> AZURE_CONTEXT_WORDS = List.of("azure", "cognitive", "ocp-apim");
    private static final Pattern AZURE_CONTEXT = Pattern.compile("(?i)openai\\.azure\\.com|cognitiveservices\\.azure\\.com"
            + "|api\\.cognitive\\.microsoft\\.com|azure[_-]?openai|azure[_-]?(?:ai|cognitive)|ocp-apim-subscription-key"
            + "|cognitive[_-]?services?[_-]?key|azure[_-]?[a-z_]{0,30}key");
    // "xxx" inside a random body is chance (a 16-character base62 password holds it once in two thousand); six x's,
    // or three standing alone ("sk-xxx"), are someone's placeholder. Likewise "your-" is a placeholder in one case,
    // not in the mixed case ("yOUr-") a random body can spell.
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)change[-_]?me|(?-i:your|Your|YOUR)[-_ ]|your(?:key|secret|token|password)"
            + "|x{6,}|(?<![a-z0-9])x{3,}(?![a-z0-9])|\\*\\*\\*|\\.\\.\\.|…|<[^>]{0,80}>|\\$\\{|\\{\\{|%[sd]|example|placeholder|dummy|sample|replace[-_]?(?:me|with)"
            + "|insert[-_]|redacted|^\\$[A-Za-z_]|process\\.env|os\\.environ|getenv");
    /** Words that stand for a password in documentation: never a real credential. */
    private static final Set<String> PLACEHOLDER_PASSWORDS = Set.of("password", "pass", "passwd", "pwd", "secret",
            "changeme", "pw", "p", "x", "user", "username", "token", "key", "apikey", "api_key");
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{1,4096}+");
    private static final Pattern JWT_ALG = Pattern.compile("\"alg\"\\s{0,5}+:\\s{0,5}+\"([A-Za-z0-9]{1,10})\"");
    /** The signature of jwt.io's example token, copied into countless docs. */
    private static final String JWT_IO_EXAMPLE_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private final List<Rule> rules;
    private final Set<String> ignored;
    /** Per rule: the bits of its keywords among {@link AllKeywords} (0: none, the regex always runs). */
    private final long[] ruleKeywords;
    private final boolean[] fallback;
    private final int azureHex;

    private CredentialRules(List<Rule> rules, Set<String> ignored) {
        this.rules = rules;
        this.ignored = ignored;
        ruleKeywords = new long[rules.size()];
        fallback = new boolean[rules.size()];
        int hex = -1;
        for (int r = 0; r < rules.size(); r++) {
            for (String k : rules.get(r).keywords()) {
                ruleKeywords[r] |= 1L << AllKeywords.WORDS.indexOf(k);
            }
            fallback[r] = FALLBACKS.contains(rules.get(r).id());
            hex = rules.get(r).id().equals(AZURE_HEX) ? r : hex;
        }
        this.azureHex = hex;
    }

    /**
     * The Azure context's words, then every built-in rule's keywords: one automaton for every selection of the rules
     * (a selection looks at its own rules' bits), built the first time rules are made.
     */
    private static final class AllKeywords {
        static final List<String> WORDS;
        static final Keywords KEYWORDS;
        /** The bits of the Azure context's words, which come first. */
        static final long AZURE = (1L << AZURE_CONTEXT_WORDS.size()) - 1;

        static {
            List<String> words = new ArrayList<>(AZURE_CONTEXT_WORDS);
            for (Rule r : BUILTIN) {
                r.keywords().stream().filter(k -> !words.contains(k)).forEach(words::add);
            }
            WORDS = List.copyOf(words);
            KEYWORDS = new Keywords(WORDS);
        }

        private AllKeywords() {
        }
    }

    /** Every built-in rule. */
    public static CredentialRules builtin() {
        return new CredentialRules(BUILTIN, Set.of());
    }

    /** Rule ids and provider names a selection may use, besides {@code all}. */
    public static Set<String> selectable() {
        Set<String> out = new LinkedHashSet<>();
        for (Rule r : BUILTIN) {
            out.add(r.provider());
            out.add(r.id());
        }
        return out;
    }

    /**
     * The rules named by provider or id ({@code all}: every rule).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public CredentialRules only(Collection<String> names) {
        if (names.contains("all")) {
            return this;
        }
        List<Rule> kept = new ArrayList<>();
        for (String n : names) {
            if (!selectable().contains(n)) {
                throw new IllegalArgumentException("unknown credential rule '" + n + "'; known: all, "
                        + String.join(", ", selectable()));
            }
        }
        for (Rule r : rules) {
            if (names.contains(r.provider()) || names.contains(r.id())) {
                kept.add(r);
            }
        }
        return new CredentialRules(List.copyOf(kept), ignored);
    }

    /** The same rules, not reporting these values (those of {@code .env.example}: documented placeholders). */
    public CredentialRules ignoringValues(Collection<String> values) {
        Set<String> all = new HashSet<>(ignored);
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                all.add(v.strip());
            }
        }
        return new CredentialRules(rules, Set.copyOf(all));
    }

    /** The ids of the rules in force, in order. */
    public List<String> ids() {
        return rules.stream().map(Rule::id).toList();
    }

    /** The rules in force as (id, description) pairs, for documentation and {@code explain}. */
    public List<String[]> describe() {
        return rules.stream().map(r -> new String[] {r.id(), r.description()}).toList();
    }

    /**
     * Credentials in {@code lines} of {@code path} (a whole file or a diff hunk: "nearby" context is within these
     * lines). At most one match per rule and line; the generic assignment rule stays silent on a line where a
     * provider rule already matched, and so does the URI rule.
     */
    public List<CredentialMatch> find(String path, List<String> lines) {
        return find(path, lines, true);
    }

    /**
     * Every rule's matches in {@code lines}, each rule on its own (the fallback rules are not silenced): what one
     * scan of a file by all rules records, so that each selection's findings can be had from it with
     * {@link #select} instead of reading the file again.
     */
    public List<CredentialMatch> findEach(String path, List<String> lines) {
        return find(path, lines, false);
    }

    /**
     * What {@link #find} of these rules gives, from {@link #findEach} of a superset of them on the same lines: the
     * matches of these rules, with the fallback rules silent on a line where one of these specific rules matched.
     */
    public List<CredentialMatch> select(List<CredentialMatch> each) {
        Set<String> mine = new HashSet<>(ids());
        Set<Integer> specificLines = new HashSet<>();
        for (CredentialMatch m : each) {
            if (mine.contains(m.ruleId()) && !FALLBACKS.contains(m.ruleId())) {
                specificLines.add(m.line());
            }
        }
        List<CredentialMatch> out = new ArrayList<>();
        for (CredentialMatch m : each) {
            if (mine.contains(m.ruleId()) && !(FALLBACKS.contains(m.ruleId()) && specificLines.contains(m.line()))) {
                out.add(m);
            }
        }
        return out;
    }

    private List<CredentialMatch> find(String path, List<String> lines, boolean silenceFallbacks) {
        List<CredentialMatch> out = new ArrayList<>();
        long[] present = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            present[i] = line == null ? 0 : AllKeywords.KEYWORDS.in(line, Math.min(line.length(), MAX_LINE_CHARS));
        }
        // Only the 32-hex Azure rule asks for the context; without it, finding it was most of a selection's scan.
        boolean[] azure = azureHex >= 0 ? azureContext(lines, present) : null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            String line = raw.length() > MAX_LINE_CHARS ? raw.substring(0, MAX_LINE_CHARS) : raw;
            Scan scan = new Scan(path, lines, i, ignored, azure);
            boolean specific = false;
            for (int r = 0; r < rules.size(); r++) {
                if (ruleKeywords[r] != 0 && (present[i] & ruleKeywords[r]) == 0
                        || fallback[r] && specific && silenceFallbacks
                        || r == azureHex && !azure[i]) {
                    continue;
                }
                Rule rule = rules.get(r);
                Matcher m = rule.pattern().matcher(line);
                for (int from = 0; next(m, rule.starts(), line, from); from = Math.max(m.end(), m.start() + 1)) {
                    String whole = m.group();
                    if (ignored.contains(whole) || containsIgnored(whole)) {
                        continue;
                    }
                    String what = rule.judge().judge(m, scan);
                    if (what != null) {
                        out.add(new CredentialMatch(rule.id(), rule.description(), i + 1, what));
                        specific |= !fallback[r];
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The next match of {@code m} in {@code line} at or after {@code from}, the end of its last one, as
     * {@link Matcher#find()} gives it: the regex is tried at each of the {@code starts} in turn (with the line before
     * the start visible to its look-behind), which hold every position where it can match.
     */
    static boolean next(Matcher m, Starts starts, String line, int from) {
        if (starts == null) {
            return m.find(); // on from the end of its last match, as from is
        }
        for (int at = starts.next(line, from); at >= 0; at = starts.next(line, at + 1)) {
            m.region(at, line.length()).useTransparentBounds(true).useAnchoringBounds(false);
            if (m.lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where {@link #GENERIC_PATTERN} can match: its look-behind puts a match's start where a run of name characters
     * ({@code [A-Za-z0-9_.-]}) starts, and its keyword ends that run, since what may follow the keyword (a quote, a
     * space, ':' or '=') is no name character; so only the start of a run that ends in one of the keywords, at most
     * {@value #GENERIC_NAME_PREFIX} characters in. Tried at every position, the regex's lazy name loop was about half
     * the time a scan of this repository's tracked files took (its tests are full of such words).
     */
    static int genericStart(String line, int from) {
        int n = line.length();
        int at = from;
        while (at < n && at > 0 && nameCharacter(line.charAt(at - 1))) {
            at++; // inside a run: its start is behind
        }
        while (at < n) {
            if (!nameCharacter(line.charAt(at))) {
                at++;
                continue;
            }
            int end = at;
            while (end < n && nameCharacter(line.charAt(end))) {
                end++;
            }
            for (String word : GENERIC_NAME_ENDS) {
                int wordStart = end - word.length();
                if (wordStart >= at && wordStart - at <= GENERIC_NAME_PREFIX
                        && line.regionMatches(true, wordStart, word, 0, word.length())) {
                    return at;
                }
            }
            at = end;
        }
        return -1;
    }

    /**
     * Where {@link #URI_PASSWORD_PATTERN} can match: its scheme ends at a "://", and its look-behind puts its start
     * where the run of {@code [A-Za-z0-9+]} before that "://" starts (every scheme is of those characters); so only
     * such a run's start, when the run is as long as some scheme.
     */
    static int uriStart(String line, int from) {
        for (int colon = line.indexOf("://", from); colon >= 0; colon = line.indexOf("://", colon + 1)) {
            int start = colon;
            while (start > 0 && colon - start <= URI_SCHEME_MAX && schemeRunCharacter(line.charAt(start - 1))) {
                start--;
            }
            if (start >= from && colon - start >= URI_SCHEME_MIN && colon - start <= URI_SCHEME_MAX) {
                return start;
            }
        }
        return -1;
    }

    private static boolean schemeRunCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+';
    }

    private static boolean nameCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    private boolean containsIgnored(String text) {
        for (String v : ignored) {
            if (v.length() >= 8 && text.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** For each line: is an Azure endpoint or key name within {@link #AZURE_CONTEXT_LINES} lines of it? */
    private static boolean[] azureContext(List<String> lines, long[] present) {
        boolean[] near = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if ((present[i] & AllKeywords.AZURE) == 0) {
                continue;
            }
            if (AZURE_CONTEXT.matcher(l.length() > MAX_LINE_CHARS ? l.substring(0, MAX_LINE_CHARS) : l).find()) {
                for (int j = Math.max(0, i - AZURE_CONTEXT_LINES); j <= Math.min(lines.size() - 1, i + AZURE_CONTEXT_LINES); j++) {
                    near[j] = true;
                }
            }
        }
        return near;
    }

    // ---- judges ----

    private static String openAi(Matcher m, Scan s) {
        String key = m.group();
        String kind = m.group(1);
        boolean marked = key.contains("T3BlbkFJ");
        boolean longProjectKey = kind != null && key.length() - (4 + kind.length()) >= 100;
        if (key.startsWith("sk-ant-") || !(marked || longProjectKey) || !randomBody(key, 3)) {
            return null;
        }
        return "OpenAI API key (" + (kind == null ? "sk-" : "sk-" + kind + "-") + "…, " + key.length() + " chars)";
    }

    private static String privateKey(Matcher m, Scan s) {
        String kind = m.group(1).strip();
        StringBuilder body = new StringBuilder();
        String line = s.line();
        // Same line, with escaped newlines (JSON, .env with \n): the body follows the header.
        String rest = line.substring(m.end());
        int end = rest.indexOf("-----END");
        appendBase64(body, end >= 0 ? rest.substring(0, end) : rest);
        for (int j = s.index() + 1; end < 0 && j < s.lines().size() && j <= s.index() + 200 && body.length() < 4096; j++) {
            String next = s.lines().get(j);
            if (next == null) {
                break;
            }
            int e = next.indexOf("-----END");
            appendBase64(body, e >= 0 ? next.substring(0, e) : next);
            if (e >= 0) {
                break;
            }
        }
        if (body.length() < 64 || !looksRandom(body.substring(0, Math.min(body.length(), 256)))) {
            return null;
        }
        return (kind.isEmpty() ? "" : kind + " ") + "PRIVATE KEY block (PEM)";
    }

    /**
     * Appends the base64 of a PEM body line (escaped newlines split it; quotes, commas and PEM headers such as
     * {@code Proc-Type: 4,ENCRYPTED} are dropped). Prose or a placeholder such as {@code ...} ends the body.
     */
    private static void appendBase64(StringBuilder body, String text) {
        for (String part : text.replace("\\r", "").split("\\\\n|\n", -1)) {
            String p = part.strip().replaceAll("^[\"'+]+|[\"',]+$", "");
            if (p.isEmpty() || p.contains(":")) {
                continue;
            }
            if (!BASE64_RUN.matcher(p).matches()) {
                return;
            }
            body.append(p, 0, Math.min(p.length(), 4096 - body.length()));
            if (body.length() >= 4096) {
                return;
            }
        }
    }

    private static String jwt(Matcher m, Scan s) {
        String token = m.group();
        if (m.group(1).equals(JWT_IO_EXAMPLE_SIGNATURE)) {
            return null;
        }
        String header = decodeBase64Url(token.substring(0, token.indexOf('.')));
        if (header == null || !header.contains("\"alg\"")) {
            return null;
        }
        Matcher alg = JWT_ALG.matcher(header);
        String algorithm = alg.find() ? alg.group(1) : "unknown alg";
        if (algorithm.equalsIgnoreCase("none")) {
            return null;
        }
        return "JWT (" + algorithm + ", " + token.length() + " chars)";
    }

    private static String uriPassword(Matcher m, Scan s) {
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String password = m.group(3);
        if (password.length() < 3 || PLACEHOLDER_PASSWORDS.contains(password.toLowerCase(Locale.ROOT))
                || isPlaceholder(password) || s.ignored().contains(password) || password.chars().distinct().count() < 3) {
            return null;
        }
        String label = switch (scheme) {
            case "mongodb", "mongodb+srv" -> "MongoDB URI";
            case "redis", "rediss" -> "Redis URI";
            case "amqp", "amqps" -> "AMQP URI";
            case "postgres", "postgresql" -> "PostgreSQL URI";
            case "mysql", "mysqlx" -> "MySQL URI";
            default -> scheme.toUpperCase(Locale.ROOT) + " URL";
        };
        return label + " with a password (" + scheme + "://…:…@…, password " + password.length() + " chars)";
    }

    private static String generic(Matcher m, Scan s) {
        String name = m.group(1);
        String value = m.group(2);
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.contains("PUBLIC") || upper.contains("PUBLISHABLE") || s.ignored().contains(value)
                || isPlaceholder(value) || isPlaceholder(s.line())) {
            return null;
        }
        boolean hasDigit = value.chars().anyMatch(Character::isDigit);
        boolean hasLetter = value.chars().anyMatch(Character::isLetter);
        boolean hex = value.matches("[0-9a-fA-F]+");
        double entropy = shannon(value);
        if (!hasDigit || !hasLetter || entropy < (hex ? 3.0 : 3.5) || !looksRandom(value)) {
            return null;
        }
        String encoding = hex ? "hex" : value.matches("[A-Za-z0-9+/]+=*") ? "base64" : "mixed";
        return name + " assigned a high-entropy value (" + value.length() + " chars, " + encoding + ")";
    }

    // ---- shared tests ----

    /** A value standing in for a secret in docs and templates. */
    static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value).find();
    }

    /** The body after the provider's fixed prefix of {@code prefixLength} characters is neither placeholder nor pattern. */
    private static boolean randomBody(String key, int prefixLength) {
        String body = key.substring(prefixLength);
        return !isPlaceholder(body) && looksRandom(body);
    }

    /**
     * A cheap randomness test that real keys pass and hand-made values fail: enough distinct characters, not a
     * repetition of a shorter unit, no long ascending run ({@code 0123456789abcdef}), and few repeated 3-grams.
     */
    static boolean looksRandom(String v) {
        int n = v.length();
        if (n < 8) {
            return false;
        }
        if (v.chars().distinct().count() < Math.min(8, n / 4)) {
            return false;
        }
        if ((v + v).indexOf(v, 1) < n) {
            return false; // a repeated unit
        }
        // A counting run ("0123456789") is hand-made when it is a good part of the value; a random 128-character
        // hex secret holds a run of six ("345678") about once in eight thousand, and is no less random for it.
        // Seven in a row (0123456) is where a short value stops looking drawn at random.
        int longestAllowed = Math.max(6, n / 8 - 1);
        int run = 1;
        for (int i = 1; i < n; i++) {
            run = v.charAt(i) == v.charAt(i - 1) + 1 ? run + 1 : 1;
            if (run > longestAllowed) {
                return false;
            }
        }
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 3 <= n; i++) {
            grams.add(v.substring(i, i + 3));
        }
        return grams.size() >= (n - 2) * 0.75;
    }

    /** Shannon entropy in bits per character. */
    static double shannon(String v) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / v.length();
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = (double) other / v.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static String decodeBase64Url(String part) {
        try {
            return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
