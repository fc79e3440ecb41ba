package dev.prodaudit.probe.dns;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Domain names as the audit prints them: lower case, no trailing dot. */
final class DnsNames {
    private DnsNames() {
    }

    static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    static String show(Name name) {
        return normalize(name.toString(true));
    }

    /** An absolute name, or IllegalArgumentException with the reason. */
    static Name absolute(String name) {
        String n = normalize(name);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        try {
            return Name.fromString(n, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
