package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.all.AllProbe;
import dev.prodaudit.probe.all.AllSpec;
import dev.prodaudit.probe.any.AnyProbe;
import dev.prodaudit.probe.any.AnySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The status algebra, checked over every combination of part statuses (all sequences of up to four parts): the
 * specification below is written independently of {@link Status#combine}, and {@link Outcome#from} and
 * {@code type: all} must agree with it, keep every undecided part in the evidence, and gate as README says.
 */
class StatusAlgebraTest {
    private static final List<Status> ALL = List.of(Status.values());

    /** Every sequence of 0..4 part statuses: 1 + 7 + 49 + 343 + 2401 combinations. */
    private static List<List<Status>> combinations() {
        List<List<Status>> out = new ArrayList<>();
        List<List<Status>> level = List.of(List.of());
        out.addAll(level);
        for (int n = 1; n <= 4; n++) {
            List<List<Status>> next = new ArrayList<>();
            for (List<Status> prefix : level) {
                for (Status s : ALL) {
                    List<Status> longer = new ArrayList<>(prefix);
                    longer.add(s);
                    next.add(List.copyOf(longer));
                }
            }
            out.addAll(next);
            level = next;
        }
        return out;
    }

    /** The rule as README states it, spelled out case by case. */
    private static Status expected(List<Status> parts) {
        if (parts.contains(Status.FAIL)) {
            return Status.FAIL;
        }
        if (parts.contains(Status.ERROR)) {
            return Status.ERROR;
        }
        if (parts.contains(Status.WARN)) {
            return Status.WARN;
        }
        if (parts.contains(Status.MANUAL)) {
            return Status.MANUAL;
        }
        if (!parts.isEmpty() && parts.stream().allMatch(s -> s == Status.SKIP)) {
            return Status.SKIP;
        }
        return Status.PASS;
    }

    @Test
    void everyCombinationOfPartsCombinesAsSpecified() {
        List<List<Status>> all = combinations();
        assertEquals(1 + 7 + 49 + 343 + 2401, all.size());
        for (List<Status> parts : all) {
            assertEquals(expected(parts), Status.combine(parts), parts.toString());
        }
    }

    @Test
    void combiningIsCommutativeAssociativeAndOrderFree() {
        for (Status a : ALL) {
            for (Status b : ALL) {
                assertEquals(Status.combine(a, b), Status.combine(b, a), a + "," + b);
                for (Status c : ALL) {
                    assertEquals(Status.combine(Status.combine(a, b), c), Status.combine(a, Status.combine(b, c)), a + "," + b + "," + c);
                    assertEquals(Status.combine(List.of(a, b, c)), Status.combine(Status.combine(a, b), c));
                }
            }
        }
    }

    /** A definite FAIL of any part gates the whole, with or without --allow-errors, whatever the other parts are. */
    @Test
    void aFailOfAnyPartGatesEvenWhenErrorsAreAllowed() {
        for (List<Status> parts : combinations()) {
            Status whole = Status.combine(parts);
            if (parts.contains(Status.FAIL)) {
                assertTrue(whole.gates(true) && whole.gates(false), parts.toString());
            }
            // An ERROR part never disappears into a status that gates less, unless a FAIL outranks it.
            if (parts.contains(Status.ERROR) && !parts.contains(Status.FAIL)) {
                assertEquals(Status.ERROR, whole, parts.toString());
            }
            // --allow-errors only ever releases ERROR.
            assertEquals(whole.gates(false) && whole != Status.ERROR, whole.gates(true), parts.toString());
        }
    }

    @Test
    void outcomeFromFindingsFollowsTheAlgebraAndNamesEveryUndecidedFinding() {
        for (List<Status> parts : combinations()) {
            List<Finding> findings = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                findings.add(Finding.of(parts.get(i), "part " + i + " " + parts.get(i)));
            }
            Outcome o = Outcome.from(findings);
            assertEquals(Status.combine(parts), o.status(), parts.toString());
            assertEquals(parts, o.findings().stream().map(Finding::status).toList());
            for (int i = 0; i < parts.size(); i++) {
                String message = o.findings().get(i).message();
                boolean relabelled = o.status() == Status.FAIL && parts.get(i) == Status.ERROR;
                assertEquals((relabelled ? "undecided: " : "") + "part " + i + " " + parts.get(i), message, parts.toString());
            }
            int errors = (int) parts.stream().filter(s -> s == Status.ERROR).count();
            if (o.status() == Status.FAIL && errors > 0) {
                int first = parts.indexOf(Status.ERROR);
                assertTrue(o.evidence().contains("; undecided: part " + first + " ERROR"), parts + " -> " + o.evidence());
                assertTrue(errors == 1 || o.evidence().contains("(+" + (errors - 1) + " more)"), o.evidence());
            }
        }
    }

    /** {@code type: all} over every combination of two and three children, each a stub probe with a fixed outcome. */
    @Test
    void typeAllFollowsTheAlgebraAndListsEveryChildThatCouldNotDecide() {
        for (List<Status> parts : combinations()) {
            if (parts.size() < 2 || parts.size() > 3) {
                continue;
            }
            List<BoundProbe> children = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Fixed probe = new Fixed("part" + i, new Outcome(parts.get(i), "child " + i + " says " + parts.get(i), List.of()));
                children.add(new BoundProbe(probe.type(), probe, new FixedSpec()));
            }
            Outcome o;
            try (SharedClients clients = new SharedClients()) {
                o = new AllProbe().run(new AllSpec(children),
                        new ProbeContext(Env.empty(), Path.of("."), Targets.none(), Duration.ofSeconds(5), clients));
            }
            Status whole = Status.combine(parts);
            assertEquals(whole, o.status(), parts.toString());
            assertEquals(parts, o.findings().stream().map(Finding::status).toList(), "every child's finding is kept");
            for (int i = 0; i < parts.size(); i++) {
                Status s = parts.get(i);
                if (s == whole) {
                    assertTrue(o.evidence().contains("child " + i + " says " + s), parts + " -> " + o.evidence());
                }
                if (whole == Status.FAIL && s == Status.ERROR) {
                    String undecided = "part" + i + " part undecided: child " + i + " says ERROR";
                    assertTrue(o.evidence().contains(undecided), parts + " -> " + o.evidence());
                    assertEquals(undecided, o.findings().get(i).message(), "the finding says so too, for reports that list findings");
                }
            }
        }
    }

    /**
     * The rule for alternatives ({@code type: any}) as README states it, spelled out case by case: one part that holds
     * is enough; otherwise a part that could not decide might have held.
     */
    private static Status expectedEither(List<Status> parts) {
        if (parts.contains(Status.PASS) || parts.contains(Status.WAIVED)) {
            return Status.PASS;
        }
        if (parts.contains(Status.WARN)) {
            return Status.WARN;
        }
        if (parts.contains(Status.ERROR)) {
            return Status.ERROR;
        }
        if (parts.contains(Status.MANUAL)) {
            return Status.MANUAL;
        }
        if (parts.contains(Status.FAIL) || parts.isEmpty()) {
            return Status.FAIL;
        }
        return Status.SKIP; // every part skipped
    }

    @Test
    void everyCombinationOfAlternativesCombinesAsSpecified() {
        for (List<Status> parts : combinations()) {
            assertEquals(expectedEither(parts), Status.either(parts), parts.toString());
        }
    }

    @Test
    void eitherIsCommutativeAssociativeAndOrderFree() {
        for (Status a : ALL) {
            for (Status b : ALL) {
                assertEquals(Status.either(a, b), Status.either(b, a), a + "," + b);
                for (Status c : ALL) {
                    assertEquals(Status.either(Status.either(a, b), c), Status.either(a, Status.either(b, c)), a + "," + b + "," + c);
                    assertEquals(Status.either(List.of(a, b, c)), Status.either(Status.either(a, b), c));
                }
            }
        }
    }

    /** What an alternative can do to the gate: one that holds releases it; FAIL only when every decided one failed. */
    @Test
    void anAlternativeThatHoldsNeverGatesAndAFailNeedsEveryDecidedAlternativeToFail() {
        for (List<Status> parts : combinations()) {
            Status whole = Status.either(parts);
            if (parts.contains(Status.PASS) || parts.contains(Status.WAIVED)) {
                assertEquals(Status.PASS, whole, parts.toString());
                assertTrue(!whole.gates(false) && !whole.gates(true), parts.toString());
            }
            if (whole == Status.FAIL) {
                assertTrue(parts.stream().allMatch(s -> s == Status.FAIL || s == Status.SKIP), parts.toString());
            }
            // An undecided alternative is never turned into a FAIL by the failure of the others.
            if (parts.contains(Status.ERROR)) {
                assertTrue(whole != Status.FAIL, parts.toString());
            }
        }
    }

    /**
     * {@code type: any} over every combination of two and three alternatives: the status is {@link Status#either} of
     * the alternatives it ran (it stops at the first PASS), the evidence of a PASS is the holding alternative's, and a
     * FAIL names every alternative's failure with its part.
     */
    @Test
    void typeAnyFollowsTheAlgebraAndAFailNamesEveryAlternative() {
        for (List<Status> parts : combinations()) {
            if (parts.size() < 2 || parts.size() > 3) {
                continue;
            }
            List<BoundProbe> children = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Fixed probe = new Fixed("part" + i, new Outcome(parts.get(i), "child " + i + " says " + parts.get(i), List.of()));
                children.add(new BoundProbe(probe.type(), probe, new FixedSpec()));
            }
            Outcome o;
            try (SharedClients clients = new SharedClients()) {
                o = new AnyProbe().run(new AnySpec(children),
                        new ProbeContext(Env.empty(), Path.of("."), Targets.none(), Duration.ofSeconds(5), clients));
            }
            Status whole = Status.either(parts);
            assertEquals(whole, o.status(), parts.toString());
            int firstPass = parts.indexOf(Status.PASS) >= 0 ? parts.indexOf(Status.PASS) : parts.indexOf(Status.WAIVED);
            if (whole == Status.PASS) {
                int holding = firstPass;
                if (parts.indexOf(Status.WAIVED) >= 0 && (holding < 0 || parts.indexOf(Status.WAIVED) < holding)) {
                    holding = parts.indexOf(Status.WAIVED);
                }
                assertEquals("child " + holding + " says " + parts.get(holding), o.evidence(), parts.toString());
                assertTrue(o.findings().stream().noneMatch(f -> f.status() == Status.FAIL || f.status() == Status.ERROR),
                        "a PASS keeps no finding of the alternatives that did not hold: " + parts + " -> " + o.findings());
            }
            if (whole == Status.FAIL) {
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) == Status.FAIL) {
                        assertTrue(o.evidence().contains("part" + i + " part: child " + i + " says FAIL"), parts + " -> " + o.evidence());
                    }
                }
                assertEquals(parts, o.findings().stream().map(Finding::status).toList(), "every alternative's finding is kept");
            }
            if (whole == Status.ERROR) {
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) == Status.ERROR) {
                        assertTrue(o.evidence().contains("part" + i + " part undecided: child " + i + " says ERROR"), parts + " -> " + o.evidence());
                    }
                    if (parts.get(i) == Status.FAIL) {
                        assertTrue(o.evidence().contains("part" + i + " part did not hold: child " + i + " says FAIL"), parts + " -> " + o.evidence());
                    }
                }
            }
            // Whatever the verdict, no finding reads as a failure of the item unless the item failed.
            if (whole != Status.FAIL) {
                assertTrue(o.findings().stream().noneMatch(f -> f.status() == Status.FAIL), parts + " -> " + o.findings());
            }
        }
    }

    /** README's algebra section says what the code does: the precedence line and the gate table. */
    @Test
    void readmeStatesTheSameAlgebra() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<Status> precedence = ALL.stream().filter(s -> s != Status.WAIVED)
                .sorted((a, b) -> a == b ? 0 : Status.combine(a, b) == a ? -1 : 1)
                .toList();
        String line = precedence.stream().map(Status::name).collect(Collectors.joining(" > "));
        assertEquals("FAIL > ERROR > WARN > MANUAL > PASS > SKIP", line);
        assertTrue(readme.contains(line), "README states the precedence " + line);
        List<Status> alternatives = ALL.stream().filter(s -> s != Status.WAIVED)
                .sorted((a, b) -> a == b ? 0 : Status.either(a, b) == a ? -1 : 1)
                .toList();
        String anyLine = alternatives.stream().map(Status::name).collect(Collectors.joining(" > "));
        assertEquals("PASS > WARN > ERROR > MANUAL > FAIL > SKIP", anyLine);
        assertTrue(readme.contains(anyLine), "README states the precedence of 'any' " + anyLine);
        for (Status s : ALL) {
            String row = "| " + s + " | " + (s.gates(false) ? "gates" : "does not gate") + " | "
                    + (s.gates(true) ? "gates" : "does not gate") + " |";
            assertTrue(readme.contains(row), "README's gate table has the row " + row);
        }
    }

    private record FixedSpec() implements ProbeSpec {
    }

    private record Fixed(String type, Outcome outcome) implements Probe<FixedSpec> {
        @Override
        public Class<FixedSpec> specType() {
            return FixedSpec.class;
        }

        @Override
        public Outcome run(FixedSpec spec, ProbeContext ctx) {
            return outcome;
        }
    }
}
