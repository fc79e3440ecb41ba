package dev.prodaudit.probe.git;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.repo.Git;
import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** {@code type: git}: ignore rules, tracked env files and secrets committed to the repository. */
public final class GitProbe implements Probe<GitSpec> {
    private static final Pattern ENV_FILE = Pattern.compile("^\\.env(\\..+)?$");
    private static final Pattern ENV_TEMPLATE = Pattern.compile("^\\.env\\.(example|sample|template|dist|defaults)$|\\.enc$");
    /** check-ignore -v output {@code source:line:pattern} whose pattern is a negation. */
    private static final Pattern NEGATED_RULE = Pattern.compile("^.*?:\\d+:!.*$");
    private static final long MAX_SCAN_BYTES = 4L * 1024 * 1024;
    private static final Pattern LOCKFILE = Pattern.compile("(^|/)(package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock"
            + "|pnpm-lock\\.yaml|bun\\.lockb?|deno\\.lock|composer\\.lock|Gemfile\\.lock|poetry\\.lock|Pipfile\\.lock"
            + "|Cargo\\.lock|go\\.sum|gradle\\.lockfile)$");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=(.*)$");

    private final LineRules lineRules;
    private final Consumer<String> gitInvocations;

    public GitProbe() {
        this(LineRules.NONE, subcommand -> { });
    }

    /**
     * @param lineRules      format rules for the lines the history walk adds (the seam for provider patterns)
     * @param gitInvocations told each git subcommand run (tests count the history walks through it)
     */
    GitProbe(LineRules lineRules, Consumer<String> gitInvocations) {
        this.lineRules = lineRules;
        this.gitInvocations = gitInvocations;
    }

    @Override
    public String type() {
        return "git";
    }

    @Override
    public Class<GitSpec> specType() {
        return GitSpec.class;
    }

    @Override
    public Set<Evidence> evidence(GitSpec spec) {
        return Set.of(Evidence.CODE);
    }

    /** What it finds is what .gitignore did not keep out of the repository. */
    @Override
    public FindingAnchor anchor(GitSpec spec) {
        return new FindingAnchor.RepositoryFile(".gitignore");
    }

    @Override
    public Outcome run(GitSpec spec, ProbeContext ctx) {
        Path root = ctx.repository();
        Git git = new Git(root, Deadline.of(ctx.timeout(), System.nanoTime()), gitInvocations);
        RepositoryFacts facts = ctx.clients().get("git-facts:" + root.toAbsolutePath(), RepositoryFacts.class, RepositoryFacts::new);
        try {
            Git.Result top = facts.top(git);
            if (top.exitCode() != 0) {
                return Outcome.error(root + " is not a git repository (" + Git.firstLine(top.stderr()) + ")");
            }
            List<Finding> findings = new ArrayList<>();
            for (String path : spec.ignored()) {
                findings.add(ignored(git, path));
            }
            if (Boolean.TRUE.equals(spec.noTrackedEnvFiles())) {
                findings.addAll(trackedEnvFiles(facts.tracked(git)));
            }
            if (searchesHistory(spec)) {
                List<String> tracked = facts.tracked(git);
                // One history walk serves both: the env file's values and, by format, the credential rules; and one
                // walk serves every check of the run that searches the history (SharedHistory), each with its search.
                SharedHistory shared = ctx.clients().get("git-history:" + root.toAbsolutePath() + ":" + ctx.historyDepth(),
                        SharedHistory.class, () -> new SharedHistory(plannedSearches(ctx, root, tracked)));
                java.util.Optional<HistoryScan.Search> planned = shared.search(spec);
                HistoryScan.Search search = planned.isPresent() ? planned.get() : search(ctx, root, tracked, spec);
                shared.start(spec, git, ctx.historyDepth()); // walking while the tracked files are scanned
                HistoryWalk walk = () -> {
                    java.util.Optional<HistoryScan.Report> report;
                    try {
                        report = shared.report(spec, git, ctx.historyDepth());
                    } catch (Git.GitException e) {
                        if (!git.timeLeft()) {
                            throw e;
                        }
                        report = java.util.Optional.empty();
                    }
                    // The shared walk ran within its starter's deadline: a check with time left after it was cut short
                    // or failed (a longer timeout of its own) walks alone, so no check has less than its own budget.
                    return report.isPresent() && !(report.get().timedOut() && git.timeLeft()) ? report.get()
                            : HistoryScan.scan(git, search.secrets(), search.rules(), ctx.historyDepth());
                };
                findings.addAll(secretsNotTracked(root, tracked, spec.secretsNotTracked(), search, walk, treeFindings -> {
                    if (spec.credentials().isEmpty()) {
                        return List.of();
                    }
                    // A line already reported for the env file's value is not reported again for its format.
                    java.util.Set<String> known = new java.util.HashSet<>();
                    treeFindings.stream().filter(f -> f.status() == Status.FAIL && f.where() != null)
                            .forEach(f -> known.add(f.where()));
                    TrackedScan scan = ctx.clients().get("credential-scan:" + root.toAbsolutePath(), TrackedScan.class,
                            TrackedScan::new).of(root, tracked);
                    return credentialsInTrackedFiles(scan, spec.credentials(), spec.credentialRules()).stream()
                            .filter(f -> f.where() == null || !known.contains(f.where())).toList();
                }));
            }
            return Outcome.from(findings);
        } catch (Git.GitException e) {
            return Outcome.error(e.getMessage());
        } catch (IOException e) {
            return Outcome.error("cannot read the repository: " + e.getMessage());
        }
    }

