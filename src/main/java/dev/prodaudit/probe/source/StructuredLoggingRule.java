package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code require: structuredLogging}: the logger the API and each BullMQ worker load writes JSON when NODE_ENV is
 * production. winston's {@code createLogger} writes JSON by default and with {@code format.json()} (or
 * {@code logstash()}), however it is spelled ({@code winston.format.json()}, {@code format.combine(...)},
 * {@code const { json } = format}); a {@code simple()}, {@code prettyPrint()}, {@code colorize()}, {@code cli()} or
 * text {@code printf()} format production takes fails. pino writes JSON unless a {@code pino-pretty} transport (or
 * {@code prettyPrint}) is left unguarded by NODE_ENV; bunyan writes JSON. console.log alone fails.
 */
final class StructuredLoggingRule implements SourceRule {
    private static final Set<String> WINSTON_PACKAGES = Set.of("winston", "logform");
    private static final Set<String> JSON_FORMATS = Set.of("json", "logstash");
    private static final Set<String> TEXT_FORMATS = Set.of("simple", "prettyPrint", "colorize", "cli", "printf");

    @Override
    public String name() {
        return "structuredLogging";
    }

    @Override
    public String explains() {
        return "The logger the API (the module creating the express() app) and each BullMQ worker load must write JSON"
                + " when NODE_ENV is production: winston createLogger with format.json() (its default) and no simple,"
                + " prettyPrint, colorize, cli or text printf format chosen in production; pino without a pino-pretty"
                + " transport outside a NODE_ENV guard; or bunyan. console.log alone fails.";
    }

    /** A logger construction: which library, where, in which module. */
    private record Logger(String library, Module module, Node call) {
        String describe() {
            return (library.equals("pino") ? "pino()" : library + " createLogger") + " at " + call.where();
        }
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        EntryPoints entryPoints = EntryPoints.of(code);
        List<EntryPoints.Entry> entries = new ArrayList<>(entryPoints.apis(code.express()));
        List<EntryPoints.Entry> workers = entryPoints.workers();
        entries.addAll(workers);
        List<Finding> out = new ArrayList<>();
        NodeEnv nodeEnv = new NodeEnv(code.resolver());
        List<Logger> loggers = loggers(code);
        if (entries.isEmpty()) {
            out.add(Finding.of(Status.ERROR, "no express() app or BullMQ Worker found in the sources: the API and"
                    + " worker entry points cannot be told"));
            for (Logger l : loggers) {
                out.add(judge(code, nodeEnv, l, "a module"));
            }
            return out;
        }
        Map<Node, Finding> judged = new LinkedHashMap<>();
        for (EntryPoints.Entry entry : entries) {
            List<Logger> used = loggers.stream().filter(l -> entry.loads(l.module())
                    && !nodeEnv.skippedInProduction(l.module(), l.call(), null)).toList();
            if (used.isEmpty()) {
                out.add(noLogger(entry));
                continue;
            }
            for (Logger l : used) {
                judged.computeIfAbsent(l.call(), k -> judge(code, nodeEnv, l, entry.describe()));
            }
        }
        out.addAll(judged.values());
        // a note, after the findings that decide
        if (workers.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no BullMQ Worker in the sources: the API is judged alone"));
        }
        return out;
    }

    private static Finding noLogger(EntryPoints.Entry entry) {
        for (Module m : entry.reachable()) {
            List<Node> console = m.root().find(n -> n.is("call_expression") && n.child("function") != null
                    && n.child("function").text().matches("console\\s*\\.\\s*(log|info|warn|error|debug)"));
            if (!console.isEmpty()) {
                return Finding.at(Status.FAIL, entry.describe() + " creates no winston, pino or bunyan logger; it logs"
                        + " with console." + console.get(0).child("function").child("property").text() + " ("
                        + console.get(0).where() + "), plain text", console.get(0).tree().path(), console.get(0).line());
            }
        }
        return Finding.at(Status.FAIL, entry.describe() + " creates no winston, pino or bunyan logger in the modules it"
                + " loads", entry.module().path(), 1);
    }

    /** Every logger construction of the code, in modules that import a logging library. */
    private static List<Logger> loggers(SourceCode code) {
        List<Logger> out = new ArrayList<>();
        for (Module m : code.index().modules().values()) {
            if (!m.usesPackage("winston") && !m.usesPackage("pino") && !m.usesPackage("bunyan")) {
                continue;
            }
            for (Node call : m.root().find("call_expression")) {
                if (code.resolver().resolve(m, call.child("function")) instanceof Resolver.Origin.FromPackage p) {
                    String library = switch (p.packageName()) {
                        case "winston" -> p.name().equals("createLogger") ? "winston" : null;
                        case "pino" -> p.isMain() || p.name().equals("pino") ? "pino" : null;
                        case "bunyan" -> p.name().equals("createLogger") ? "bunyan" : null;
                        default -> null;
                    };
                    if (library != null) {
                        out.add(new Logger(library, m, call));
                    }
                }
            }
        }
        return out;
    }

