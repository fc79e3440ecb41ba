package dev.prodaudit.promql;

import java.util.Set;

/** The binary operators of PromQL and their precedence, lowest first, as generated_parser.y declares them. */
final class Operators {
    static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");
    static final Set<String> SET = Set.of("and", "or", "unless");

    private Operators() {
    }

    /** 1 = or, 2 = and unless, 3 = comparisons, 4 = + -, 5 = * / % atan2, 6 = ^; 0 when not a binary operator. */
    static int precedence(String op) {
        return switch (op) {
            case "or" -> 1;
            case "and", "unless" -> 2;
            case "==", "!=", ">", "<", ">=", "<=" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%", "atan2" -> 5;
            case "^" -> 6;
            default -> 0;
        };
    }

    /** The level a unary operator's operand is parsed at: above * (so -a*b is (-a)*b) and below ^ (-a^b is -(a^b)). */
    static final int UNARY = 6;

    static boolean rightAssociative(String op) {
        return op.equals("^");
    }
}
