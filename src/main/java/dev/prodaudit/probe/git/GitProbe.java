package dev.prodaudit.probe.git;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.file.RepoFiles;
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
    public Outcome run(GitSpec spec, ProbeContext ctx) {
        Path root = ctx.repository();
        Git git = new Git(root, Deadline.of(ctx.timeout(), System.nanoTime()), gitInvocations);
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
                findings.addAll(secretsNotTracked(git, root, tracked, spec.secretsNotTracked(), ctx.env(),
                        ctx.historyDepth()));
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
    private List<Finding> secretsNotTracked(Git git, Path root, List<String> tracked, List<String> names, Env env,
                                            int historyDepth) throws IOException, Git.GitException {
        KnownSecrets secrets = KnownSecrets.of(valuesOf(names, env));
        if (secrets.isEmpty()) {
            // Nothing to search for is not evidence that nothing leaked: say so instead of passing.
            return List.of(Finding.of(Status.SKIP, "nothing to look for: " + String.join(", ", names)
                    + " unset or shorter than " + KnownSecrets.MIN_SEARCHABLE + " chars in the env file"));
        }
        List<Finding> out = new ArrayList<>(secretsInTrackedFiles(root, tracked, secrets));
        HistoryScan.Report history = HistoryScan.scan(git, secrets, lineRules, historyDepth);
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
        String scope = scope(history, git);
        if (history.timedOut()) {
            out.add(Finding.of(Status.ERROR, "the history walk timed out after " + git.budgetMillis() + " ms, "
                    + scope + "; raise this check's timeout or limit the walk with --history-depth"));
        } else if (history.error() != null) {
            out.add(Finding.of(Status.ERROR, history.error()));
        }
        boolean failed = out.stream().anyMatch(f -> f.status() == Status.FAIL);
        if (history.shallow()) {
            out.add(Finding.of(Status.WARN, scope + "; the clone is shallow, so older commits were not searched:"
                    + " fetch the full history (actions/checkout fetch-depth: 0, GitLab GIT_DEPTH: 0)"));
        } else if (!failed && !history.timedOut() && history.error() == null) {
            out.add(Finding.of(Status.PASS, "no value of " + String.join(", ", secrets.names()) + " in "
                    + files(tracked.size()) + " or in " + scope));
        }
        return out;
    }

    /** How far the walk went: "12 commits of history (all branches and tags)". */
    private static String scope(HistoryScan.Report r, Git git) {
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

    private static String files(int n) {
        return n + " tracked file" + (n == 1 ? "" : "s");
    }
}