    private static Finding judge(SourceCode code, NodeEnv nodeEnv, Logger logger, String user) {
        return switch (logger.library()) {
            case "bunyan" -> finding(Status.PASS, logger, logger.describe() + " (used by " + user
                    + ") writes JSON (bunyan's only output)");
            case "pino" -> pino(nodeEnv, logger, user);
            default -> winston(code, nodeEnv, logger, user);
        };
    }

    private static Finding pino(NodeEnv nodeEnv, Logger logger, String user) {
        Node args = logger.call().child("arguments");
        String guarded = null;
        for (Node arg : args == null ? List.<Node>of() : args.namedChildren()) {
            for (NodeEnv.Located n : nodeEnv.productionNodes(logger.module(), arg)) {
                if (isPretty(n.node())) {
                    return finding(Status.FAIL, logger, logger.describe() + " (used by " + user + ") writes"
                            + " pino-pretty text when NODE_ENV is production (" + n.node().where() + ")");
                }
            }
            for (NodeEnv.Located n : nodeEnv.allNodes(logger.module(), arg)) {
                guarded = isPretty(n.node()) ? n.node().where() : guarded;
            }
        }
        return finding(Status.PASS, logger, logger.describe() + " (used by " + user + ") writes JSON lines"
                + (guarded == null ? "" : "; pino-pretty (" + guarded + ") only outside production"));
    }

    /** {@code 'pino-pretty'} as a transport target, or {@code prettyPrint: <not false>}. */
    private static boolean isPretty(Node n) {
        if (n.is("string") && n.text().length() > 2 && n.text().substring(1, n.text().length() - 1).equals("pino-pretty")) {
            return true;
        }
        return n.is("pair") && n.child("key") != null && n.child("key").text().equals("prettyPrint")
                && n.child("value") != null && !n.child("value").is("false");
    }

    private static Finding winston(SourceCode code, NodeEnv nodeEnv, Logger logger, String user) {
        Node options = first(logger.call());
        List<NodeEnv.Located> nodes = options == null ? List.of() : nodeEnv.productionNodes(logger.module(), options);
        String json = null;
        String custom = null;
        for (NodeEnv.Located n : nodes) {
            if (!n.node().is("call_expression")) {
                continue;
            }
            Resolver.Origin origin = code.resolver().resolve(n.module(), n.node().child("function"));
            if (!(origin instanceof Resolver.Origin.FromPackage p) || !WINSTON_PACKAGES.contains(p.packageName())
                    || !p.members().isEmpty() && p.members().get(0).equals("transports")) {
                continue;
            }
            String format = p.name();
            if (TEXT_FORMATS.contains(format) && !(format.equals("printf") && n.node().text().contains("JSON.stringify"))) {
                return finding(Status.FAIL, logger, logger.describe() + " (used by " + user + ") formats with "
                        + "format." + format + "() (" + n.node().where() + ") when NODE_ENV is production, not JSON");
            }
            if (JSON_FORMATS.contains(format) || format.equals("printf")) {
                json = json == null ? "format." + format + "() at " + n.node().where() : json;
            } else if (format.equals("format")) {
                custom = n.node().where();
            }
        }
        boolean formatGiven = nodes.stream().anyMatch(n -> n.node().is("pair") && n.node().child("key") != null
                && n.node().child("key").text().equals("format"));
        if (json != null) {
            return finding(Status.PASS, logger, logger.describe() + " (used by " + user + ") writes JSON (" + json + ")");
        }
        if (!formatGiven && (options == null || options.is("object"))) {
            return finding(Status.PASS, logger, logger.describe() + " (used by " + user + ") sets no format: winston's"
                    + " default is format.json()");
        }
        return finding(Status.WARN, logger, logger.describe() + " (used by " + user + ") uses a format the audit"
                + " cannot tell is JSON" + (custom == null ? "" : " (a custom format at " + custom + ")"));
    }

    private static Node first(Node call) {
        Node args = call.child("arguments");
        return args == null || args.namedChildren().isEmpty() ? null : args.namedChildren().get(0);
    }

    private static Finding finding(Status status, Logger logger, String message) {
        return Finding.at(status, message, logger.call().tree().path(), logger.call().line());
    }
}
