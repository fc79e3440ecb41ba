package dev.prodaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.catalog.AttestationRule;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.manual.ManualSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a probe test needs, in one place: a spec bound from YAML exactly as a catalogue binds it, a {@link Check}
 * around a spec, and a {@link ProbeContext}.
 *
 * <pre>{@code
 * EnvSpec spec = ProbeKit.spec(EnvProbe.class, "vars: {JWT_SECRET: {minLength: 32}}");
 * Check check = ProbeKit.check("security.jwt").spec(spec).severity(Severity.CRITICAL).build();
 * ProbeContext ctx = ProbeKit.context().env(".env", "JWT_SECRET=changeme").repository(dir).clients(clients).build();
 * }</pre>
 */
public final class ProbeKit {
    private static final ProbeRegistry PROBES = ProbeRegistry.load();
    private static final CatalogLoader LOADER = new CatalogLoader(PROBES);

    private ProbeKit() {
    }

    /** The probes on the class path, as the catalogue loader and the runner see them. */
    public static ProbeRegistry probes() {
        return PROBES;
    }

    /** The registered probe of this class. */
    public static <P extends Probe<?>> P probe(Class<P> probeClass) {
        for (String type : PROBES.types()) {
            Probe<?> probe = PROBES.find(type).orElseThrow();
            if (probeClass.isInstance(probe)) {
                return probeClass.cast(probe);
            }
        }
        throw new IllegalArgumentException(probeClass.getSimpleName() + " is not registered in META-INF/services");
    }

    /**
     * Binds {@code probe: {type: <the probe's type>, <params>}} through the catalogue loader, as a catalogue file
     * would: {@code params} is the rest of the mapping in YAML, one line of flow pairs
     * ({@code "vars: {A: {minLength: 3}}, distinct: [[A, B]]"}), several lines of block style, or empty. A mistake is the loader's {@link InputException}, located in {@code t.yaml}.
     */
    public static <S extends ProbeSpec, P extends Probe<S>> S spec(Class<P> probeClass, String params) throws InputException {
        P probe = probe(probeClass);
        return probe.specType().cast(loaded(probe.type(), params).spec());
    }

    /**
     * The check a catalogue file with this one probe mapping loads to (see {@link #spec}); its id is
     * {@code test.<type>}. For a test of how a check is loaded rather than how its probe decides.
     */
    public static Check loaded(String type, String params) throws InputException {
        // One line stays on the probe's line as flow ("paths: [a], exists: true"); several form a block.
        String probe = params.isBlank() ? "{type: " + type + "}"
                : params.strip().lines().count() == 1 ? "{type: " + type + ", " + params.strip() + "}"
                : "\n      type: " + type + params.lines().map(l -> "      " + l).collect(Collectors.joining("\n", "\n", ""));
        String yaml = """
                section: Test
                checks:
                  - id: test.%s
                    title: %s check
                    severity: high
                    rationale: because
                    remediation: fix it
                    probe: %s
                """.formatted(type, type, probe);
        List<Check> checks = LOADER.parseFile("t.yaml", yaml);
        if (checks.size() != 1) {
            throw new IllegalStateException("expected one check from " + yaml);
        }
        return checks.get(0);
    }

    /** A check with this id and neutral texts (section "Section", severity high, a manual probe) to adjust. */
    public static CheckBuilder check(String id) {
        return new CheckBuilder(id);
    }

    /** A context with no environment, the working directory as repository, no targets and a 5 s budget. */
    public static ContextBuilder context() {
        return new ContextBuilder();
    }

    /** An environment made of one env file with these lines, e.g. {@code env(".env", "A=1", "B=2")}. */
    public static Env env(String fileName, String... lines) {
        String text = lines.length == 0 ? "" : String.join("\n", lines) + "\n";
        return Env.of(List.of(EnvFile.parse(Path.of(fileName), text)), Map.of(), Set.of(), List.of());
    }

    /** Builds a {@link Check} without spelling out all its components; unset ones take neutral values. */
    public static final class CheckBuilder {
        private final String id;
        private String title;
        private String section = "Section";
        private String subsection;
        private Severity severity = Severity.HIGH;
        private String rationale = "why";
        private String remediation = "fix";
        private List<String> tags = List.of();
        private String probeType = "manual";
        private ProbeSpec spec = new ManualSpec(null);
        private Probe<?> probe = PROBES.find("manual").orElse(null);
        private JsonNode probeNode;
        private Duration timeout;
        private boolean enabled = true;
        private String source = "test.yaml:1";
        private AttestationRule attestation = AttestationRule.NONE;

