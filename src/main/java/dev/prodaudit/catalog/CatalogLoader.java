package dev.prodaudit.catalog;

import dev.prodaudit.input.YamlDocument;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.BundledFiles;
import dev.prodaudit.input.BoundedReader;
import dev.prodaudit.input.InputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SpecBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Loads catalogue YAML files into {@link Check}s, binding each probe mapping to its probe's spec record.
 * Every problem is an {@link InputException} at {@code file:line:col}; loading stops at the first one.
 */
public final class CatalogLoader {
    /** The value of {@code --catalogue} that names the catalogue shipped in the jar. */
    public static final String BUILTIN = "builtin";
    private static final String BUILTIN_RESOURCE = "prodaudit/checks";

    private final ProbeRegistry probes;
    private final Path base;
    /** Which checks get their probe parameters bound; null: all of them. */
    private final Predicate<Check> binds;

    /** A loader that reads relative catalogue paths against the process's working directory. */
    public CatalogLoader(ProbeRegistry probes) {
        this(probes, Path.of("").toAbsolutePath());
    }

    /** A loader that reads relative catalogue paths against {@code base} and names them as written. */
    public CatalogLoader(ProbeRegistry probes, Path base) {
        this(probes, base, null);
    }

    private CatalogLoader(ProbeRegistry probes, Path base, Predicate<Check> binds) {
        this.probes = probes;
        this.base = base;
        this.binds = binds;
    }

    /**
     * This loader, binding the probe parameters of only the checks {@code which} accepts: those a run selects with
     * {@code --only} and {@code --skip}. Every other check is read and checked as before (its file, its definition,
     * its id among all the others, its probe type, its attestation rule) and keeps {@link Check#NOT_BOUND}: binding
     * the parameters of checks a run leaves out was most of the time a one-check run spent before its check.
     */
    public CatalogLoader bindingOnly(Predicate<Check> which) {
        return new CatalogLoader(probes, base, which);
    }

    /** Loads the given sources in order: {@code builtin}, a YAML file, or a folder of them (sorted by name). */
    public Catalog load(List<String> sources) throws InputException {
        return bind(read(base, sources));
    }

    /**
     * The catalogue's files read and parsed, in order, up to the first that cannot be (a missing file, a YAML
     * error): the part of loading that needs no probe, which an audit runs on a thread of its own (see AuditSetup).
     *
     * @param files the files read and parsed before the first error
     * @param error that error, or null; {@link #bind} throws it after binding {@code files}, where loading the
     *              files one by one would have met it
     */
    public record ReadCatalogue(List<ParsedFile> files, InputException error) {
    }

    /** A catalogue file's name as shown in messages, and its parsed document. */
    public record ParsedFile(String name, YamlDocument doc) {
    }

    /** Reads and parses {@code sources} (paths relative to {@code base}); never throws: see {@link ReadCatalogue}. */
    public static ReadCatalogue read(Path base, List<String> sources) {
        List<ParsedFile> parsed = new ArrayList<>();
        try {
            for (String source : sources) {
                for (NamedText file : read(base, source)) {
                    parsed.add(new ParsedFile(file.name(), YamlDocument.parse(file.name(), file.text())));
                }
            }
        } catch (InputException e) {
            return new ReadCatalogue(parsed, e);
        }
        return new ReadCatalogue(parsed, null);
    }

    /** Binds the checks of the files read, in order; then throws the error that stopped the reading, if any. */
    public Catalog bind(ReadCatalogue read) throws InputException {
        List<Check> checks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, IdAt> seen = new HashMap<>();
        for (ParsedFile file : read.files()) {
            names.add(file.name());
            checks.addAll(bindFile(file.doc(), seen));
        }
        if (read.error() != null) {
            throw read.error();
        }
        return new Catalog(checks, names);
    }

    /** A catalogue file's name as shown in messages, and its text. */
    public record NamedText(String name, String text) {
    }

