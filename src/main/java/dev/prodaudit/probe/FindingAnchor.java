package dev.prodaudit.probe;

/**
 * The file a finding is placed on when it names none (SARIF needs a file for every result). Paths are
 * repository-relative; the env file and the audit configuration are whatever the run used.
 */
public sealed interface FindingAnchor {
    /** The audit configuration, else the run's first env file, else {@code audit.yaml}. */
    FindingAnchor AUDIT_CONFIG = new AuditConfig();
    /** The run's first env file, else as {@link #AUDIT_CONFIG}. */
    FindingAnchor ENV_FILE = new EnvFile();

    /** One repository file, named by the probe's parameters or its nature ({@code .gitignore}). */
    record RepositoryFile(String path) implements FindingAnchor {
        public RepositoryFile {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("an anchor file needs a path");
            }
        }
    }

    /** See {@link #ENV_FILE}. */
    record EnvFile() implements FindingAnchor {
    }

    /** See {@link #AUDIT_CONFIG}. */
    record AuditConfig() implements FindingAnchor {
    }
}
