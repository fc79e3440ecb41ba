package dev.prodaudit.probe.doc;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: doc}: what the repository's documents say, read as documents rather than grepped: unticked checklist
 * lines ({@code - [ ]}), copies of a production checklist, zero-byte files and {@code .gitkeep} never count.
 *
 * <pre>
 * probe: {type: doc, require: rpo}                 # "RPO: 1 h", "| RPO | 15 min |"; not "RPO: TBD"
 * probe: {type: doc, require: incident-response}   # an incident section naming contacts or an on-call rotation
 * probe: {type: doc, require: restore-runbook, paths: ["ops/runbooks/**"]}
 * </pre>
 *
 * @param require what the documents must hold: {@code rto}, {@code rpo} (a value with a unit; an RPO shorter than the
 *                backup cadence the repository shows warns), {@code incident-response}, {@code gdpr} (a record of
 *                processing naming the personal data and the sub-processors the env file configures),
 *                {@code runbooks}, {@code restore-runbook}, or {@code data-retention} (a TTL in a Mongoose schema:
 *                {@code expireAfterSeconds} in an index, {@code expires} on a Date field; never a cookie's)
 * @param paths   globs of the files to read; default per rule (Markdown and text documents; runbook folders;
 *                JavaScript and TypeScript sources for data-retention)
 */
public record DocSpec(String require, List<String> paths) implements ProbeSpec {

    static final String RTO = "rto";
    static final String RPO = "rpo";
    static final String INCIDENT_RESPONSE = "incident-response";
    static final String GDPR = "gdpr";
    static final String RUNBOOKS = "runbooks";
    static final String RESTORE_RUNBOOK = "restore-runbook";
    static final String DATA_RETENTION = "data-retention";
    static final List<String> RULES = List.of(RTO, RPO, INCIDENT_RESPONSE, GDPR, RUNBOOKS, RESTORE_RUNBOOK,
            DATA_RETENTION);

    static final List<String> DOCUMENTS = List.of("**/*.md", "**/*.markdown", "**/*.txt", "**/*.rst", "**/*.adoc");
    static final List<String> RUNBOOK_FILES = List.of("docs/runbooks/**", "runbooks/**", "**/*runbook*.md",
            "**/RUNBOOK*.md", "**/*runbook*/**");
    static final List<String> SOURCES = List.of("**/*.js", "**/*.mjs", "**/*.cjs", "**/*.ts");

    public DocSpec {
        if (require == null || !RULES.contains(require.strip())) {
            throw new IllegalArgumentException("'require' must be one of " + String.join(", ", RULES)
                    + (require == null ? "" : "; found '" + require + "'"));
        }
        require = require.strip();
        if (paths != null) {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("'paths' must list at least one glob");
            }
            for (String p : paths) {
                if (p.startsWith("/") || p.contains("..")) {
                    throw new IllegalArgumentException("paths are globs relative to the repository: '" + p + "'");
                }
                dev.prodaudit.repo.RepoFiles.checkGlob(p);
            }
            paths = List.copyOf(paths);
        }
    }

    /** The globs this rule reads. */
    List<String> globs() {
        if (paths != null) {
            return paths;
        }
        return switch (require) {
            case RUNBOOKS, RESTORE_RUNBOOK -> RUNBOOK_FILES;
            case DATA_RETENTION -> SOURCES;
            default -> DOCUMENTS;
        };
    }
}
