package dev.prodaudit.probe.secretstore;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code type: secret-store}: some file of the repository has a secret manager supply {@code variable}.
 *
 * @param variable the environment variable the application reads (e.g. RESEND_API_KEY): an ExternalSecret's
 *                 {@code secretKey}, a SecretProviderClass's synced {@code key}, or the key of a sops-encrypted value
 * @param names    words that name the secret in the secret manager (e.g. resend): a remote key, property or Key
 *                 Vault object containing one of them (any letter case) supplies the variable too; optional
 */
public record SecretStoreSpec(String variable, List<String> names) implements ProbeSpec {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SecretStoreSpec {
        if (variable == null || !VARIABLE.matcher(variable).matches()) {
            throw new IllegalArgumentException("'variable' must be an environment variable name such as RESEND_API_KEY");
        }
        names = names == null ? List.of() : List.copyOf(names);
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("'names' must hold non-empty words such as resend");
            }
        }
    }

    /** Whether a remote key, property or object name names this secret. */
    boolean named(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(n -> lower.contains(n.toLowerCase(Locale.ROOT)));
    }
}
