package dev.prodaudit.probe.git;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: git}: what the repository must keep out of version control.
 *
 * @param ignored           paths git's own ignore rules must ignore ({@code git check-ignore})
 * @param noTrackedEnvFiles no {@code .env} / {@code .env.*} file is tracked, except templates
 *                          (.example, .sample, .template, .dist, .defaults) and encrypted {@code *.enc}
 * @param secretsNotTracked variables whose values must not occur in any tracked file;
 *                          {@code "*"} means every secret variable of the env file
 * @param credentials       credential formats no tracked file may contain ({@link CredentialRules}): provider
 *                          names ({@code resend}, {@code azure-openai}), rule ids, or {@code all}
 */
public record GitSpec(List<String> ignored, Boolean noTrackedEnvFiles, List<String> secretsNotTracked,
                      List<String> credentials) implements ProbeSpec {

    public GitSpec {
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
        secretsNotTracked = secretsNotTracked == null ? List.of() : List.copyOf(secretsNotTracked);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        if (ignored.isEmpty() && noTrackedEnvFiles == null && secretsNotTracked.isEmpty() && credentials.isEmpty()) {
            throw new IllegalArgumentException(
                    "a git probe needs 'ignored', 'noTrackedEnvFiles', 'secretsNotTracked' or 'credentials'");
        }
        CredentialRules.builtin().only(credentials); // an unknown rule name is a catalogue error, found at load time
    }

    /** The credential rules this spec selects (none when {@code credentials} is empty). */
    CredentialRules credentialRules() {
        return CredentialRules.builtin().only(credentials);
    }
}
