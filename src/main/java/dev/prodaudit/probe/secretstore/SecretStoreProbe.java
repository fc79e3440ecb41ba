package dev.prodaudit.probe.secretstore;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Status;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: secret-store}: a secret manager supplies the variable, as a file of the repository says: a Kubernetes
 * ExternalSecret or SecretProviderClass, or a sops-encrypted YAML, JSON or dotenv file (see {@link SecretReferences}).
 *
 * <p>PASS names each reference (kind, name, file:line); a sops file that holds the variable unencrypted is a FAIL
 * whatever else supplies it, since its value is then in the repository; with no reference the FAIL says what was
 * looked for. A candidate file that cannot be parsed makes the verdict ERROR only when nothing else supplies the
 * variable: it might have been the one.
 */
public final class SecretStoreProbe implements Probe<SecretStoreSpec> {
    /** Manifests and encrypted files are small; a larger file is data, not configuration. */
    private static final long MAX_READ = 2L * 1024 * 1024;
    private static final List<String> STRUCTURED = List.of("**/*.yaml", "**/*.yml", "**/*.json");
    private static final List<String> DOTENV = List.of("**/.env", "**/.env.*", "**/*.env");

    @Override
    public String type() {
        return "secret-store";
    }

    @Override
    public Class<SecretStoreSpec> specType() {
        return SecretStoreSpec.class;
    }

    @Override
    public Set<Evidence> evidence(SecretStoreSpec spec) {
        return Set.of(Evidence.CODE);
    }

    @Override
    public Outcome run(SecretStoreSpec spec, ProbeContext ctx) {
        Path root = ctx.repository();
        if (!Files.isDirectory(root)) {
            return Outcome.error("repository folder " + root + " does not exist");
        }
        RepoFiles listing;
        try {
            listing = RepoFiles.of(ctx);
        } catch (UncheckedIOException e) {
            return Outcome.error("cannot list " + root + ": " + e.getCause().getMessage());
        }
        SecretReferences finder = new SecretReferences(spec);
        List<SecretReferences.Reference> refs = new ArrayList<>();
        List<SecretReferences.Reference> plain = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> structured = listing.match(STRUCTURED);
        int looked = 0;
        try {
            for (String f : structured) {
                String text = RepoFiles.readText(root.resolve(f), MAX_READ);
                if (text == null || !SecretReferences.candidate(text)) {
                    continue;
                }
                looked++;
                // JSON allows tabs between tokens, YAML not for indentation; inside JSON strings they are escaped.
                collect(finder.yaml(f, f.endsWith(".json") ? text.replace('\t', ' ') : text), refs, plain, unreadable);
            }
            for (String f : listing.match(DOTENV)) {
                if (structured.contains(f)) {
                    continue;
                }
                String text = RepoFiles.readText(root.resolve(f), MAX_READ);
                if (text == null || !text.contains("sops_mac")) {
                    continue;
                }
                looked++;
                collect(finder.dotenv(f, text), refs, plain, unreadable);
            }
        } catch (IOException e) {
            return Outcome.error("cannot read " + root + ": " + e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        for (SecretReferences.Reference r : plain) {
            findings.add(Finding.at(Status.FAIL, r.file() + ":" + r.line() + ": " + r.kind() + " " + r.how()
                    + "; encrypt it with sops (sops --encrypt --in-place " + r.file() + ")", r.file(), r.line()));
        }
        for (SecretReferences.Reference r : refs) {
            String subject = r.kind().equals("sops file") ? "sops file " + r.file() : r.kind() + " " + r.name();
            findings.add(Finding.at(Status.PASS, subject + " " + r.how() + " (" + r.file() + ":" + r.line() + ")",
                    r.file(), r.line()));
        }
        if (!findings.isEmpty()) {
            return Outcome.from(findings);
        }
        String what = "no ExternalSecret, SecretProviderClass or sops file supplies " + spec.variable()
                + (spec.names().isEmpty() ? "" : " or names " + String.join("/", spec.names()));
        if (!unreadable.isEmpty()) {
            return Outcome.error(what + " among the files read, but " + unreadable.get(0)
                    + (unreadable.size() > 1 ? " (+" + (unreadable.size() - 1) + " more)" : "") + "; it may be the one");
        }
        return Outcome.fail(what + " (" + (looked == 0 ? "no manifest or sops file in the repository"
                : looked + (looked == 1 ? " candidate file" : " candidate files") + " read") + ")");
    }

    private static void collect(SecretReferences.Scan scan, List<SecretReferences.Reference> refs,
                                List<SecretReferences.Reference> plain, List<String> unreadable) {
        refs.addAll(scan.references());
        plain.addAll(scan.plaintext());
        if (scan.unreadable() != null) {
            unreadable.add(scan.unreadable());
        }
    }
}
