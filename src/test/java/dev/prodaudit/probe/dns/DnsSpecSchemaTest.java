package dev.prodaudit.probe.dns;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published schema's {@code dnsProbe} and the loader accept and reject the same {@code type: dns} mappings. */
class DnsSpecSchemaTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile()));
    }

    private static String file(String probe) {
        return """
                section: Mail
                checks:
                  - id: mail.dns
                    title: DNS
                    severity: high
                    rationale: why
                    remediation: how
                    probe: {type: dns%s}
                """.formatted(probe.isEmpty() ? "" : ", " + probe);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(new YAMLMapper().readTree(yaml));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "domain: example.com",
            "records: [spf, dkim, dmarc], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com, dkimSelector: resend",
            "records: dmarc",
            "spfNames: \"{domain}\"",
            "spfNames: [\"send.{domain}\", \"{domain}\", bounces.example.net]",
            "spfInclude: \"ip4:192.0.2.1\"",
            "dkimSelector: s1.sub"})
    void bothAccept(String probe) throws IOException {
        assertEquals(Set.of(), validate(file(probe)));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", file(probe)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "records: [spf, dkm]",
            "records: [SPF]",
            "records: []",
            "spfNames: []",
            "spfNames: ['send .{domain}']",
            "spfInclude: ''",
            "spfInclude: 'a b'",
            "dkimSelector: ''",
            "dkimSelector: .resend",
            "dkimSelector: 'a b'",
            "domain: ''",
            "selector: resend",
            "spfName: x"})
    void bothReject(String probe) throws IOException {
        assertFalse(validate(file(probe)).isEmpty(), "the schema accepted: " + probe);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", file(probe)), "the loader accepted: " + probe);
    }
}