    private static List<NamedText> read(Path base, String source) throws InputException {
        if (source.equals(BUILTIN)) {
            return readBuiltin();
        }
        Path path = base.resolve(source);
        try {
            if (Files.isDirectory(path)) {
                List<NamedText> out = new ArrayList<>();
                try (Stream<Path> files = Files.list(path)) {
                    for (Path p : files.filter(CatalogLoader::isYaml).sorted().toList()) {
                        String name = source.endsWith("/") ? source + p.getFileName() : source + "/" + p.getFileName();
                        out.add(new NamedText(name, BoundedReader.standard().read(p, name)));
                    }
                }
                if (out.isEmpty()) {
                    throw new InputException(source, "no .yaml or .yml files in this folder", "point --catalogue at a catalogue file or folder");
                }
                return out;
            }
            return List.of(new NamedText(source, BoundedReader.standard().read(path, source)));
        } catch (NoSuchFileException e) {
            throw new InputException(source, "catalogue not found",
                    "pass an existing file or folder, or 'builtin' for the default catalogue");
        } catch (IOException e) {
            throw new InputException(source, "cannot read catalogue: " + e.getMessage(), null);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    /** The catalogue packaged in the jar (or, in development, on the class path as a folder): its YAML files. */
    private static List<NamedText> readBuiltin() throws InputException {
        List<BundledFiles.Bundled> files;
        try {
            files = BundledFiles.under(BUILTIN_RESOURCE).orElseThrow(() -> new InputException(BUILTIN,
                    "the built-in catalogue is missing from this build", "rebuild with ./mvnw package"));
        } catch (IOException e) {
            throw new InputException(BUILTIN, "cannot read the built-in catalogue: " + e.getMessage(), null);
        }
        List<NamedText> out = new ArrayList<>();
        for (BundledFiles.Bundled file : files) {
            if (file.path().indexOf('/') < 0 && (file.path().endsWith(".yaml") || file.path().endsWith(".yml"))) {
                out.add(new NamedText("builtin:checks/" + file.path(), new String(file.bytes(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Parses one catalogue file. */
    public List<Check> parseFile(String name, String text) throws InputException {
        return bindFile(YamlDocument.parse(name, text), new HashMap<>());
    }

    /** {@code seen} maps the ids loaded so far to where they are; a repeated id is an error at its value. */
    private List<Check> bindFile(YamlDocument doc, Map<String, IdAt> seen) throws InputException {
        Binder.Locator locator = Binder.Locator.of(doc);
        if (!doc.root().isObject()) {
            throw new InputException(doc.locate(""), "a catalogue file is a mapping with 'section' and 'checks'",
                    "start the file with 'section: <name>' and 'checks:'");
        }
        // The checks are bound one by one below, from the document's own tree: binding the whole file would first
        // copy every check into the record's list (a second tree of a large catalogue, all of it garbage).
        JsonNode checks = doc.root().get("checks");
        JsonNode top = checks != null && checks.isArray()
                ? shallowCopy(doc.root(), "checks", JsonNodeFactory.instance.arrayNode()) : doc.root();
        CatalogueFile file = Binder.bind(top, CatalogueFile.class, "", locator);
        if (file.section() == null || file.section().isBlank()) {
            throw new InputException(doc.locate(""), "missing required key 'section'", "name the checklist section this file covers");
        }
        if (file.checks() == null) {
            throw new InputException(doc.locate(""), "missing required key 'checks'", "list the checks under 'checks:'");
        }
        List<Check> out = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            Check c = parseCheck(doc, locator, file.section(), checks.get(i), "/checks/" + i);
            String at = "/checks/" + i + "/id";
            IdAt previous = seen.putIfAbsent(c.id(), new IdAt(doc, at));
            if (previous != null) {
                throw new InputException(doc.locateValue(at), "duplicate check id '" + c.id() + "'",
                        "already defined at " + previous.where() + "; ids must be unique across catalogues");
            }
            out.add(c);
        }
        return out;
    }

    /** Where an id was first defined, placed only when another check repeats it (placing each cost 1 in 30 of a load). */
    private record IdAt(YamlDocument doc, String path) {
        String where() {
            return doc.locateValue(path);
        }
    }

    private Check parseCheck(YamlDocument doc, Binder.Locator locator, String section, JsonNode node, String path)
            throws InputException {
        if (node == null || !node.isObject()) {
            throw new InputException(doc.locateValue(path), "a check is a mapping", "start each check with '- id: ...'");
        }
        // The probe mapping is bound by its probe below, from the tree itself: the record would hold a copy of it.
        JsonNode probeNode = node.get("probe");
        CheckDefinition def = CheckDefinition.readPlain(node).orElse(null);
        if (def == null) {
            JsonNode definition = probeNode != null && !probeNode.isNull()
                    ? shallowCopy(node, "probe", JsonNodeFactory.instance.objectNode()) : node;
            def = Binder.bind(definition, CheckDefinition.class, path, locator);
        }
        requireText(doc, path, "id", def.id());
        if (!validId(def.id())) {
            throw new InputException(doc.locateValue(path + "/id"), "invalid check id '" + def.id() + "'",
                    "use lowercase words joined by '-' with a section prefix, e.g. security.jwt-secrets");
        }
        requireText(doc, path, "title", def.title());
        requireText(doc, path, "severity", def.severity());
        requireText(doc, path, "rationale", def.rationale());
        requireText(doc, path, "remediation", def.remediation());
        Severity severity;
        try {
            severity = Severity.parse(def.severity());
        } catch (IllegalArgumentException e) {
            throw new InputException(doc.locateValue(path + "/severity"), e.getMessage(), null);
        }
        if (probeNode == null || probeNode.isNull()) {
            throw new InputException(doc.locate(path), "missing required key 'probe'",
                    "add 'probe: {type: manual}' if nothing can check this item automatically");
        }
        BoundProbe bound = binds == null ? bindProbe(probeNode, path + "/probe", locator)
                : new BoundProbe(probeNode.path("type").asText(), probeOf(probeNode, path + "/probe", locator), Check.NOT_BOUND);
        String source = doc.locateLine(path + "/id");
        Check check = new Check(def.id(), def.title(), section, def.subsection(), severity, def.rationale().strip(),
                def.remediation().strip(), def.tags(), bound.type(), bound.spec(), probeNode,
                def.timeout() == null ? null : def.timeout().duration(), true, source,
                attestationRule(doc, path, def, bound), bound.probe());
        return binds == null || !binds.test(check) ? check
                : check.withSpec(bindProbe(probeNode, path + "/probe", locator).spec());
    }

    /**
     * {@code attestation:}: only manual checks are attested, and attestations run from day to day, so
     * {@code maxAge} is a whole number of days (at least one).
     */
    private static AttestationRule attestationRule(YamlDocument doc, String path, CheckDefinition def, BoundProbe bound)
            throws InputException {
        CheckDefinition.AttestationDefinition a = def.attestation();
        if (a == null) {
            return AttestationRule.NONE;
        }
        if (!bound.probe().attestable()) {
            throw new InputException(doc.locate(path + "/attestation"), "'attestation' applies only to manual checks",
                    "this check is decided by its " + bound.type() + " probe; remove 'attestation'");
        }
        Integer days = null;
        if (a.maxAge() != null) {
            java.time.Duration age = a.maxAge().duration();
            if (age.isNegative() || age.toDays() < 1 || !age.equals(java.time.Duration.ofDays(age.toDays()))) {
                throw new InputException(doc.locateValue(path + "/attestation/maxAge"),
                        "'maxAge' must be a whole number of days, at least 1d (got " + a.maxAge().text() + ")",
                        "attestations are dated by the day, e.g. maxAge: 92d for a quarterly drill, 1d for a per-release item");
            }
            days = Math.toIntExact(Math.min(age.toDays(), Integer.MAX_VALUE));
        }
        return new AttestationRule(days, Boolean.TRUE.equals(a.perRelease()));
    }

    private static void requireText(YamlDocument doc, String path, String key, String value) throws InputException {
        if (value == null || value.isBlank()) {
            throw new InputException(doc.locate(path), "check is missing required key '" + key + "'", null);
        }
    }

    /** Binds a {@code probe:} mapping: finds the probe by {@code type}, then binds the rest to its spec record. */
    public BoundProbe bindProbe(JsonNode probeNode, String path, Binder.Locator locator) throws InputException {
        Probe<?> probe = probeOf(probeNode, path, locator);
        // The spec binders only read: the parameters share the document's values instead of copying them.
        ObjectNode params = shallowCopy(probeNode, "type", null);
        return new BoundProbe(probeNode.get("type").asText(), probe, bindSpec(probe, params, path, locator));
    }

    /** The probe a {@code probe:} mapping names by its {@code type}. */
    private Probe<?> probeOf(JsonNode probeNode, String path, Binder.Locator locator) throws InputException {
        if (!probeNode.isObject()) {
            throw new InputException(locator.locate(path, true), "'probe' must be a mapping with a 'type'", null);
        }
        JsonNode typeNode = probeNode.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InputException(locator.locate(path, false), "probe is missing 'type'",
                    "one of: " + String.join(", ", probes.types()));
        }
        String type = typeNode.asText();
        Probe<?> probe = probes.find(type).orElse(null);
        if (probe == null) {
            String near = Binder.closest(type, probes.types());
            throw new InputException(locator.locate(path + "/type", true), "unknown probe type '" + type + "'",
                    (near != null ? "did you mean '" + near + "'? " : "") + "known types: " + String.join(", ", probes.types()));
        }
        return probe;
    }

    /**
     * A mapping with the same entries (the values themselves, not copies) except {@code key}: replaced by
     * {@code replacement}, or left out when that is null.
     */
    private static ObjectNode shallowCopy(JsonNode mapping, String key, JsonNode replacement) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        mapping.properties().forEach(e -> {
            if (!e.getKey().equals(key)) {
                copy.set(e.getKey(), e.getValue());
            } else if (replacement != null) {
                copy.set(key, replacement);
            }
        });
        return copy;
    }

    private <S extends ProbeSpec> S bindSpec(Probe<S> probe, ObjectNode params, String path, Binder.Locator locator)
            throws InputException {
        return probe.bind(params, path, new LocatedBinder(locator));
    }

    /** The loader's side of {@link Probe#bind}: strict records, nested probes, and errors at {@code file:line:col}. */
    private final class LocatedBinder implements SpecBinder<InputException> {
        private final Binder.Locator locator;

        LocatedBinder(Binder.Locator locator) {
            this.locator = locator;
        }

        @Override
        public <T> T record(JsonNode params, Class<T> type, String path) throws InputException {
            return Binder.bind(params, type, path, locator);
        }

        @Override
        public BoundProbe probe(JsonNode probeNode, String path) throws InputException {
            return bindProbe(probeNode, path, locator);
        }

        @Override
        public InputException keyError(String path, String message, String hint) {
            return new InputException(locator.locate(path, false), message, hint);
        }

        @Override
        public InputException valueError(String path, String message, String hint) {
            return new InputException(locator.locate(path, true), message, hint);
        }
    }

    /**
     * Whether {@code id} is two or more parts joined by '.', each a lowercase letter or digit followed by lowercase
     * letters, digits and '-': the regular expression {@code ^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$}, which
     * {@code CatalogLoaderTest} holds this equal to, tested without a matcher per check.
     */
    static boolean validId(String id) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '.' && partLength > 0) {
                dots++;
                partLength = 0;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && partLength > 0) {
                partLength++;
            } else {
                return false;
            }
        }
        return dots > 0 && partLength > 0;
    }
}