    private static boolean searchesHistory(GitSpec spec) {
        return !spec.secretsNotTracked().isEmpty() || !spec.credentials().isEmpty();
    }

    /**
     * What {@code spec}'s check looks for in the tracked files and the history: the values of its variables, and the
     * format rules its history walk hands the added lines to.
     */
    private HistoryScan.Search search(ProbeContext ctx, Path root, List<String> tracked, GitSpec spec) throws IOException {
        KnownSecrets secrets = KnownSecrets.of(valuesOf(spec.secretsNotTracked(), ctx.env()));
        LineRules rules = spec.credentials().isEmpty() ? lineRules
                : both(lineRules, historyFormats(root, tracked, spec.credentialRules()));
        return new HistoryScan.Search(secrets, rules);
    }

    /**
     * The history searches of every check the run plans (this one's among them), each as its check would make it. A
     * check whose search cannot be made here (its env template unreadable) is left out: it walks alone and meets the
     * same failure itself; so does a check with nothing to look for, which does not walk at all.
     */
    private Map<GitSpec, HistoryScan.Search> plannedSearches(ProbeContext ctx, Path root, List<String> tracked) {
        Map<GitSpec, HistoryScan.Search> out = new LinkedHashMap<>();
        for (GitSpec planned : ctx.clients().planned(GitSpec.class)) {
            if (!searchesHistory(planned) || out.containsKey(planned)) {
                continue;
            }
            try {
                HistoryScan.Search search = search(ctx, root, tracked, planned);
                if (!search.isEmpty()) {
                    out.put(planned, search);
                }
            } catch (IOException | RuntimeException e) {
                // left to its own check, as said above
            }
        }
        return out;
    }

    /** Walks the history for a check's search: the run's one shared walk, or one of its own. */
    @FunctionalInterface
    private interface HistoryWalk {
        HistoryScan.Report walk() throws Git.GitException;
    }

    private static Finding ignored(Git git, String path) throws Git.GitException {
        Git.Result r = git.run("check-ignore", "-v", "--", path);
        // "-v" prints source:line:pattern<TAB>path; the rule is useful evidence.
        String rule = r.text().strip();
        int tab = rule.indexOf('\t');
        rule = tab > 0 ? rule.substring(0, tab) : rule;
        // With -v git also exits 0 when the last matching rule is a negation ("!.env"), which un-ignores the path.
        int exit = r.exitCode() == 0 && NEGATED_RULE.matcher(rule).matches() ? 1 : r.exitCode();
        String shownRule = rule;
        return switch (exit) {
            case 0 -> Finding.of(Status.PASS, path + " is ignored (" + shownRule + ")");
            case 1 -> {
                Git.Result ls = git.run("ls-files", "--error-unmatch", "--", path);
                yield ls.exitCode() == 0
                        ? Finding.at(Status.FAIL, path + " is tracked by git, so ignore rules do not apply; git rm --cached " + path, path, 1)
                        : Finding.of(Status.FAIL, path + " is not ignored by git; add it to .gitignore");
            }
            default -> Finding.of(Status.ERROR, "git check-ignore " + path + " failed: " + Git.firstLine(r.stderr()));
        };
    }

