package dev.prodaudit.probe.dns;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges the SPF record at one name (RFC 7208). Pure: the TXT records come from {@link DnsClient}. */
final class Spf {
    private Spf() {
    }

    /** RFC 7208 §4.5: the record starts with "v=spf1" (case-insensitive), then a space or the end. */
    static boolean isSpf(String txt) {
        String t = txt.stripLeading();
        return t.regionMatches(true, 0, "v=spf1", 0, 6) && (t.length() == 6 || t.charAt(6) == ' ');
    }

    /**
     * @param name         the name the records were read at (as shown)
     * @param txts         its TXT records, each joined
     * @param requiredTerm a term that must be present before {@code all}, e.g. {@code include:amazonses.com}; or null
     */
    static List<Finding> judge(String name, List<String> txts, String requiredTerm) {
        List<String> spf = txts.stream().filter(Spf::isSpf).toList();
        if (spf.isEmpty()) {
            return List.of(Finding.of(Status.FAIL, "no SPF record at " + name
                    + (txts.isEmpty() ? " (no TXT records)" : " (" + txts.size() + " TXT record" + (txts.size() == 1 ? "" : "s")
                    + ", none starts with v=spf1)")));
        }
        if (spf.size() > 1) {
            return List.of(Finding.of(Status.FAIL, spf.size() + " SPF records at " + name
                    + ": receivers must treat more than one as a PermError (RFC 7208 §4.5), so SPF fails for all mail; merge them into one"));
        }
        String record = spf.get(0).strip();
        String[] terms = record.split("\\s+");
        int allAt = -1;
        char allQualifier = 0;
        String redirect = null;
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i].toLowerCase(Locale.ROOT);
            char q = qualifier(term);
            String mechanism = q == 0 ? term : term.substring(1);
            if (mechanism.equals("all") && allAt < 0) {
                allAt = i;
                allQualifier = q == 0 ? '+' : q;
            } else if (term.startsWith("redirect=")) {
                redirect = terms[i].substring("redirect=".length());
            }
        }
        String shown = "SPF at " + name + " (" + Text.clip(record, 160) + ")";
        List<Finding> out = new ArrayList<>();
        if (allAt >= 0) {
            switch (allQualifier) {
                case '+' -> out.add(Finding.of(Status.FAIL, shown + " ends in +all: every server on the internet may send as the domain; end it with ~all or -all"));
                case '?' -> out.add(Finding.of(Status.FAIL, shown + " ends in ?all (neutral): mail from any server is neither passed nor failed; end it with ~all or -all"));
                default -> out.add(Finding.of(Status.PASS, shown + " ends in " + allQualifier + "all"));
            }
        } else if (redirect != null) {
            out.add(Finding.of(Status.WARN, shown + " hands its policy to redirect=" + redirect
                    + ", which this audit does not follow; check that record's all mechanism by hand"));
        } else {
            out.add(Finding.of(Status.FAIL, shown + " has no all mechanism: mail from unlisted servers gets a neutral result, as with ?all; end it with ~all or -all"));
        }
        if (requiredTerm != null) {
            out.add(checkRequired(name, terms, allAt, requiredTerm));
        }
        return out;
    }

    private static Finding checkRequired(String name, String[] terms, int allAt, String required) {
        String display = required.startsWith("include:") ? required.substring("include:".length()) : required;
        for (int i = 1; i < terms.length; i++) {
            String term = normalizeTerm(terms[i]);
            char q = qualifier(term);
            String mechanism = q == 0 ? term : term.substring(1);
            if (!mechanism.equals(required)) {
                continue;
            }
            if (allAt >= 0 && i > allAt) {
                return Finding.of(Status.FAIL, "SPF at " + name + " lists " + required + " after all, where it is never evaluated; move it before all");
            }
            if (q != 0 && q != '+') {
                return Finding.of(Status.FAIL, "SPF at " + name + " lists " + q + required + ", which does not authorise "
                        + display + "; write " + required);
            }
            return Finding.of(Status.PASS, "SPF at " + name + " includes " + display);
        }
        return Finding.of(Status.FAIL, "SPF at " + name + " does not include " + display + " (" + required
                + "): mail sent through it fails SPF; add " + required + " before the all mechanism");
    }

    private static char qualifier(String term) {
        char c = term.isEmpty() ? 0 : term.charAt(0);
        return c == '+' || c == '-' || c == '~' || c == '?' ? c : 0;
    }

    /** Lower case, and a trailing dot dropped from a domain-spec (include:amazonses.com. names the same domain). */
    private static String normalizeTerm(String term) {
        String t = term.toLowerCase(Locale.ROOT);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
