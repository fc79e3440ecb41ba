package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published schema's {@code tlsProbe} and the loader accept and reject the same {@code type: tls} probes. */
class TlsSpecSchemaTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile()));
    }

    private static String file(String probe) {
        return """
                section: S
                checks:
                  - id: s.tls
                    title: T
                    severity: high
                    rationale: R
                    remediation: M
                    probe: {type: tls%s}
                """.formatted(probe.isEmpty() ? "" : ", " + probe);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "",
        "require: [TLSv1.3], forbid: [TLSv1, TLSv1.1]",
        "require: TLSv1.2, forbid: TLSv1.0",
        "require: [], forbid: []",
        "endpoints: [api.example.com:443, 'app.example.com:8443']",
        "endpoints: api.example.com:443",
        "warnDays: 45, failDays: 7, minRsaBits: 3072"})
    void bothAccept(String probe) throws IOException {
        assertEquals(Set.of(), schema.validate(new YAMLMapper().readTree(file(probe))));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", file(probe)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "require: [TLSv1.4]",
        "forbid: [SSLv3]",
        "require: tls1.3",
        "warnDays: -1",
        "failDays: 2.5",
        "minRsaBits: 256",
        "endpoints: ['']",
        "endpoint: [a:1]",
        "verify: by hand"})
    void bothReject(String probe) throws IOException {
        assertFalse(schema.validate(new YAMLMapper().readTree(file(probe))).isEmpty(), "the schema accepted: " + probe);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", file(probe)), "the loader accepted: " + probe);
    }
}