        private CheckBuilder(String id) {
            this.id = id;
            this.title = "Title of " + id;
        }

        /** The spec, decided by the registered probe whose spec type it is. */
        public CheckBuilder spec(ProbeSpec spec) {
            for (String type : PROBES.types()) {
                Probe<?> candidate = PROBES.find(type).orElseThrow();
                if (candidate.specType().isInstance(spec)) {
                    return probe(candidate, spec);
                }
            }
            throw new IllegalArgumentException("no registered probe takes a " + spec.getClass().getSimpleName());
        }

        /** The spec and the probe that decides it (a probe of the test's own, say, that is not registered). */
        public CheckBuilder probe(Probe<?> probe, ProbeSpec spec) {
            this.probe = probe;
            this.probeType = probe.type();
            this.spec = spec;
            return this;
        }

        /**
         * A type named as data (a fixture's JSON), with the registered probe of that type if there is one, and the
         * spec as given.
         */
        public CheckBuilder type(String type, ProbeSpec spec) {
            this.probe = PROBES.find(type).orElse(null);
            this.probeType = type;
            this.spec = spec;
            return this;
        }

        public CheckBuilder title(String title) {
            this.title = title;
            return this;
        }

        public CheckBuilder section(String section) {
            this.section = section;
            return this;
        }

        public CheckBuilder subsection(String subsection) {
            this.subsection = subsection;
            return this;
        }

        public CheckBuilder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public CheckBuilder rationale(String rationale) {
            this.rationale = rationale;
            return this;
        }

        public CheckBuilder remediation(String remediation) {
            this.remediation = remediation;
            return this;
        }

        public CheckBuilder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public CheckBuilder probeNode(JsonNode probeNode) {
            this.probeNode = probeNode;
            return this;
        }

        public CheckBuilder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public CheckBuilder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public CheckBuilder source(String source) {
            this.source = source;
            return this;
        }

        public CheckBuilder attestation(AttestationRule attestation) {
            this.attestation = attestation;
            return this;
        }

        /** Everything but the id and the probe taken from an existing check. */
        public CheckBuilder like(Check template) {
            this.title = template.title();
            this.section = template.section();
            this.subsection = template.subsection();
            this.severity = template.severity();
            this.rationale = template.rationale();
            this.remediation = template.remediation();
            this.tags = template.tags();
            this.probeType = template.probeType();
            this.spec = template.spec();
            this.probe = template.probe();
            this.probeNode = template.probeNode();
            this.timeout = template.timeout();
            this.enabled = template.enabled();
            this.source = template.source();
            this.attestation = template.attestation();
            return this;
        }

        public Check build() {
            return new Check(id, title, section, subsection, severity, rationale, remediation, tags, probeType, spec,
                    probeNode, timeout, enabled, source, attestation, probe);
        }
    }

    /** Builds a {@link ProbeContext}; unset parts are empty, the budget is 5 s, and clients are fresh. */
    public static final class ContextBuilder {
        private Env env = Env.empty();
        private Path repository = Path.of(".");
        private Targets targets = Targets.none();
        private Duration timeout = Duration.ofSeconds(5);
        private SharedClients clients;

        private ContextBuilder() {
        }

        public ContextBuilder env(Env env) {
            this.env = env;
            return this;
        }

        /** One env file with these lines (see {@link ProbeKit#env}). */
        public ContextBuilder env(String fileName, String... lines) {
            return env(ProbeKit.env(fileName, lines));
        }

        public ContextBuilder repository(Path repository) {
            this.repository = repository;
            return this;
        }

        public ContextBuilder targets(Targets targets) {
            this.targets = targets;
            return this;
        }

        public ContextBuilder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The run's shared clients; the caller closes them. Without this, the context gets new ones. */
        public ContextBuilder clients(SharedClients clients) {
            this.clients = clients;
            return this;
        }

        public ProbeContext build() {
            return new ProbeContext(env, repository, targets, timeout, clients == null ? new SharedClients() : clients);
        }
    }
}
