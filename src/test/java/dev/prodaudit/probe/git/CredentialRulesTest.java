package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The credential rules against the generated corpus: every true positive found, no false positive, no value shown. */
class CredentialRulesTest {
    private static final CredentialRules RULES = CredentialRules.builtin();

    /** Repeated: the bodies are random, so each run is a fresh sample of the formats. */
    @RepeatedTest(5)
    void everyGeneratedCredentialIsFoundByItsRuleAndNothingElseOnItsLine() {
        CredentialCorpus corpus = CredentialCorpus.generate();
        for (CredentialCorpus.Expected e : corpus.expected()) {
            List<CredentialMatch> onLine = RULES.find(e.file(), corpus.files().get(e.file())).stream()
                    .filter(m -> m.line() == e.line()).toList();
            assertEquals(List.of(e.ruleId()), onLine.stream().map(CredentialMatch::ruleId).toList(),
                    e.file() + ":" + e.line() + " should be found by " + e.ruleId());
        }
    }

    /**
     * The run scans each tracked file once with every rule ({@code findEach}) and gives each check its rules'
     * findings from that ({@code select}): that must be exactly what the check's own rules would have found,
     * the fallback rules' silence on a line with a specific match included.
     */
    @Test
    void oneScanByEveryRuleGivesEachSelectionWhatItsOwnScanWould() {
        CredentialCorpus corpus = CredentialCorpus.generate();
        CredentialRules all = CredentialRules.builtin();
        List<List<String>> selections = List.of(List.of("resend"), List.of("azure-openai"), List.of("generic"),
                List.of("uri-password", "generic"), List.of("openai", "generic"), List.of("all"));
        for (List<String> selection : selections) {
            CredentialRules rules = all.only(selection);
            for (Map.Entry<String, List<String>> f : corpus.files().entrySet()) {
                assertEquals(rules.find(f.getKey(), f.getValue()), rules.select(all.findEach(f.getKey(), f.getValue())),
                        selection + " on " + f.getKey());
            }
        }
    }

    @Test
    void placeholdersDocumentationExamplesHashesAndImagesAreNotFindings() {
        CredentialCorpus corpus = CredentialCorpus.generate();
        for (Map.Entry<String, List<String>> f : corpus.files().entrySet()) {
            if (f.getKey().startsWith("fp/")) {
                assertEquals(List.of(), RULES.find(f.getKey(), f.getValue()), f.getKey());
            }
        }
    }

    @Test
    void noFindingShowsTheValueOrAnyTwelveCharacterPartOfIt() {
        CredentialCorpus corpus = CredentialCorpus.generate();
        for (CredentialCorpus.Expected e : corpus.expected()) {
            for (CredentialMatch m : RULES.find(e.file(), corpus.files().get(e.file()))) {
                String shown = m.what() + " " + m.description();
                for (int i = 0; i + 12 <= e.value().length(); i++) {
                    assertFalse(shown.contains(e.value().substring(i, i + 12)), m + " shows part of the value");
                }
            }
        }
    }

    @Test
    void theThirtyTwoHexAzureKeyNeedsAnAzureEndpointOrKeyNameNearby() {
        CredentialCorpus c = new CredentialCorpus();
        String key = c.random(CredentialCorpus.HEX, 32);
        List<String> alone = List.of("const etag = '" + key + "';");
        assertEquals(List.of(), RULES.find("src/cache.js", alone));

        List<String> near = new ArrayList<>(List.of("endpoint: https://contoso.openai.azure.com/", "", "", ""));
        near.add("apiKey: '" + key + "'");
        List<CredentialMatch> found = RULES.find("config.yaml", near);
        assertEquals(1, found.size());
        assertEquals("azure-openai-key-hex", found.get(0).ruleId());
        assertEquals(5, found.get(0).line());

        List<String> far = new ArrayList<>(List.of("endpoint: https://contoso.openai.azure.com/"));
        for (int i = 0; i < 10; i++) {
            far.add("# unrelated");
        }
        far.add("etag: '" + key + "'");
        assertEquals(List.of(), RULES.find("config.yaml", far), "11 lines away is not nearby");
    }

    /**
     * Each rule looks for a keyword in the lower-cased line before it runs its regex, and the Azure context for one
     * of its words: a key name or an Azure endpoint counts in any letter case, for each of the generic rule's words
     * and each form of Azure context.
     */
    @Test
    void keyNamesAndAzureContextCountInAnyLetterCase() {
        CredentialCorpus c = new CredentialCorpus();
        for (String name : List.of("API_TOKEN", "Db_Password", "smtpPASSWD", "client_Secret", "STRIPE_KEY")) {
            List<CredentialMatch> found = RULES.find("config/production.env",
                    List.of(name + "=" + c.random(CredentialCorpus.B62, 32)));
            assertEquals(List.of("generic-secret-assignment"), found.stream().map(CredentialMatch::ruleId).toList(), name);
        }
        String key = c.random(CredentialCorpus.HEX, 32);
        for (String context : List.of("endpoint: https://contoso.OpenAI.Azure.com/",
                "url: https://westeurope.API.Cognitive.Microsoft.com/", "Ocp-Apim-Subscription-Key: set below",
                "COGNITIVE_SERVICES_KEY is set below", "AzureAIKey below", "AZURE-OPENAI deployment")) {
            List<CredentialMatch> found = RULES.only(List.of("azure-openai")).find("config.yaml",
                    List.of(context, "apiKey: '" + key + "'"));
            assertEquals(List.of("azure-openai-key-hex"), found.stream().map(CredentialMatch::ruleId).toList(), context);
        }
    }

