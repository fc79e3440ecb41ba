package dev.prodaudit.repo.kube;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The values of scalars SnakeYAML's resolver has typed (YAML 1.1: {@code yes}/{@code on} are booleans, {@code 0755}
 * is octal, {@code 1_000} and {@code 1:30} are integers), computed as SnakeYAML's SafeConstructor would, without
 * loading it and everything it brings.
 */
final class YamlScalars {
    private YamlScalars() {
    }

    /** A text the resolver typed as a boolean: yes, true and on (any of their three cases) are true. */
    static Boolean bool(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.equals("yes") || t.equals("true") || t.equals("on");
    }

    /** A text the resolver typed as an integer, as a Long, or a BigInteger when it does not fit. */
    static Number integer(String text) {
        String t = text.replace("_", "");
        int sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        BigInteger value;
        if (t.contains(":")) {
            value = BigInteger.ZERO;
            for (String digit : t.split(":")) {
                value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
            }
        } else if (t.startsWith("0b")) {
            value = new BigInteger(t.substring(2), 2);
        } else if (t.startsWith("0x")) {
            value = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0") && t.length() > 1) {
            value = new BigInteger(t.substring(1), 8);
        } else {
            value = new BigInteger(t);
        }
        value = sign < 0 ? value.negate() : value;
        return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    /** A text the resolver typed as a float: {@code .inf}, {@code .nan}, {@code 1_000.5}, {@code 1:30.5}, {@code 6.8e+5}. */
    static Double floating(String text) {
        String t = text.replace("_", "").toLowerCase(Locale.ROOT);
        double sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        if (t.equals(".inf")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        if (t.contains(":")) {
            double value = 0;
            for (String digit : t.split(":")) {
                value = value * 60 + Double.parseDouble(digit);
            }
            return sign * value;
        }
        return sign * Double.parseDouble(t);
    }
}
