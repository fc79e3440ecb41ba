package dev.prodaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.BoundedReader;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code audit.attestations.yaml} (and the {@code waivers:} of audit.yaml) as strictly as the
 * catalogue: unknown keys, missing or empty required values, dates that are not {@code yyyy-mm-dd},
 * unknown check ids and attestations of automatic checks are {@link InputException}s at file:line:col; so are
 * an attestation dated in the future, one whose {@code expires} is further from its {@code date} than the
 * check's {@code attestation.maxAge}, and one of a per-release check that does not name its {@code release:}.
 *
 * <pre>
 * attestations:
 *   - check: backup.restore-tested
 *     by: alice@example.com
 *     date: 2026-10-02
 *     evidence: https://wiki.example.com/ops/restore-drill-2026-10
 *     expires: 2027-01-02
 *   - check: deploy.smoke-tests
 *     by: carol@example.com
 *     date: 2026-11-30
 *     evidence: https://ci.example.com/smoke/4711
 *     expires: 2026-12-01
 *     release: v1.4.0                # a tag, branch or commit; counts only for that release
 * waivers:
 *   - check: security.rate-limiting
 *     justification: lands with the API gateway migration (OPS-231)
 *     by: bob@example.com
 *     expires: 2026-12-15
 * </pre>
 */
public final class AttestationsLoader {
    /** Looked for next to audit.yaml (or in the working directory) when nothing names a file. */
    public static final String DEFAULT_NAME = "audit.attestations.yaml";
    private static final String DATE_HINT = "write dates as yyyy-mm-dd, e.g. 2026-12-31";

    /** The top level of the file. */
    private record FileShape(Integer version, JsonNode attestations, JsonNode waivers) {
    }

    /** One attestation as written; dates are read by hand for clearer messages. */
    private record AttestationEntry(String check, String by, JsonNode date, String evidence, JsonNode expires,
                                    JsonNode release) {
    }

    /** One waiver as written. */
    private record WaiverEntry(String check, String justification, String by, JsonNode expires) {
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final LocalDate today;

    /**
     * @param catalogue every check of the catalogue (not only those selected for the run)
     * @param today     the latest date an attestation may carry
     */
    public AttestationsLoader(List<Check> catalogue, LocalDate today) {
        catalogue.forEach(c -> checks.put(c.id(), c));
        this.today = today;
    }

    /** Dated against {@link #latestToday()}. */
    public AttestationsLoader(List<Check> catalogue) {
        this(catalogue, latestToday());
    }

    /**
     * Today's date where it is latest (UTC+14): an attestation written this morning in Auckland is not
     * "in the future" for a CI runner in UTC, but a date no time zone has reached yet is.
     */
    public static LocalDate latestToday() {
        return LocalDate.now(java.time.ZoneOffset.ofHours(14));
    }

    /**
     * Reads an attestations file.
     *
     * @param shown what messages call the file (relative to the working directory when inside it)
     */
    public Attestations readFile(Path file, String shown) throws InputException {
        String text;
        try {
            text = BoundedReader.standard().read(file, shown);
        } catch (NoSuchFileException e) {
            throw new InputException(shown, "attestations file not found",
                    "check the path given with --attestations or 'attestations:' in audit.yaml");
        } catch (IOException e) {
            throw new InputException(shown, "cannot read attestations file: " + e.getMessage(), null);
        }
        return parse(shown, text);
    }

    /** Parses the text of an attestations file; {@code shown} is what messages call it. */
    public Attestations parse(String shown, String text) throws InputException {
        YamlDocument doc = YamlDocument.parse(shown, text);
        JsonNode root = doc.root();
        if (root.isNull() || root.isMissingNode()) {
            return new Attestations(shown, List.of(), List.of());
        }
        if (!root.isObject()) {
            throw new InputException(doc.locate(""), "an attestations file must be a mapping with 'attestations:' and 'waivers:' lists",
                    "see README.md, 'Attestations and waivers'");
        }
        FileShape shape = Binder.bind(root, FileShape.class, "", Binder.Locator.of(doc));
        if (shape.version() != null && shape.version() != 1) {
            throw new InputException(doc.locateValue("/version"), "unsupported attestations file version " + shape.version(),
                    "this prodaudit reads version 1");
        }
        List<Attestation> attestations = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String path : items(doc, "/attestations")) {
            Attestation a = attestation(doc, path);
            duplicate(doc, path, "attestation", a.check(), a.location(), seen);
            attestations.add(a);
        }
        List<Waiver> waivers = readWaivers(doc, "/waivers");
        return new Attestations(shown, attestations, waivers);
    }

