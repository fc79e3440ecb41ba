package dev.prodaudit.probe.doc;

import dev.prodaudit.input.Durations;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTO and RPO as stated values: the term followed, on its line, by a number with a unit ({@code RTO: 4 hours},
 * {@code RPO <= 15m}, {@code | RPO | 1 h |}). The term alone, or with TBD, TODO or "?", states nothing.
 */
final class RecoveryObjectives {
    static final Term RTO = new Term(Pattern.compile("(?i)\\bRTO\\b|recovery[ -]time[ -]objective"), List.of("rto", "recovery"));
    static final Term RPO = new Term(Pattern.compile("(?i)\\bRPO\\b|recovery[ -]point[ -]objective"), List.of("rpo", "recovery"));
    private static final Pattern ANY_TERM = Pattern.compile(RTO.pattern().pattern() + "|" + RPO.pattern().pattern());
    private static final Pattern VALUE = Pattern.compile(
            "(?i)(\\d+(?:[.,]\\d+)?)\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\\b");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)\\bTBD\\b|\\bTBA\\b|\\bTODO\\b|\\bFIXME\\b|\\?|to be (?:defined|decided|determined|agreed)");

    /**
     * An objective's name as documents write it, and words one of which each mention holds in some letter case: the
     * regex, case-insensitive and tried at every position, runs only on lines holding one (it was most of the time
     * this probe spent on a repository's documentation).
     */
    record Term(Pattern pattern, List<String> words) {
        boolean mayBeIn(String text) {
            return Documents.holdsAny(text, words);
        }
    }

    /** A stated objective: its value and where. */
    record Stated(Duration value, String text, String file, int line) {
    }

    private RecoveryObjectives() {
    }

    /** The first stated value of {@code term}, and the lines naming it without one (as FAIL findings). */
    static Optional<Stated> find(List<Documents.Doc> docs, Term term, String name, List<Finding> unstated) {
        Stated first = null;
        for (Documents.Doc doc : docs) {
            for (Documents.Line line : doc.lines()) {
                if (!term.mayBeIn(line.text())) {
                    continue;
                }
                Matcher m = term.pattern().matcher(line.text());
                while (m.find()) {
                    String segment = segmentAfter(line.text(), m.end());
                    Matcher v = VALUE.matcher(segment);
                    if (v.find()) {
                        if (first == null) {
                            first = new Stated(duration(v.group(1), v.group(2)), v.group().strip(), doc.path(),
                                    line.number());
                        }
                    } else {
                        Matcher p = PLACEHOLDER.matcher(segment);
                        unstated.add(Finding.at(Status.FAIL, doc.path() + ":" + line.number() + " names the " + name
                                + (p.find() ? " as '" + p.group() + "'" : " without a value") + "; expected a time"
                                + " such as '" + name + ": 4 hours'", doc.path(), line.number()));
                    }
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /** The text after a term up to the next RTO/RPO term, so "RTO: 4 h, RPO: 15 min" gives each its own value. */
    private static String segmentAfter(String line, int from) {
        Matcher next = ANY_TERM.matcher(line);
        int end = next.find(from) ? next.start() : line.length();
        return line.substring(from, end);
    }

    static Duration duration(String number, String unit) {
        double n = Double.parseDouble(number.replace(',', '.'));
        String u = unit.toLowerCase(Locale.ROOT);
        long seconds;
        if (u.startsWith("s")) {
            seconds = 1;
        } else if (u.startsWith("m")) {
            seconds = 60;
        } else if (u.startsWith("h")) {
            seconds = 3600;
        } else if (u.startsWith("d")) {
            seconds = 86_400;
        } else {
            seconds = 7 * 86_400;
        }
        return Duration.ofSeconds(Math.round(n * seconds));
    }

    static String show(Duration d) {
        return Durations.format(d);
    }
}
