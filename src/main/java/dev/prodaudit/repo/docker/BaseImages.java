package dev.prodaudit.repo.docker;

import java.util.Locale;
import java.util.Optional;

/**
 * The default user of well-known base images, for a final stage that sets no USER. Only images whose default is
 * documented as non-root are listed; every other image is taken to run as root, as Docker does without a USER
 * (and as Checkov CKV_DOCKER_3 and Trivy AVD-DS-0002 assume).
 */
final class BaseImages {

    private BaseImages() {
    }

    /** The non-root user {@code image} runs as by default, when it is known to be one. */
    static Optional<String> nonRootDefault(String image) {
        String ref = image.toLowerCase(Locale.ROOT);
        String name = ref;
        String tag = "latest";
        int at = ref.indexOf('@');
        if (at >= 0) {
            name = ref.substring(0, at);
            tag = "";
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        // Distroless: the :nonroot and :debug-nonroot tags (and their -<arch>/-<version> variants) run as 65532.
        if (name.startsWith("gcr.io/distroless/") && (tag.equals("nonroot") || tag.startsWith("nonroot-")
                || tag.equals("debug-nonroot") || tag.startsWith("debug-nonroot-") || tag.endsWith("-nonroot"))) {
            return Optional.of("nonroot (65532)");
        }
        // Chainguard images run as nonroot (65532), except the -dev variants, which run as root for installing.
        if (name.startsWith("cgr.dev/chainguard/") && !tag.equals("latest-dev") && !tag.endsWith("-dev")) {
            return Optional.of("nonroot (65532)");
        }
        return Optional.empty();
    }
}
