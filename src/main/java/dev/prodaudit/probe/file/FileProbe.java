package dev.prodaudit.probe.file;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.input.Durations;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Wording;
import dev.prodaudit.repo.GitDates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code type: file}: existence, content and age of repository files. */
public final class FileProbe implements Probe<FileSpec> {
    private static final long MAX_READ = 8L * 1024 * 1024;
    /** A plaintext dotenv assignment: what an encrypted file must not contain. Blanks only: never across lines. */
    private static final Pattern PLAIN_ASSIGNMENT = Pattern.compile(
            "^[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \\t]*=[ \\t]*(.*)$", Pattern.MULTILINE);
    /** Values that encryption tools leave in place of the secret: sops, dotenvx. */
    private static final Pattern ENCRYPTED_VALUE = Pattern.compile("^[\"']?(ENC\\[[A-Z0-9_]+,.*]|encrypted:.+)[\"']?\\s*$");
    /** Keys the encryption tools themselves write in clear: sops metadata and dotenvx public keys. */
    private static final Pattern TOOL_METADATA = Pattern.compile("^(sops_.*|DOTENV_PUBLIC_KEY.*)$");

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Class<FileSpec> specType() {
        return FileSpec.class;
    }

    @Override
    public Set<Evidence> evidence(FileSpec spec) {
        return Set.of(Evidence.CODE);
    }

    /** The one file the spec names: its first path when that is not a glob, a leading any-folder segment aside. */
    @Override
    public FindingAnchor anchor(FileSpec spec) {
        String first = spec.paths().get(0);
        String literal = first.startsWith("**/") ? first.substring(3) : first;
        if (!literal.isEmpty() && literal.chars().noneMatch(ch -> "*?[]{}".indexOf(ch) >= 0)) {
            return new FindingAnchor.RepositoryFile(literal);
        }
        return FindingAnchor.AUDIT_CONFIG;
    }

    @Override
    public Outcome run(FileSpec spec, ProbeContext ctx) {
        Path root = ctx.repository();
        if (!Files.isDirectory(root)) {
            return Outcome.error("repository folder " + root + " does not exist");
        }
        List<String> files;
        try {
            files = RepoFiles.of(ctx).match(spec.paths());
        } catch (java.io.UncheckedIOException e) {
            return Outcome.error("cannot list " + root + ": " + e.getCause().getMessage());
        }
        String globs = String.join(", ", spec.paths());
        if (!spec.mustExist()) {
            if (files.isEmpty()) {
                return Outcome.pass("no file matches " + globs);
            }
            List<Finding> found = files.stream()
                    .map(f -> Finding.at(Status.FAIL, f + " must not exist", f, 1)).toList();
            return Outcome.from(found);
        }
        if (files.isEmpty()) {
            return Outcome.fail("no file matches " + globs);
        }
        List<Finding> findings = new ArrayList<>();
        try {
            if (Boolean.TRUE.equals(spec.nonEmpty())) {
                for (String f : files) {
                    if (Files.size(root.resolve(f)) == 0) {
                        findings.add(Finding.at(Status.FAIL, f + " is empty", f, 1));
                    }
                }
            }
            if (spec.contains() != null) {
                findings.add(findFirst(root, files, spec.contains().pattern(), spec.contains().toString()));
            }
            if (spec.notContains() != null) {
                findings.addAll(findAll(root, files, spec.notContains().pattern(), spec.notContains().toString()));
            }
            if (spec.newerThan() != null) {
                findings.addAll(newest(ctx, files, spec.newerThan().duration()));
            }
            if (Boolean.TRUE.equals(spec.encrypted())) {
                for (String f : files) {
                    findings.addAll(encrypted(root, f));
                }
            }
        } catch (IOException e) {
            return Outcome.error("cannot read files matching " + globs + ": " + e.getMessage());
        }
        if (findings.stream().noneMatch(f -> f.status() == Status.PASS)) {
            findings.add(0, Finding.of(Status.PASS, files.size() == 1 ? files.get(0) + " exists"
                    : files.size() + " files match " + globs + " (" + files.get(0) + ", ...)"));
        }
        return Outcome.from(findings);
    }

    private static Finding findFirst(Path root, List<String> files, Pattern p, String shown) throws IOException {
        for (String f : files) {
            String text = RepoFiles.readText(root.resolve(f), MAX_READ);
            if (text == null) {
                continue;
            }
            Matcher m = p.matcher(text);
            if (m.find()) {
                int line = RepoFiles.lineOf(text, m.start());
                return Finding.at(Status.PASS, f + ":" + line + " matches " + shown, f, line);
            }
        }
        return Finding.of(Status.FAIL, (files.size() == 1 ? files.get(0) + " does not contain " : "none of the "
                + files.size() + " matching files contains ") + shown);
    }