    /**
     * Reads a {@code waivers:} list at {@code path} of {@code doc} (audit.yaml uses this for its own
     * {@code waivers:} key). A document without that key has none.
     */
    public List<Waiver> readWaivers(YamlDocument doc, String path) throws InputException {
        List<Waiver> waivers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String item : items(doc, path)) {
            Waiver w = waiver(doc, item);
            duplicate(doc, item, "waiver", w.check(), w.location(), seen);
            waivers.add(w);
        }
        return waivers;
    }

    /** Both sources together; one check may have one waiver, wherever it is written. */
    public static Attestations merge(Attestations file, List<Waiver> fromConfig) throws InputException {
        if (fromConfig.isEmpty()) {
            return file;
        }
        List<Waiver> all = new ArrayList<>(file.waivers());
        for (Waiver w : fromConfig) {
            for (Waiver other : file.waivers()) {
                if (other.check().equals(w.check())) {
                    throw new InputException(w.location(), "a second waiver for '" + w.check() + "' (the other is at "
                            + other.location() + ")", "keep one waiver per check");
                }
            }
            all.add(w);
        }
        return new Attestations(file.source(), file.attestations(), all);
    }

    private static List<String> items(YamlDocument doc, String path) throws InputException {
        JsonNode list = doc.root().at(path);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        String key = path.substring(path.lastIndexOf('/') + 1);
        if (!list.isArray()) {
            throw new InputException(doc.locateValue(path), "'" + key + "' must be a list",
                    "start each entry with '- check: <id>'");
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                throw new InputException(doc.locateValue(path + "/" + i), "each entry of '" + key + "' must be a mapping",
                        "start each entry with '- check: <id>'");
            }
            paths.add(path + "/" + i);
        }
        return paths;
    }

    private Attestation attestation(YamlDocument doc, String path) throws InputException {
        AttestationEntry e = Binder.bind(doc.root().at(path), AttestationEntry.class, path, Binder.Locator.of(doc));
        String hint = "an attestation needs check, by, date, evidence and expires";
        String check = required(doc, path, "check", e.check(), "attestation", hint);
        Check c = known(doc, path, check);
        if (!c.attestable()) {
            throw new InputException(doc.locateValue(path + "/check"), "'" + check + "' is checked automatically (probe "
                    + c.probeType() + "); only manual checks can be attested",
                    "to accept a failing automatic check for a while, add a waiver under 'waivers:' instead");
        }
        String by = required(doc, path, "by", e.by(), "attestation", hint);
        LocalDate date = date(doc, path, "attestation", "date", e.date(), hint);
        String evidence = required(doc, path, "evidence", e.evidence(), "attestation", hint);
        LocalDate expires = date(doc, path, "attestation", "expires", e.expires(), hint);
        if (date.isAfter(today)) {
            throw new InputException(doc.locateValue(path + "/date"), "'date' (" + date + ") is in the future",
                    "write the day the check was verified, today (" + today + ") at the latest");
        }
        if (expires.isBefore(date)) {
            throw new InputException(doc.locateValue(path + "/expires"), "'expires' (" + expires + ") is before 'date' (" + date + ")",
                    "an attestation expires after the day it was made");
        }
        Integer maxAge = c.attestation().maxAgeDays();
        long days = java.time.temporal.ChronoUnit.DAYS.between(date, expires);
        if (maxAge != null && days > maxAge) {
            throw new InputException(doc.locateValue(path + "/expires"), "'expires' (" + expires + ") is " + days
                    + " days after 'date' (" + date + "); " + check + " allows at most " + maxAge + (maxAge == 1 ? " day" : " days")
                    + " (attestation.maxAge in the catalogue)",
                    "verify it again sooner: expires " + date.plusDays(maxAge) + " at the latest");
        }
        String release = release(doc, path, e.release());
        if (release == null && c.attestation().perRelease()) {
            throw new InputException(doc.locate(path), "attestation of '" + check + "' without 'release'",
                    check + " is verified per release: add 'release: <tag, branch or commit>' naming the release it was verified on");
        }
        return new Attestation(check, by.strip(), date, evidence.strip(), expires, doc.locate(path + "/check"), release);
    }

    /** {@code release:} is text: a tag, branch or commit id. */
    private static String release(YamlDocument doc, String path, JsonNode value) throws InputException {
        if (value == null || value.isNull()) {
            if (doc.root().at(path).has("release")) {
                throw new InputException(doc.locate(path + "/release"), "'release' is empty",
                        "name the tag, branch or commit it was verified on, or leave the key out");
            }
            return null;
        }
        String where = doc.locateValue(path + "/release");
        if (value.isNumber()) {
            // 0123456 would reach us as the octal number 42798: quoting is the only safe way to write it.
            throw new InputException(where, "'release' is a number; a commit id made of digits must be quoted",
                    "e.g. release: '" + value.asText() + "'");
        }
        if (!value.isTextual()) {
            throw new InputException(where, "'release' must be a tag, branch or commit id", "e.g. release: v1.4.0");
        }
        String text = value.asText().strip();
        if (text.isEmpty() || text.startsWith("-") || text.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
            throw new InputException(where, "'release' is not a tag, branch or commit id: '" + value.asText() + "'",
                    "e.g. release: v1.4.0 or release: 5d6e7f8");
        }
        return text;
    }

    private Waiver waiver(YamlDocument doc, String path) throws InputException {
        WaiverEntry e = Binder.bind(doc.root().at(path), WaiverEntry.class, path, Binder.Locator.of(doc));
        String hint = "a waiver needs check, justification and expires (by is optional)";
        String check = required(doc, path, "check", e.check(), "waiver", hint);
        known(doc, path, check);
        String justification = required(doc, path, "justification", e.justification(), "waiver",
                "say why the risk is accepted and what will fix it, e.g. a ticket");
        if (e.by() != null && e.by().isBlank()) {
            throw new InputException(doc.locateValue(path + "/by"), "'by' is empty", "name who accepted the risk, or leave the key out");
        }
        LocalDate expires = date(doc, path, "waiver", "expires", e.expires(), "a waiver must expire; " + DATE_HINT);
        return new Waiver(check, justification.strip(), e.by() == null ? null : e.by().strip(), expires, doc.locate(path + "/check"));
    }

    private static String required(YamlDocument doc, String path, String key, String value, String what, String hint)
            throws InputException {
        if (value == null) {
            throw missing(doc, path, what, key, hint);
        }
        if (value.isBlank()) {
            throw new InputException(doc.locateValue(path + "/" + key), "'" + key + "' is empty", hint);
        }
        return value.strip();
    }

    /** A key left out points at the entry; a key written without a value points at the key. */
    private static InputException missing(YamlDocument doc, String path, String what, String key, String hint) {
        if (doc.root().at(path).has(key)) {
            return new InputException(doc.locate(path + "/" + key), "'" + key + "' is empty", hint);
        }
        return new InputException(doc.locate(path), what + " without '" + key + "'", hint);
    }

    private Check known(YamlDocument doc, String path, String id) throws InputException {
        Check c = checks.get(id);
        if (c == null) {
            String near = Binder.closest(id, checks.keySet());
            throw new InputException(doc.locateValue(path + "/check"), "no check with id '" + id + "' in the catalogue",
                    near != null ? "did you mean '" + near + "'?" : "run 'audit list' to see the ids");
        }
        return c;
    }

    private static LocalDate date(YamlDocument doc, String path, String what, String key, JsonNode value, String hint)
            throws InputException {
        if (value == null || value.isNull()) {
            throw missing(doc, path, what, key, hint);
        }
        String where = doc.locateValue(path + "/" + key);
        if (!value.isTextual()) {
            throw new InputException(where, "'" + key + "' must be a date written yyyy-mm-dd", DATE_HINT);
        }
        try {
            return LocalDate.parse(value.asText().strip());
        } catch (DateTimeParseException ex) {
            throw new InputException(where, "'" + key + "' is not a date: '" + value.asText() + "'", DATE_HINT);
        }
    }

    private static void duplicate(YamlDocument doc, String path, String what, String check, String location,
                                  Map<String, String> seen) throws InputException {
        String first = seen.putIfAbsent(check, location);
        if (first != null) {
            throw new InputException(doc.locateValue(path + "/check"), "a second " + what + " for '" + check
                    + "' (the first is at " + first + ")", "keep one " + what + " per check");
        }
    }
}
