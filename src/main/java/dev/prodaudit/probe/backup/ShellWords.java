package dev.prodaudit.probe.backup;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell script string split the way {@code sh} splits it, enough to see which programs it runs: words with single
 * and double quotes and backslashes removed, split into simple commands at {@code ;}, {@code &&}, {@code ||},
 * {@code |}, {@code &} and newlines. Expansions ({@code $VAR}, {@code $(...)}) are kept as written, not run.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** The simple commands of {@code script}, each as its words; empty commands are dropped. */
    static List<List<String>> commands(String script) {
        List<List<String>> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'') {
                int close = script.indexOf('\'', i + 1);
                int end = close < 0 ? n : close;
                word.append(script, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < n && script.charAt(i) != '"') {
                    if (script.charAt(i) == '\\' && i + 1 < n && "\"\\$`\n".indexOf(script.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(script.charAt(i));
                    i++;
                }
                inWord = true;
                i++;
            } else if (c == '\\' && i + 1 < n) {
                if (script.charAt(i + 1) != '\n') {
                    word.append(script.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == '#' && !inWord) {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '&' && i > 0 && script.charAt(i - 1) == '>') {
                // "2>&1" and ">&2" are redirections, not separators
                word.append(c);
                inWord = true;
                i++;
            } else if (c == ';' || c == '|' || c == '&' || c == '\n' || c == '(' || c == ')') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (!words.isEmpty()) {
                    out.add(List.copyOf(words));
                }
                words.clear();
                i++;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            out.add(List.copyOf(words));
        }
        return out;
    }

    /**
     * The program a simple command runs: its first word after variable assignments ({@code A=b}) and wrappers that
     * run another command ({@code exec}, {@code nice}, {@code nohup}, {@code time}, {@code env}), without its directory.
     */
    static String program(List<String> command) {
        for (String w : command) {
            if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || w.equals("exec") || w.equals("nice") || w.equals("nohup")
                    || w.equals("time") || w.equals("env") || w.equals("then") || w.equals("do") || w.equals("{")
                    || w.equals("if") || w.equals("!")) {
                continue;
            }
            return w.substring(w.lastIndexOf('/') + 1);
        }
        return "";
    }
}