    private static List<Finding> findAll(Path root, List<String> files, Pattern p, String shown) throws IOException {
        List<Finding> hits = new ArrayList<>();
        for (String f : files) {
            String text = RepoFiles.readText(root.resolve(f), MAX_READ);
            if (text == null) {
                continue;
            }
            Matcher m = p.matcher(text);
            while (m.find() && hits.size() < 50) {
                int line = RepoFiles.lineOf(text, m.start());
                hits.add(Finding.at(Status.FAIL, f + ":" + line + " contains " + shown, f, line));
            }
        }
        if (hits.isEmpty()) {
            hits.add(Finding.of(Status.PASS, "no matching file contains " + shown));
        }
        return hits;
    }

    /**
     * The newest of the files by their history, not their mtime (a clone resets it): see {@link GitDates}. A file
     * the audit cannot date (shallow clone) is an ERROR unless another file is recent enough to pass on its own.
     */
    private static List<Finding> newest(ProbeContext ctx, List<String> files, Duration maxAge) {
        Instant now = Instant.now();
        // The check's budget, a little under its timeout, as every probe family uses it.
        GitDates dates = GitDates.read(ctx.repository(), files, Deadline.of(ctx.timeout(), System.nanoTime()), now);
        GitDates.Dated newest = null;
        List<Finding> undated = new ArrayList<>();
        for (String f : files) {
            GitDates.FileDate date = dates.of(f).orElseThrow();
            if (date instanceof GitDates.Dated d) {
                if (newest == null || d.when().isAfter(newest.when())) {
                    newest = d;
                }
            } else if (date instanceof GitDates.Undated u) {
                undated.add(Finding.at(Status.ERROR, u.why(), f, 1));
            }
        }
        if (newest == null) {
            return undated;
        }
        Duration age = Duration.between(newest.when(), now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        String ageText = age.toDays() >= 2 ? Wording.count(age.toDays(), "day") : Durations.format(Duration.ofMinutes(age.toMinutes()));
        int line = Math.max(1, newest.at().line());
        if (age.compareTo(maxAge) <= 0) {
            return List.of(Finding.at(Status.PASS, "newest, " + newest.path() + ", is " + ageText + " old (limit "
                    + Durations.format(maxAge) + "), by its " + newest.describe(), newest.path(), line));
        }
        List<Finding> out = new ArrayList<>();
        Finding stale = Finding.at(Status.FAIL, "newest, " + newest.path() + ", is " + ageText + " old; expected within "
                + Durations.format(maxAge) + ", by its " + newest.describe(), newest.path(), line);
        // An undated file might be the recent one: the FAIL stands only when every file could be dated.
        out.add(undated.isEmpty() ? stale : new Finding(Status.ERROR, stale.message(), stale.file(), stale.line()));
        out.addAll(undated);
        return out;
    }

    /** Plaintext KEY=value lines are findings (naming the key, never the value). */
    private static List<Finding> encrypted(Path root, String f) throws IOException {
        if (Files.size(root.resolve(f)) > MAX_READ) {
            return List.of(Finding.at(Status.ERROR, f + " is larger than " + MAX_READ / (1024 * 1024)
                    + " MiB; not inspected", f, 1));
        }
        String text = RepoFiles.readText(root.resolve(f), MAX_READ);
        if (text == null) {
            return List.of(Finding.at(Status.PASS, f + " is binary (encrypted)", f, 1));
        }
        List<Finding> out = new ArrayList<>();
        Matcher m = PLAIN_ASSIGNMENT.matcher(text);
        int encryptedValues = 0;
        while (m.find()) {
            String value = m.group(2).strip();
            if (ENCRYPTED_VALUE.matcher(value).matches()) {
                encryptedValues++;
            } else if (TOOL_METADATA.matcher(m.group(1)).matches()) {
                continue;
            } else if (!value.isEmpty()) {
                int line = RepoFiles.lineOf(text, m.start());
                out.add(Finding.at(Status.FAIL, f + ":" + line + " holds " + m.group(1) + " in plain text", f, line));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.at(Status.PASS, f + " has no plaintext assignments"
                    + (encryptedValues > 0 ? " (" + encryptedValues + " encrypted values)" : ""), f, 1));
        }
        return out;
    }
}
