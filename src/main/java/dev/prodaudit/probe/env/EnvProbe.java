package dev.prodaudit.probe.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.input.Durations;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.ServiceUrl;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SpecBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code type: env}: judges variables of the audited env files against {@link EnvRule}s. */
public final class EnvProbe implements Probe<EnvSpec> {

    @Override
    public String type() {
        return "env";
    }

    @Override
    public Class<EnvSpec> specType() {
        return EnvSpec.class;
    }

    /** The common mappings straight from the tree ({@link EnvSpec#readPlain}), the rest through the binder. */
    @Override
    public <E extends Exception> EnvSpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        Optional<EnvSpec> plain = EnvSpec.readPlain(params);
        return plain.isPresent() ? plain.get() : binder.record(params, EnvSpec.class, path);
    }

    @Override
    public Set<Evidence> evidence(EnvSpec spec) {
        return Set.of(Evidence.CONFIG);
    }

    /** Its ERROR is "no env file found": a gap in the project that the remediation (set these variables) closes. */
    @Override
    public boolean remediationAppliesToError() {
        return true;
    }

    /** Its findings are about variables of the env file it read. */
    @Override
    public FindingAnchor anchor(EnvSpec spec) {
        return FindingAnchor.ENV_FILE;
    }

    @Override
    public Outcome run(EnvSpec spec, ProbeContext ctx) {
        Env env = ctx.env();
        if (!env.hasSources()) {
            return Outcome.error("no env file found (looked for " + String.join(", ", env.missingFiles())
                    + "); set envFiles in audit.yaml or pass --env-file");
        }
        List<Finding> findings = new ArrayList<>();
        ExampleValues examples = spec.vars().values().stream().anyMatch(EnvProbe::judgesRandomBytes)
                ? ExampleValues.of(ctx, env.files().stream().map(dev.prodaudit.config.EnvFile::path)
                        .collect(java.util.stream.Collectors.toSet()))
                : ExampleValues.NONE;
        for (Map.Entry<String, EnvRule> e : spec.vars().entrySet()) {
            findings.addAll(checkVariable(e.getKey(), e.getValue(), env, examples));
        }
        for (List<String> group : spec.distinct()) {
            findings.add(checkDistinct(group, env));
        }
        return Outcome.from(findings);
    }

    /** Only randomBytes compares values with the repository's examples: the files are read only for it. */
    private static boolean judgesRandomBytes(EnvRule rule) {
        return rule.randomBytes() != null || (rule.list() != null && rule.list().item() != null
                && judgesRandomBytes(rule.list().item()));
    }

    private static List<Finding> checkVariable(String name, EnvRule rule, Env env, ExampleValues examples) {
        boolean secret = Boolean.TRUE.equals(rule.secret()) || env.isSecret(name);
        Optional<String> set = env.get(name);
        String value;
        String origin;
        if (set.isPresent()) {
            value = set.get();
            origin = "";
        } else if (rule.fallback() != null) {
            value = rule.fallback();
            origin = " (unset; the app's default applies)";
        } else if (rule.isRequired()) {
            return List.of(Finding.of(Status.FAIL, name + " is not set"));
        } else {
            return List.of(Finding.of(Status.PASS, name + " is not set (optional)"));
        }
        if (value.isBlank()) {
            Status s = rule.isRequired() ? Status.FAIL : Status.PASS;
            return List.of(located(Finding.of(s, name + " is empty"), name, env));
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : judge(name, value, rule, secret, examples)) {
            out.add(located(new Finding(f.status(), f.message() + origin, null, null), name, env));
        }
        return out;
    }

    /** Pins a finding to the env file line that set the variable. */
    private static Finding located(Finding f, String name, Env env) {
        return env.sourceOf(name)
                .filter(src -> src.line() > 0)
                .map(src -> new Finding(f.status(), f.message(), src.file(), src.line()))
                .orElse(f);
    }

    /** Applies every rule to a non-empty value. The PASS finding, when all hold, says what was seen. */
    static List<Finding> judge(String name, String value, EnvRule rule, boolean secret, ExampleValues examples) {
        List<Finding> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        String shown = Values.show(value, secret);

        if (rule.checksPlaceholder() && (Values.looksLikePlaceholder(value)
                || (rule.email() != null && Values.looksLikePlaceholder(emailAddress(value.strip()))))) {
            problems.add(Finding.of(Status.FAIL, name + " looks like a placeholder"
                    + (secret ? " " + shown : ": " + shown)));
        }
        if (rule.minLength() != null && value.length() < rule.minLength()) {
            problems.add(Finding.of(Status.FAIL, name + " is " + value.length() + " chars; at least "
                    + rule.minLength() + " required"));
        }
        if (rule.pattern() != null && !rule.pattern().foundIn(value)) {
            problems.add(Finding.of(Status.FAIL, name + (secret ? " " + shown : " " + shown)
                    + " does not match " + rule.pattern()));
        }
        if (rule.oneOf() != null) {
            if (!rule.oneOf().contains(value.strip())) {
                problems.add(Finding.of(Status.FAIL, name + " is " + shown + "; expected "
                        + (rule.oneOf().size() == 1 ? "\"" + rule.oneOf().get(0) + "\"" : "one of " + rule.oneOf())));
            } else {
                facts.add(name + " is " + shown);
            }
        }
        if (rule.bool() != null) {
            checkBoolean(name, value, rule.bool(), secret ? shown : null, shown, problems, facts);
        }
        if (rule.integer() != null) {
            checkInteger(name, value, rule.integer(), secret ? shown : null, shown, problems, facts);
        }
        if (rule.duration() != null) {
            checkDuration(name, value, rule.duration(), secret ? shown : null, shown, problems, facts);
        }
        if (rule.bytes() != null) {
            checkBytes(name, value, rule.bytes(), problems, facts);
        }
        if (rule.hexLength() != null) {
            String v = value.strip();
            if (!Values.isHex(v)) {
                problems.add(Finding.of(Status.FAIL, name + " is not hexadecimal (" + v.length() + " chars); expected "
                        + rule.hexLength() + " hex characters"));
            } else if (v.length() != rule.hexLength()) {
                problems.add(Finding.of(Status.FAIL, name + " is " + v.length() + " hex chars (" + v.length() / 2
                        + " bytes); expected " + rule.hexLength() + " (" + rule.hexLength() / 2 + " bytes)"));
            } else {
                facts.add(name + ": " + v.length() + " hex chars (" + v.length() / 2 + " bytes)");
            }
        }
        if (rule.randomBytes() != null) {
            SecretStrength.judge(name, value, rule.randomBytes(), examples, problems, facts);
        }
        if (rule.minEntropy() != null) {
            double h = Values.entropy(value.strip());
            if (h < rule.minEntropy()) {
                problems.add(Finding.of(Status.FAIL, name + " has entropy " + Values.entropyText(h)
                        + "; at least " + rule.minEntropy() + " expected of a random value"));
            } else {
                facts.add("entropy " + Values.entropyText(h));
            }
        }
        if (rule.url() != null) {
            checkUrl(name, value.strip(), rule.url(), shown, problems, facts);
        }
        if (rule.email() != null) {
            checkEmail(name, value.strip(), rule.email(), shown, problems, facts);
        }
        if (rule.list() != null) {
            checkList(name, value, rule.list(), secret, examples, problems, facts);
        }
        if (problems.stream().anyMatch(f -> f.status() == Status.FAIL)) {
            return problems;
        }
        String summary = facts.isEmpty()
                ? name + " is set " + (secret ? shown : "to " + shown)
                : (facts.get(0).startsWith(name) ? "" : name + ": ") + String.join(", ", facts);
        List<Finding> out = new ArrayList<>(problems);
        out.add(Finding.of(Status.PASS, summary));
        return out;
    }

    /** {@code masked} is how a secret's value is described (null when the value is no secret). */
    private static void checkBoolean(String name, String value, boolean expected, String masked, String shown,
                                     List<Finding> problems, List<String> facts) {
        String v = value.strip();
        String seen = masked != null ? masked : v;
        if (!v.equals("true") && !v.equals("false")) {
            // Apps compare with === 'true'; "TRUE", "1" or "yes" silently read as false there.
            problems.add(Finding.of(Status.FAIL, name + " is " + shown + "; write exactly \"" + expected + "\""));
        } else if (Boolean.parseBoolean(v) != expected) {
            problems.add(Finding.of(Status.FAIL, name + " is " + seen + "; expected " + expected));
        } else {
            facts.add(name + " is " + seen);
        }
    }

    private static void checkInteger(String name, String value, EnvRule.IntRange range, String masked, String shown,
                                     List<Finding> problems, List<String> facts) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            problems.add(Finding.of(Status.FAIL, name + " is " + shown + "; expected a whole number"));
            return;
        }
        String bounds = bounds(range.min() == null ? null : String.valueOf(range.min()),
                range.max() == null ? null : String.valueOf(range.max()));
        if ((range.min() != null && n < range.min()) || (range.max() != null && n > range.max())) {
            problems.add(Finding.of(Status.FAIL, name + " is " + (masked != null ? masked : n) + "; expected " + bounds));
        } else {
            facts.add(name + " is " + (masked != null ? masked : n));
        }
    }

    private static void checkDuration(String name, String value, EnvRule.DurationRule rule, String masked, String shown,
                                      List<Finding> problems, List<String> facts) {
        Optional<Durations.Span> parsed = Durations.parse(value, rule.unitlessMillis());
        if (parsed.isEmpty()) {
            problems.add(Finding.of(Status.FAIL, name + " is " + shown
                    + "; expected a time span such as 900, 15m, 2h or 7d"));
            return;
        }
        java.time.Duration d = parsed.get().duration();
        if (d.isNegative() || d.isZero()) {
            // ms accepts "-1h"; a token that expires before it is issued is always a mistake.
            problems.add(Finding.of(Status.FAIL, name + " is " + (masked != null ? masked : value.strip()) + "; expected a positive time span"));
            return;
        }
        String bounds = bounds(rule.min() == null ? null : rule.min().toString(),
                rule.max() == null ? null : rule.max().toString());
        if ((rule.min() != null && d.compareTo(rule.min().duration()) < 0)
                || (rule.max() != null && d.compareTo(rule.max().duration()) > 0)) {
            String text = masked != null ? masked : value.strip();
            String normalized = Durations.format(d);
            problems.add(Finding.of(Status.FAIL, name + " is " + text
                    + (text.equals(normalized) || masked != null ? "" : " (" + normalized + ")") + "; expected " + bounds));
            return;
        }
        if (parsed.get().unitless()) {
            String readAs = masked != null ? (rule.unitlessMillis() ? "milliseconds" : "seconds") : Durations.format(d);
            problems.add(Finding.of(Status.WARN, name + " is " + (masked != null ? masked : value.strip())
                    + " without a unit, read as " + readAs
                    + (rule.unitlessMillis() ? " (a string without a unit is milliseconds to jsonwebtoken)" : "")
                    + "; write the unit, e.g. " + (rule.max() != null ? rule.max().text() : "15m")));
        }
        facts.add(name + " is " + (masked != null ? masked
                : value.strip() + (parsed.get().unitless() ? " (" + Durations.format(d) + ")" : "")));
    }

    private static void checkBytes(String name, String value, EnvRule.BytesRule rule,
                                   List<Finding> problems, List<String> facts) {
        String v = value.strip();
        int bytes;
        String how;
        switch (rule.encoding()) {
            case BASE64 -> {
                OptionalInt decoded = Values.base64Bytes(v);
                if (decoded.isEmpty()) {
                    problems.add(Finding.of(Status.FAIL, name + " is not valid base64 (" + v.length()
                            + " chars); generate it with: openssl rand -base64 " + rule.min()));
                    return;
                }
                bytes = decoded.getAsInt();
                how = "base64";
            }
            case HEX -> {
                if (!Values.isHex(v) || v.length() % 2 != 0) {
                    problems.add(Finding.of(Status.FAIL, name + " is not valid hex (" + v.length()
                            + " chars); generate it with: openssl rand -hex " + rule.min()));
                    return;
                }
                bytes = v.length() / 2;
                how = "hex";
            }
            default -> {
                bytes = Values.utf8Bytes(v);
                how = "raw";
            }
        }
        if (bytes < rule.min()) {
            problems.add(Finding.of(Status.FAIL, name + ": " + v.length() + " chars, " + bytes + " bytes (" + how
                    + "); at least " + rule.min() + " bytes required"));
        } else {
            facts.add(name + ": " + v.length() + " chars, " + bytes + " bytes (" + how + ")");
        }
    }

    private static void checkUrl(String name, String value, EnvRule.UrlRule rule, String shown,
                                 List<Finding> problems, List<String> facts) {
        Optional<ServiceUrl> parsed = ServiceUrl.parse(value);
        if (parsed.isEmpty()) {
            problems.add(Finding.of(Status.FAIL, name + " is " + shown + "; expected an absolute URL such as https://host"));
            return;
        }
        ServiceUrl url = parsed.get();
        String scheme = url.scheme();
        if (rule.schemes() != null && !rule.schemes().isEmpty() && !rule.schemes().contains(scheme)) {
            problems.add(Finding.of(Status.FAIL, name + " uses " + scheme + "://; expected "
                    + String.join(" or ", rule.schemes().stream().map(s -> s + "://").toList())));
        }
        if (Boolean.TRUE.equals(rule.credentials()) && !url.hasPassword()) {
            problems.add(Finding.of(Status.FAIL, name + " carries no " + (url.user() == null ? "credentials" : "password")
                    + "; the server must require authentication and the URL must carry its user and password"));
        } else if (Boolean.FALSE.equals(rule.credentials()) && url.user() != null) {
            problems.add(Finding.of(Status.FAIL, name + " embeds credentials in the URL"));
        }
        if (Boolean.FALSE.equals(rule.localhost())) {
            url.hosts().stream().filter(EnvProbe::isLoopback).findFirst().ifPresent(host ->
                    problems.add(Finding.of(Status.FAIL, name + " points at " + host + "; expected a production host")));
        }
        if (rule.host() != null) {
            url.hosts().stream().filter(h -> !rule.host().pattern().matcher(h).matches()).findFirst().ifPresent(host ->
                    problems.add(Finding.of(Status.FAIL, name + " host " + host + " does not match " + rule.host())));
        }
        facts.add(name + " is " + scheme + "://" + (url.hasPassword() ? "user:***@" : "") + url.hostList());
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0.0.0.0");
    }

    /** The address of {@code value}; "Name <addr@domain>" is accepted by most mail APIs, Resend included. */
    private static String emailAddress(String value) {
        int lt = value.indexOf('<');
        return lt >= 0 && value.endsWith(">") ? value.substring(lt + 1, value.length() - 1).strip() : value;
    }

    private static void checkEmail(String name, String value, EnvRule.EmailRule rule, String shown,
                                   List<Finding> problems, List<String> facts) {
        String addr = emailAddress(value);
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at == addr.length() - 1 || addr.contains(" ") || !addr.substring(at + 1).contains(".")) {
            problems.add(Finding.of(Status.FAIL, name + " is " + shown + "; not an e-mail address"));
            return;
        }
        String domain = addr.substring(at + 1).toLowerCase(Locale.ROOT);
        for (String forbidden : rule.forbiddenDomains()) {
            String f = forbidden.toLowerCase(Locale.ROOT);
            if (domain.equals(f) || domain.endsWith("." + f)) {
                problems.add(Finding.of(Status.FAIL, name + " sends from " + domain + ", which cannot be a production sender domain"));
                return;
            }
        }
        if (rule.domain() != null && !rule.domain().pattern().matcher(domain).matches()) {
            problems.add(Finding.of(Status.FAIL, name + " domain " + domain + " does not match " + rule.domain()));
            return;
        }
        facts.add(name + " sends from " + domain);
    }

    private static void checkList(String name, String value, EnvRule.ListRule rule, boolean secret,
                                  ExampleValues examples, List<Finding> problems, List<String> facts) {
        List<String> items = new ArrayList<>();
        for (String part : value.split(java.util.regex.Pattern.quote(rule.separator()), -1)) {
            if (!part.isBlank()) {
                items.add(part.strip());
            }
        }
        if (rule.minItems() != null && items.size() < rule.minItems()) {
            problems.add(Finding.of(Status.FAIL, name + " lists " + items.size() + " item(s); at least "
                    + rule.minItems() + " expected"));
        }
        int bad = 0;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            String label = name + "[" + (i + 1) + "]";
            if (rule.forbidden().contains(item)) {
                problems.add(Finding.of(Status.FAIL, label + " is " + Values.show(item, secret) + ", which is not allowed"));
                bad++;
                continue;
            }
            if (rule.item() != null) {
                for (Finding f : judge(label, item, rule.item(), secret, examples)) {
                    if (f.status() != Status.PASS) {
                        problems.add(f);
                        bad++;
                    }
                }
            }
        }
        if (bad == 0) {
            facts.add(name + ": " + items.size() + " item(s), all valid");
        }
    }

    private static Finding checkDistinct(List<String> group, Env env) {
        for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
                Optional<String> a = env.get(group.get(i));
                Optional<String> b = env.get(group.get(j));
                if (a.isPresent() && b.isPresent() && !a.get().isBlank() && a.get().equals(b.get())) {
                    return Finding.of(Status.FAIL, group.get(i) + " and " + group.get(j) + " hold the same value");
                }
            }
        }
        return Finding.of(Status.PASS, String.join(", ", group) + " differ");
    }

    private static String bounds(String min, String max) {
        if (min != null && max != null) {
            return "between " + min + " and " + max;
        }
        return min != null ? "at least " + min : "at most " + max;
    }
}
