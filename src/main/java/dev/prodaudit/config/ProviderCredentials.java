package dev.prodaudit.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables that hold the auditor's own credentials for providers' APIs (CI results, cloud backups), as opposed
 * to the audited application's settings. A CI job has them in its process environment, never in the production env
 * file, so they are read from the process environment whatever {@code processEnv:} says (an env file that sets one
 * still wins). Their names end in TOKEN or KEY, so {@link Env} counts them as secrets and the redactor masks them.
 */
public final class ProviderCredentials {
    /**
     * GitHub, GitLab and MongoDB Atlas tokens and keys, as their own CLIs, Terraform provider and CI runners name
     * them, and the Atlas project id that goes with an Atlas key.
     */
    public static final List<String> NAMES = List.of(
            "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN",
            "ATLAS_PUBLIC_KEY", "ATLAS_PRIVATE_KEY", "MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PRIVATE_API_KEY",
            "MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "ATLAS_PROJECT_ID", "MONGODB_ATLAS_PROJECT_ID");

    private ProviderCredentials() {
    }

    /** The provider credentials of a process environment, and nothing else of it. */
    public static Map<String, String> of(Map<String, String> processEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = processEnv.get(name);
            if (value != null && !value.isBlank()) {
                out.put(name, value);
            }
        }
        return out;
    }
}
