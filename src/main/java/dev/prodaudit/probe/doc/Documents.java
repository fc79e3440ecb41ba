package dev.prodaudit.probe.doc;

import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's documents as a reader sees them, read once per run (shared through the run's clients) and
 * parsed on first use: lines that only ask for something ({@code - [ ] RTO defined}) are dropped, and files that
 * say nothing (zero bytes, {@code .gitkeep}, a copy of a production checklist) are set apart with the reason.
 */
final class Documents {
    private static final long MAX_READ = 2L * 1024 * 1024;
    /** An unticked task-list item: a wish, not a statement. */
    private static final Pattern UNTICKED = Pattern.compile("^\\s*(?:[-*+]|\\d+[.)])\\s+\\[ ]");
    /** A checklist item with a bold title, ticked or not: the shape of a copied production checklist. */
    private static final Pattern CHECKLIST_ITEM = Pattern.compile("^\\s*[-*+]\\s+\\[[ xX]]\\s+\\*\\*[^*]+\\*\\*");
    /** So many titled checklist items make the file a checklist copy: what it ticks is a plan, not evidence. */
    static final int CHECKLIST_COPY_ITEMS = 8;
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    /** One line of a document, 1-based. */
    record Line(int number, String text) {
    }

    /**
     * Whether {@code text} holds one of {@code words} (lower case) in any letter case: the cheap test before a
     * case-insensitive regex whose every match holds one of them.
     */
    static boolean holdsAny(String text, List<String> words) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** A heading and everything under it up to the next heading of the same or a higher level. */
    record Section(String heading, int line, List<Line> lines) {
    }

    /** A readable document: its path and its meaningful lines. */
    record Doc(String path, List<Line> lines) {
        /** The Markdown sections; a file without headings is one section named by its path. */
        List<Section> sections() {
            List<Section> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher h = HEADING.matcher(lines.get(i).text());
                if (!h.matches()) {
                    continue;
                }
                int level = h.group(1).length();
                int end = i + 1;
                while (end < lines.size()) {
                    Matcher next = HEADING.matcher(lines.get(end).text());
                    if (next.matches() && next.group(1).length() <= level) {
                        break;
                    }
                    end++;
                }
                out.add(new Section(h.group(2), lines.get(i).number(), lines.subList(i, end)));
            }
            return out;
        }

        String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** A file that was set apart, and why. */
    record Skipped(String path, String why) {
    }

    /** What the given globs hold: documents that can speak, and files set apart. */
    record Read(List<Doc> docs, List<Skipped> skipped) {
        /** "; skipped: docs/checklist.md (a copy of a checklist)" or empty, for evidence. */
        String skippedNote() {
            List<String> shown = skipped.stream().filter(s -> !s.why().equals("binary or too large"))
                    .limit(3).map(s -> s.path() + " (" + s.why() + ")").toList();
            if (shown.isEmpty()) {
                return "";
            }
            return "; not counted: " + String.join(", ", shown) + (skipped.size() > shown.size() ? ", ..." : "");
        }
    }

    private final Path root;
    private final RepoFiles files;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    private Documents(Path root, RepoFiles files) {
        this.root = root;
        this.files = files;
    }

    /** The run's documents of the repository. */
    static Documents of(ProbeContext ctx) {
        Path root = ctx.repository();
        return ctx.clients().get("documents:" + root.toAbsolutePath(), Documents.class,
                () -> new Documents(root, RepoFiles.of(ctx)));
    }

    /** For tests: the documents of {@code root}, listed now. */
    static Documents scan(Path root) throws IOException {
        return new Documents(root, RepoFiles.scan(root));
    }

    Read read(List<String> globs) {
        List<Doc> docs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String path : files.match(globs)) {
            Object o = parsed.computeIfAbsent(path, this::parse);
            if (o instanceof Doc d) {
                docs.add(d);
            } else {
                skipped.add((Skipped) o);
            }
        }
        return new Read(docs, skipped);
    }

    private Object parse(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals(".gitkeep") || name.equals(".keep")) {
            return new Skipped(path, "a placeholder");
        }
        String text;
        try {
            if (Files.size(root.resolve(path)) == 0) {
                return new Skipped(path, "empty");
            }
            text = RepoFiles.readText(root.resolve(path), MAX_READ);
        } catch (IOException e) {
            return new Skipped(path, "unreadable: " + e.getMessage());
        }
        if (text == null) {
            return new Skipped(path, "binary or too large");
        }
        List<Line> lines = new ArrayList<>();
        int checklistItems = 0;
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            if (CHECKLIST_ITEM.matcher(line).find()) {
                checklistItems++;
            }
            if (!UNTICKED.matcher(line).find()) {
                lines.add(new Line(number, line));
            }
        }
        if (checklistItems >= CHECKLIST_COPY_ITEMS) {
            return new Skipped(path, "a copy of a checklist (" + checklistItems + " checklist items)");
        }
        if (lines.stream().allMatch(l -> l.text().isBlank())) {
            return new Skipped(path, "nothing but unticked checklist lines or blanks");
        }
        return new Doc(path, List.copyOf(lines));
    }
}
