package dev.prodaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A git remote as a report names it: an absolute URI without the credentials CI puts in it. */
class RemoteUrlsTest {
    private static final Path REPO = Path.of("/srv/checkout/rag-api");

    @Test
    void credentialsQueryAndFragmentAreStripped() {
        assertEquals("https://github.com/acme/rag-api.git",
                RemoteUrls.shown("https://x-access-token:ghp_abc123@github.com/acme/rag-api.git", REPO));
        assertEquals("https://gitlab.example.com/acme/rag-api.git",
                RemoteUrls.shown("https://gitlab-ci-token:glcbt-64_xyz@gitlab.example.com/acme/rag-api.git?private_token=x#y", REPO));
        assertEquals("https://github.com/acme/rag-api", RemoteUrls.shown("https://github.com/acme/rag-api", REPO));
        assertEquals("ssh://git.example.com:2222/acme/rag-api.git",
                RemoteUrls.shown("ssh://deploy:secret@git.example.com:2222/acme/rag-api.git", REPO));
    }

    @Test
    void scpLikeRemotesBecomeSshUris() {
        assertEquals("ssh://github.com/acme/rag-api.git", RemoteUrls.shown("git@github.com:acme/rag-api.git", REPO));
    }

    @Test
    void localRemotesAndNoRemoteAreFileUris() {
        assertEquals("file:///srv/mirror/rag-api.git", RemoteUrls.shown("/srv/mirror/rag-api.git", REPO));
        assertEquals("file:///srv/checkout/upstream", RemoteUrls.shown("../upstream", REPO));
        assertEquals("file:///srv/checkout/rag-api", RemoteUrls.shown(null, REPO));
    }

    @Test
    void aRemoteThatIsNoUriIsNotShownHalfStripped() {
        assertNull(RemoteUrls.shown("https://user:pa ss@exa mple.com/x", REPO));
    }
}
