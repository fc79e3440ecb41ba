package dev.prodaudit.repo.docker;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Dockerfile: its stages, with the image each starts FROM after global {@code ARG} substitution, and what
 * each stage runs as and how it checks its health. A stage FROM an earlier stage inherits that stage's user and
 * health check; otherwise the base image's default user applies ({@link BaseImages}).
 */
public final class Dockerfile {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private final String path;
    private final List<Stage> stages;

    /** One {@code FROM} and the instructions up to the next. */
    public record Stage(int index, String name, String base, String baseWritten, int line, List<Instruction> instructions,
                        String unresolved) {
    }

    private Dockerfile(String path, List<Stage> stages) {
        this.path = path;
        this.stages = List.copyOf(stages);
    }

    /** Whether {@code text} reads as a Dockerfile: its first instruction other than ARG is FROM. */
    public static boolean looksLikeDockerfile(List<Instruction> instructions) {
        for (Instruction in : instructions) {
            if (!in.is("ARG")) {
                return in.is("FROM");
            }
        }
        return false;
    }

    public static Dockerfile parse(String path, String text) {
        List<Instruction> all = DockerfileParser.parse(text);
        Map<String, String> globalArgs = new HashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        Instruction from = null;
        for (Instruction in : all) {
            if (in.is("FROM")) {
                if (from != null) {
                    stages.add(stage(stages.size(), from, current, globalArgs));
                }
                from = in;
                current = new ArrayList<>();
            } else if (from == null) {
                if (in.is("ARG")) {
                    declare(in.arguments(), globalArgs);
                }
            } else {
                current.add(in);
            }
        }
        if (from != null) {
            stages.add(stage(stages.size(), from, current, globalArgs));
        }
        return new Dockerfile(path, stages);
    }

    /** {@code ARG NAME=value} (or several); an ARG without a value is declared but unknown (null). */
    private static void declare(String args, Map<String, String> into) {
        for (String part : args.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                into.putIfAbsent(part, null);
            } else {
                into.put(part.substring(0, eq), unquote(part.substring(eq + 1)));
            }
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Stage stage(int index, Instruction from, List<Instruction> body, Map<String, String> args) {
        List<String> words = new ArrayList<>();
        for (String w : from.arguments().trim().split("\\s+")) {
            if (!w.startsWith("--")) {
                words.add(w);
            }
        }
        String written = words.isEmpty() ? "" : words.get(0);
        String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2).toLowerCase(Locale.ROOT) : null;
        StringBuilder missing = new StringBuilder();
        String base = substitute(written, args, missing);
        return new Stage(index, name, base, written, from.line(), body, missing.length() == 0 ? null : missing.toString());
    }

    /** Replaces {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${NAME:+alt}}; names the unknown. */
    static String substitute(String text, Map<String, String> vars, StringBuilder unknown) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(4);
            String op = m.group(2);
            String word = m.group(3);
            String value = vars.get(name);
            boolean set = value != null && !(op != null && op.startsWith(":") && value.isEmpty());
            String replacement;
            if ("-".equals(op) || ":-".equals(op)) {
                replacement = set ? value : word;
            } else if ("+".equals(op) || ":+".equals(op)) {
                replacement = set ? word : "";
            } else if (value != null) {
                replacement = value;
            } else {
                if (unknown.length() > 0) {
                    unknown.append(", ");
                }
                unknown.append(name);
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String path() {
        return path;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The stage a build without {@code --target} produces: the last. */
    public Optional<Stage> finalStage() {
        return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
    }

    /** A stage by its {@code AS} name (case-insensitive), for Compose's {@code build.target}. */
    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equalsIgnoreCase(s.name())).findFirst();
    }

    /** The earlier stage a stage is built FROM, if its base names one. */
    private Optional<Stage> parent(Stage s) {
        for (Stage earlier : stages.subList(0, s.index())) {
            if (earlier.name() != null && earlier.name().equalsIgnoreCase(s.base())) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    private Location at(int line) {
        return Location.of(path, line);
    }

    /** The user {@code s} runs as: its last USER, else its parent stage's, else the base image's default. */
    public Setting<String> user(Stage s) {
        for (int i = s.instructions().size() - 1; i >= 0; i--) {
            Instruction in = s.instructions().get(i);
            if (in.is("USER")) {
                String user = in.arguments().trim();
                if (user.contains("$")) {
                    return Setting.undecided("USER " + user + " depends on a build argument or variable", at(in.line()));
                }
                return Setting.stated(user, at(in.line()));
            }
        }
        Optional<Stage> parent = parent(s);
        if (parent.isPresent()) {
            return user(parent.get());
        }
        if (s.unresolved() != null) {
            return Setting.undecided("FROM " + s.baseWritten() + " depends on " + s.unresolved()
                    + ", which has no default", at(s.line()));
        }
        Optional<String> nonRoot = BaseImages.nonRootDefault(s.base());
        return nonRoot.<Setting<String>>map(u -> new Setting.Defaulted<>(u, s.base() + " runs as " + u + " by default",
                        at(s.line())))
                .orElseGet(() -> new Setting.Defaulted<>("root", "no USER, and " + s.base()
                        + " runs as root by default", at(s.line())));
    }

    /** Whether {@code user} (as USER or Compose {@code user:} writes it) is root: {@code root}, {@code 0}, {@code 0:0}. */
    public static boolean isRoot(String user) {
        String name = user.trim();
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equals("root") || name.matches("0+");
    }

    public Setting<Boolean> nonRoot(Stage s) {
        return nonRootOf(user(s));
    }

    /** Non-root-ness follows the user: stated, defaulted or undecided alike. */
    public static Setting<Boolean> nonRootOf(Setting<String> user) {
        if (user instanceof Setting.Stated<String> st) {
            return Setting.stated(!isRoot(st.value()), st.at());
        }
        if (user instanceof Setting.Defaulted<String> d) {
            return new Setting.Defaulted<>(!isRoot(d.value()), d.reason(), d.at());
        }
        if (user instanceof Setting.Undecided<String> u) {
            return Setting.undecided(u.why(), u.at());
        }
        return Setting.missing(user.at());
    }

    /** The last HEALTHCHECK of {@code s} (NONE disables it), else its parent stage's; else none. */
    public Setting<Workload.Health> health(Stage s) {
        for (int i = s.instructions().size() - 1; i >= 0; i--) {
            Instruction in = s.instructions().get(i);
            if (in.is("HEALTHCHECK")) {
                String args = in.arguments().trim();
                if (args.equalsIgnoreCase("NONE")) {
                    return Setting.missing(at(in.line()));
                }
                return Setting.stated(new Workload.Health(true, true, "HEALTHCHECK " + args), at(in.line()));
            }
        }
        Optional<Stage> parent = parent(s);
        return parent.isPresent() ? health(parent.get()) : Setting.missing(at(s.line()));
    }

    /** The workload this Dockerfile builds: its final stage, judged for user and health (limits and logs are the runtime's). */
    public Optional<Workload> workload() {
        return finalStage().map(s -> new Workload(path, Workload.Kind.DOCKERFILE, at(s.line()), s.base(), false, List.of(),
                user(s), nonRoot(s), null, health(s), null, path));
    }
}