    @Test
    void valuesOfTheEnvExampleAreIgnored() {
        CredentialCorpus c = new CredentialCorpus();
        String documented = "re_" + c.random(CredentialCorpus.B58, 8) + "_" + c.random(CredentialCorpus.B58, 24);
        List<String> readme = List.of("RESEND_API_KEY=" + documented);
        assertEquals(1, RULES.find("README.md", readme).size());
        assertEquals(List.of(), RULES.ignoringValues(List.of(documented)).find("README.md", readme));
    }

    @Test
    void aSelectionKeepsOnlyTheNamedProvidersAndRejectsUnknownNames() {
        CredentialRules resendOnly = RULES.only(List.of("resend"));
        assertEquals(List.of("resend-api-key"), resendOnly.ids());
        assertEquals(List.of("azure-openai-key-hex", "azure-openai-key-84"), RULES.only(List.of("azure-openai")).ids());
        assertEquals(RULES.ids(), RULES.only(List.of("all")).ids());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RULES.only(List.of("resnd")));
        assertTrue(e.getMessage().contains("unknown credential rule 'resnd'"), e.getMessage());
    }

    @Test
    void aPrivateKeyEscapedOnOneLineOfJsonIsFound() {
        List<String> pemLines = new ArrayList<>();
        CredentialCorpus corpus = CredentialCorpus.generate();
        pemLines.addAll(corpus.files().get("deploy/tls/server.key"));
        String json = "{\"private_key\": \"" + String.join("\\n", pemLines) + "\\n\"}";
        List<CredentialMatch> found = RULES.find("service-account.json", List.of(json));
        assertEquals(List.of("private-key"), found.stream().map(CredentialMatch::ruleId).toList());
    }

    /**
     * A 1 MB line built to make backtracking regexes explode (long runs of every rule's alphabet after its keyword).
     * The timeout is a hang guard, not a speed claim: the bound is structural (scanned prefix, possessive or bounded
     * quantifiers).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPathologicalOneMegabyteLineIsScannedInBoundedWork() {
        StringBuilder b = new StringBuilder();
        String[] seeds = {"sk-", "re_", "eyJ", "mongodb://", "redis://:", "-----BEGIN ", "JWT_SECRET=", "ntn_", "lsv2_pt_"};
        int i = 0;
        while (b.length() < 1024 * 1024) {
            b.append(seeds[i++ % seeds.length]).append("a".repeat(997)).append(":".repeat(3));
        }
        List<String> lines = List.of(b.toString(), "AZURE_OPENAI_ENDPOINT=https://x.openai.azure.com", b.toString());
        for (int round = 0; round < 3; round++) {
            RULES.find("dist/bundle.min.js", lines);
        }
        assertEquals(List.of(), RULES.find("dist/bundle.min.js", lines));
    }

    /**
     * Random bodies sometimes spell what a placeholder or a hand-made value looks like; these did, in the generated
     * corpus, and were missed before: "xxx" and "yOUr-" inside a random body, an ntn_ token whose 11-digit number
     * counts upwards, a 128-character hex secret holding "345678".
     */
    @Test
    void randomBodiesThatHappenToSpellAPlaceholderPieceAreStillFound() {
        Map<String, String> lines = Map.of(
                "uri-password", "REDIS_URL=redis://default:SJXtjBYsOaRoMKHeZTXxxj7J@redis.internal:6379/0",
                "openai-api-key", "key = \"sk-proj-Lx48rEpl6N6wKJQZpSAdLuRiTWfTwrb9kdZ_fw0itCEAyOUr-L4CRzyXQe5PIyqbR33D23wQvfT3Blbk"
                        + "FJb2e5fotZzUVPpqvOxAoP9gXibqynwwm3hizNmseMvMYz8PGfE2NAvI891WZqyfqT9N3p9AqQ6I\"",
                "notion-token", "auth: \"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\"",
                "generic-secret-assignment", "JWT_ACCESS_SECRET=1f618cc345678a0cd76bf74d74558bb9acdfab7b4eada02f7596eefc0b24a1ed"
                        + "be09f3f182f3ee7f1b4892ba13f284d16a07ca0014d5c0e699f8b4f1139d89cb");
        lines.forEach((rule, line) -> assertEquals(List.of(rule),
                RULES.find("config/app.env", List.of(line)).stream().map(CredentialMatch::ruleId).toList(), line));
    }

    @Test
    void placeholdersOfXsAndYourStayPlaceholders() {
        for (String line : List.of("OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxx",
                "REDIS_URL=redis://default:xxx@redis.internal:6379/0",
                "MONGODB_URI=mongodb+srv://app:your-password-here@cluster0.abcde.mongodb.net/app",
                "RESEND_API_KEY=re_YOUR_API_KEY_GOES_HERE_1234")) {
            assertEquals(List.of(), RULES.find("config/app.env", List.of(line)), line);
        }
    }
}