    private static List<Finding> trackedEnvFiles(List<String> tracked) {
        List<Finding> out = new ArrayList<>();
        for (String f : tracked) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (ENV_FILE.matcher(name).matches() && !ENV_TEMPLATE.matcher(name).find()) {
                out.add(Finding.at(Status.FAIL, f + " is tracked by git; git rm --cached " + f, f, 1));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no env file among " + files(tracked.size())));
        }
        return out;
    }

    /** The values of the named variables ("*": every secret variable), shadowed and overridden values included. */
    private static Map<String, List<String>> valuesOf(List<String> names, Env env) {
        Map<String, List<String>> all = env.allSecretValuesByName();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            if (name.equals("*")) {
                all.forEach(out::putIfAbsent);
            } else if (all.containsKey(name)) {
                out.putIfAbsent(name, all.get(name));
            } else {
                // Named explicitly: searched even when the naming convention does not call it a secret.
                env.get(name).filter(v -> !v.isBlank()).ifPresent(v -> out.putIfAbsent(name, List.of(v)));
            }
        }
        return out;
    }

    /**
     * The values must be in no tracked file and in no commit of the reachable history: a key that was committed and
     * removed later is still readable by everyone with a clone, so it is as leaked as one in the working tree.
     */
    /** The tracked files' credential findings by format, given what the known values already found there. */
    @FunctionalInterface
    private interface TreeScan {
        List<Finding> scan(List<Finding> knownValueFindings) throws IOException;
    }

    /**
     * The credential rules as the history walk takes them, skipping what the tracked-file scan skips (lockfiles,
     * vendored code, the values documented in env templates) and the lines still in the working tree, which the
     * tracked-file scan reports with their file:line: history adds the keys that were removed, or live elsewhere.
     */
    private static LineRules historyFormats(Path root, List<String> tracked, CredentialRules rules) throws IOException {
        CredentialRules outsideTemplates = rules.ignoringValues(templateValues(root, tracked).keySet());
        java.util.Set<String> trackedFiles = new java.util.HashSet<>(tracked);
        Map<String, java.util.Set<String>> current = new java.util.HashMap<>();
        return (path, lines) -> {
            if (notScanned(path)) {
                return List.of();
            }
            boolean template = envTemplate(path);
            List<LineRules.Hit> hits = new ArrayList<>();
            for (CredentialMatch m : (template ? rules : outsideTemplates).find(path, lines)) {
                java.util.Set<String> inTree = trackedFiles.contains(path)
                        ? current.computeIfAbsent(path, p -> linesOf(root.resolve(p))) : java.util.Set.of();
                if (!inTree.contains(lines.get(m.line() - 1))) {
                    hits.add(new LineRules.Hit(m.line(), m.ruleId(), m.description()));
                }
            }
            return hits;
        };
    }

    private static java.util.Set<String> linesOf(Path file) {
        try {
            String text = RepoFiles.readText(file, MAX_SCAN_BYTES);
            return text == null ? java.util.Set.of() : new java.util.HashSet<>(text.lines().toList());
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    private static LineRules both(LineRules a, LineRules b) {
        if (a == LineRules.NONE) {
            return b;
        }
        return (path, lines) -> {
            List<LineRules.Hit> hits = new ArrayList<>(a.find(path, lines));
            hits.addAll(b.find(path, lines));
            return hits;
        };
    }

    /**
     * The known values of {@code names} in tracked files and in history, and {@code rules}' formats in history
     * (the tracked files' formats are {@link #credentialsInTrackedFiles}'s), in one walk.
     */
    private List<Finding> secretsNotTracked(Path root, List<String> tracked, List<String> names, HistoryScan.Search search,
                                            HistoryWalk walk, TreeScan formatsInTree)
            throws IOException, Git.GitException {
        KnownSecrets secrets = search.secrets();
        LineRules rules = search.rules();
        if (search.isEmpty()) {
            // Nothing to search for is not evidence that nothing leaked: say so instead of passing.
            return List.of(Finding.of(Status.SKIP, "nothing to look for: " + String.join(", ", names)
                    + " unset or shorter than " + KnownSecrets.MIN_SEARCHABLE + " chars in the env file"));
        }
        List<Finding> out = new ArrayList<>(secretsInTrackedFiles(root, tracked, secrets));
        out.addAll(formatsInTree.scan(List.copyOf(out)));
        HistoryScan.Report history = walk.walk();
        for (HistoryScan.Hits hits : history.secretHits()) {
            for (HistoryScan.Occurrence o : hits.oldest()) {
                out.add(Finding.of(Status.FAIL, "the value of " + hits.label() + " was committed in " + o.commit()
                        + " at " + o.path() + ":" + o.line() + "; it stays in git history: rotate it"));
            }
            if (hits.total() > hits.oldest().size()) {
                out.add(Finding.of(Status.FAIL, "the value of " + hits.label() + " was committed "
                        + (hits.total() - hits.oldest().size()) + " more times in history (the oldest "
                        + hits.oldest().size() + " are listed)"));
            }
        }
        for (HistoryScan.Hits hits : history.ruleHits()) {
            for (HistoryScan.Occurrence o : hits.oldest()) {
                out.add(Finding.of(Status.FAIL, hits.label() + " was committed in " + o.commit() + " at " + o.path()
                        + ":" + o.line() + "; it stays in git history: revoke it"));
            }
            if (hits.total() > hits.oldest().size()) {
                out.add(Finding.of(Status.FAIL, hits.label() + " was committed " + (hits.total() - hits.oldest().size())
                        + " more times in history (the oldest " + hits.oldest().size() + " are listed)"));
            }
        }
        String scope = scope(history);
        if (history.timedOut()) {
            out.add(Finding.of(Status.ERROR, "the history walk timed out after " + history.budget() + " ms, "
                    + scope + "; raise this check's timeout or limit the walk with --history-depth"));
        } else if (history.error() != null) {
            out.add(Finding.of(Status.ERROR, history.error()));
        }
        boolean failed = out.stream().anyMatch(f -> f.status() == Status.FAIL);
        if (history.shallow()) {
            out.add(Finding.of(Status.WARN, scope + "; the clone is shallow, so older commits were not searched:"
                    + " fetch the full history (actions/checkout fetch-depth: 0, GitLab GIT_DEPTH: 0)"));
        } else if (!failed && !history.timedOut() && history.error() == null) {
            String sought = secrets.isEmpty() ? "no credential by format"
                    : "no value of " + String.join(", ", secrets.names()) + (rules == LineRules.NONE ? "" : " and no credential by format");
            out.add(Finding.of(Status.PASS, sought + " in " + (secrets.isEmpty() ? "" : files(tracked.size()) + " or in ") + scope));
        }
        return out;
    }

    /** How far the walk went: "12 commits of history (all branches and tags)". */
    private static String scope(HistoryScan.Report r) {
        String commits = r.commits() + " commit" + (r.commits() == 1 ? "" : "s");
        if (r.timedOut()) {
            return "after " + commits;
        }
        if (r.depthLimit() > 0 && r.commits() >= r.depthLimit()) {
            return "the last " + commits + " of history (--history-depth " + r.depthLimit() + ")";
        }
        return (r.shallow() ? "scanned " : "") + commits + " of history (all branches and tags)";
    }

    private static List<Finding> secretsInTrackedFiles(Path root, List<String> tracked, KnownSecrets secrets)
            throws IOException {
        if (secrets.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        SecretMatcher matcher = secrets.matcher();
        for (String f : tracked) {
            Path file = root.resolve(f);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = RepoFiles.readText(file, MAX_SCAN_BYTES);
            if (text == null) {
                continue;
            }
            // One pass over the file for every secret and form; each pattern reported at its first line.
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Map<Integer, Integer> firstLine = new LinkedHashMap<>();
            int state = SecretMatcher.start();
            int line = 1;
            for (byte b : bytes) {
                if (b == '\n') {
                    line++;
                    state = SecretMatcher.start();
                    continue;
                }
                state = matcher.step(state, b);
                for (int p : matcher.matches(state)) {
                    firstLine.putIfAbsent(p, line);
                }
            }
            firstLine.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> out.add(Finding.at(
                    Status.FAIL, "the value of " + secrets.pattern(e.getKey()).label() + " is committed in " + f + ":"
                            + e.getValue() + "; rotate it and remove it from history", f, e.getValue())));
        }
        return out;
    }

    /**
     * Credentials recognised by format in tracked files. Skipped, and why: binary files and files over 4 MiB (no
     * text to read), lockfiles (integrity hashes the package manager writes, never hand-typed credentials, and
     * the main source of high-entropy false positives; gitleaks' global allowlist skips them too) and anything
     * under node_modules/ (vendored third-party code whose test keys and doc examples are not the project's).
     * Values of the env templates ({@code .env.example} ...) are documented placeholders and ignored elsewhere;
     * the templates themselves are scanned without that exemption, so a real key pasted into one is still found.
     */
    /** Lockfiles (integrity hashes the package manager writes) and vendored code are not scanned for credentials. */
    private static boolean notScanned(String path) {
        return LOCKFILE.matcher(path).find() || path.startsWith("node_modules/") || path.contains("/node_modules/");
    }

    /** {@code .env.example} and its kind: their own values are documented placeholders, their keys may be real. */
    private static boolean envTemplate(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return ENV_FILE.matcher(name).matches() && ENV_TEMPLATE.matcher(name).find();
    }

    /** The values documented in tracked env templates ({@code .env.example}...), each with its file. */
    private static Map<String, String> templateValues(Path root, List<String> tracked) throws IOException {
        Map<String, String> templateValues = new LinkedHashMap<>();
        for (String f : tracked) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (ENV_FILE.matcher(name).matches() && ENV_TEMPLATE.matcher(name).find() && !name.endsWith(".enc")) {
                String text = RepoFiles.readText(root.resolve(f), MAX_SCAN_BYTES);
                if (text != null) {
                    text.lines().map(ENV_ASSIGNMENT::matcher).filter(java.util.regex.Matcher::matches)
                            .forEach(m -> templateValues.put(m.group(2).strip().replaceAll("^[\"']|[\"']$", ""), f));
                }
            }
        }
        return templateValues;
    }

    /**
     * What every git check of a run asks the repository first, asked once a run: whether it is a repository (its top
     * level) and which files it tracks. The answers cannot change while the audit runs, which writes nothing. Only
     * an answer is kept: a failure (git timing out within one check's budget) is that check's, and the next check
     * asks again within its own.
     */
    static final class RepositoryFacts {
        private Git.Result top;
        private List<String> tracked;

        synchronized Git.Result top(Git git) throws Git.GitException {
            if (top == null) {
                top = git.run("rev-parse", "--show-toplevel");
            }
            return top;
        }

        synchronized List<String> tracked(Git git) throws Git.GitException {
            if (tracked == null) {
                tracked = List.copyOf(git.trackedFiles());
            }
            return tracked;
        }
    }

    /**
     * The tracked files scanned once per run by every credential rule: reading 20,000 files is the cost, and two
     * checks ask (the Azure and the Resend key), so each takes its rules' findings from this one scan.
     */
    static final class TrackedScan {
        private List<FileMatches> files;
        private int scanned;
        private int skipped;

        record FileMatches(String path, List<CredentialMatch> matches) {
        }

        synchronized TrackedScan of(Path root, List<String> tracked) throws IOException {
            if (files != null) {
                return this;
            }
            CredentialRules all = CredentialRules.builtin();
            CredentialRules outsideTemplates = all.ignoringValues(templateValues(root, tracked).keySet());
            List<FileMatches> found = new ArrayList<>();
            for (String f : tracked) {
                Path file = root.resolve(f);
                if (!Files.isRegularFile(file) || notScanned(f)) {
                    skipped++;
                    continue;
                }
                String text = RepoFiles.readText(file, MAX_SCAN_BYTES);
                if (text == null) {
                    skipped++;
                    continue;
                }
                scanned++;
                List<CredentialMatch> each = (envTemplate(f) ? all : outsideTemplates).findEach(f, text.lines().toList());
                if (!each.isEmpty()) {
                    found.add(new FileMatches(f, each));
                }
            }
            files = List.copyOf(found);
            return this;
        }
    }

    private static List<Finding> credentialsInTrackedFiles(TrackedScan scan, List<String> names, CredentialRules rules) {
        List<Finding> out = new ArrayList<>();
        for (TrackedScan.FileMatches file : scan.files) {
            String f = file.path();
            for (CredentialMatch m : rules.select(file.matches())) {
                out.add(Finding.at(Status.FAIL, f + ":" + m.line() + ": " + m.what() + " [" + m.ruleId()
                        + "]; rotate it, then remove it from the file and from git history", f, m.line()));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no credential (" + String.join(", ", names) + ") in " + files(scan.scanned)
                    + (scan.skipped > 0 ? " (" + scan.skipped + " binary, lockfile, vendored or too large skipped)" : "")));
        }
        return out;
    }

    private static String files(int n) {
        return n + " tracked file" + (n == 1 ? "" : "s");
    }
}
