package dev.prodaudit.probe.git;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.file.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code type: git}: ignore rules, tracked env files and secrets committed to the repository. */
public final class GitProbe implements Probe<GitSpec> {
    private static final Pattern ENV_FILE = Pattern.compile("^\\.env(\\..+)?$");
    private static final Pattern ENV_TEMPLATE = Pattern.compile("^\\.env\\.(example|sample|template|dist|defaults)$|\\.enc$");
    /** check-ignore -v output {@code source:line:pattern} whose pattern is a negation. */
    private static final Pattern NEGATED_RULE = Pattern.compile("^.*?:\\d+:!.*$");
    /** Values shorter than this would match by chance in ordinary text. */
    private static final int MIN_SEARCHABLE_SECRET = 8;
    private static final long MAX_SCAN_BYTES = 4L * 1024 * 1024;
    private static final Pattern LOCKFILE = Pattern.compile("(^|/)(package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock"
            + "|pnpm-lock\\.yaml|bun\\.lockb?|deno\\.lock|composer\\.lock|Gemfile\\.lock|poetry\\.lock|Pipfile\\.lock"
            + "|Cargo\\.lock|go\\.sum|gradle\\.lockfile)$");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=(.*)$");

    @Override
    public String type() {
        return "git";
    }

    @Override
    public Class<GitSpec> specType() {
        return GitSpec.class;
    }

    /** What it finds is what .gitignore did not keep out of the repository. */
    @Override
    public FindingAnchor anchor(GitSpec spec) {
        return new FindingAnchor.RepositoryFile(".gitignore");
    }

    @Override
    public Outcome run(GitSpec spec, ProbeContext ctx) {
        Path root = ctx.repository();
        Git git = new Git(root, ctx.timeout());
        try {
            Git.Result top = git.run("rev-parse", "--show-toplevel");
            if (top.exitCode() != 0) {
                return Outcome.error(root + " is not a git repository (" + Git.firstLine(top.stderr()) + ")");
            }
            List<Finding> findings = new ArrayList<>();
            for (String path : spec.ignored()) {
                findings.add(ignored(git, path));
            }
            List<String> tracked = null;
            if (Boolean.TRUE.equals(spec.noTrackedEnvFiles())) {
                tracked = git.trackedFiles();
                findings.addAll(trackedEnvFiles(tracked));
            }
            if (!spec.secretsNotTracked().isEmpty()) {
                if (tracked == null) {
                    tracked = git.trackedFiles();
                }
                findings.addAll(secretsInTrackedFiles(root, tracked, spec.secretsNotTracked(), ctx.env()));
            }
            if (!spec.credentials().isEmpty()) {
                if (tracked == null) {
                    tracked = git.trackedFiles();
                }
                // A line already reported for the env file's value is not reported again for its format.
                java.util.Set<String> known = new java.util.HashSet<>();
                findings.stream().filter(f -> f.status() == Status.FAIL && f.where() != null).forEach(f -> known.add(f.where()));
                credentialsInTrackedFiles(root, tracked, spec.credentials(), spec.credentialRules()).stream()
                        .filter(f -> f.where() == null || !known.contains(f.where())).forEach(findings::add);
            }
            return Outcome.from(findings);
        } catch (Git.GitException e) {
            return Outcome.error(e.getMessage());
        } catch (IOException e) {
            return Outcome.error("cannot read the repository: " + e.getMessage());
        }
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

    private static List<Finding> secretsInTrackedFiles(Path root, List<String> tracked, List<String> names, Env env)
            throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> all = env.secrets();
        for (String name : names) {
            if (name.equals("*")) {
                secrets.putAll(all);
            } else {
                env.get(name).ifPresent(v -> secrets.put(name, v));
            }
        }
        secrets.entrySet().removeIf(e -> e.getValue().strip().length() < MIN_SEARCHABLE_SECRET);
        if (secrets.isEmpty()) {
            // Nothing to search for is not evidence that nothing leaked: say so instead of passing.
            return List.of(Finding.of(Status.SKIP, "nothing to look for: " + String.join(", ", names)
                    + " unset or shorter than " + MIN_SEARCHABLE_SECRET + " chars in the env file"));
        }
        List<Finding> out = new ArrayList<>();
        for (String f : tracked) {
            Path file = root.resolve(f);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = RepoFiles.readText(file, MAX_SCAN_BYTES);
            if (text == null) {
                continue;
            }
            for (Map.Entry<String, String> s : secrets.entrySet()) {
                int at = text.indexOf(s.getValue().strip());
                if (at >= 0) {
                    int line = RepoFiles.lineOf(text, at);
                    out.add(Finding.at(Status.FAIL, "the value of " + s.getKey() + " is committed in " + f + ":" + line
                            + "; rotate it and remove it from history", f, line));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no value of " + String.join(", ", secrets.keySet()) + " in "
                    + files(tracked.size())));
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
    private static List<Finding> credentialsInTrackedFiles(Path root, List<String> tracked, List<String> names,
                                                           CredentialRules rules) throws IOException {
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
        CredentialRules outsideTemplates = rules.ignoringValues(templateValues.keySet());
        List<Finding> out = new ArrayList<>();
        int scanned = 0;
        int skipped = 0;
        for (String f : tracked) {
            Path file = root.resolve(f);
            if (!Files.isRegularFile(file) || LOCKFILE.matcher(f).find() || f.startsWith("node_modules/")
                    || f.contains("/node_modules/")) {
                skipped++;
                continue;
            }
            String text = RepoFiles.readText(file, MAX_SCAN_BYTES);
            if (text == null) {
                skipped++;
                continue;
            }
            scanned++;
            String name = f.substring(f.lastIndexOf('/') + 1);
            boolean template = ENV_FILE.matcher(name).matches() && ENV_TEMPLATE.matcher(name).find();
            for (CredentialMatch m : (template ? rules : outsideTemplates).find(f, text.lines().toList())) {
                out.add(Finding.at(Status.FAIL, f + ":" + m.line() + ": " + m.what() + " [" + m.ruleId()
                        + "]; rotate it, then remove it from the file and from git history", f, m.line()));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no credential (" + String.join(", ", names) + ") in " + files(scanned)
                    + (skipped > 0 ? " (" + skipped + " binary, lockfile, vendored or too large skipped)" : "")));
        }
        return out;
    }

    private static String files(int n) {
        return n + " tracked file" + (n == 1 ? "" : "s");
    }
}
