package dev.prodaudit.probe.dns;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Judges a DMARC record (RFC 7489). Pure: the TXT records come from {@link DnsClient}. */
final class Dmarc {
    private Dmarc() {
    }

    /** RFC 7489 §6.4: the first tag is v=DMARC1, the value written exactly so (the tag name is case-insensitive). */
    static boolean isDmarc(String txt) {
        String first = Text.firstTag(txt);
        return first.length() == "v=DMARC1".length() && first.regionMatches(true, 0, "v=", 0, 2)
                && first.substring(2).equals("DMARC1");
    }

    /**
     * @param name      where the records were read ({@code _dmarc.<domain>} or an ancestor's)
     * @param txts      its TXT records, each joined
     * @param forDomain the sender domain; when the record belongs to an ancestor, its sp= (else p=) applies
     */
    static List<Finding> judge(String name, List<String> txts, String forDomain, boolean inherited) {
        List<String> dmarc = txts.stream().filter(Dmarc::isDmarc).toList();
        if (dmarc.isEmpty()) {
            return List.of(Finding.of(Status.FAIL, "no DMARC record at " + name + " ("
                    + txts.size() + " TXT record" + (txts.size() == 1 ? "" : "s") + ", none starts with v=DMARC1)"));
        }
        if (dmarc.size() > 1) {
            return List.of(Finding.of(Status.FAIL, dmarc.size() + " DMARC records at " + name
                    + ": receivers apply no DMARC policy when there is more than one (RFC 7489 §6.6.3); keep one"));
        }
        Map<String, String> tags = Text.tags(dmarc.get(0));
        String where = "DMARC at " + name + (inherited ? " (inherited by " + forDomain + ")" : "");
        List<Finding> out = new ArrayList<>();
        String p = tags.get("p");
        String policyTag = "p";
        if (inherited && tags.containsKey("sp")) {
            p = tags.get("sp");
            policyTag = "sp";
        }
        if (p == null || p.isEmpty()) {
            out.add(Finding.of(Status.FAIL, where + " has no p= policy; write p=quarantine or p=reject"));
        } else {
            switch (p.toLowerCase(Locale.ROOT)) {
                case "reject", "quarantine" -> out.add(Finding.of(Status.PASS, where + ": " + policyTag + "=" + p.toLowerCase(Locale.ROOT)));
                case "none" -> out.add(Finding.of(Status.WARN, where + ": " + policyTag
                        + "=none only monitors: spoofed mail is still delivered; move to p=quarantine, then p=reject"));
                default -> out.add(Finding.of(Status.FAIL, where + ": " + policyTag + "=" + p
                        + " is not none, quarantine or reject"));
            }
        }
        String rua = tags.get("rua");
        if (rua == null || rua.isEmpty()) {
            out.add(Finding.of(Status.PASS, "note: " + where + " has no rua=: nobody receives aggregate reports of mail that fails"));
        } else {
            out.add(Finding.of(Status.PASS, "note: " + where + " sends aggregate reports to " + rua));
        }
        String pct = tags.get("pct");
        if (pct != null) {
            try {
                int n = Integer.parseInt(pct);
                if (n < 100) {
                    out.add(Finding.of(Status.PASS, "note: " + where + " has pct=" + n + ": the policy applies to only "
                            + n + "% of failing mail"));
                }
            } catch (NumberFormatException e) {
                out.add(Finding.of(Status.PASS, "note: " + where + " has pct=" + pct + ", which is not a number (0-100)"));
            }
        }
        return out;
    }
}
