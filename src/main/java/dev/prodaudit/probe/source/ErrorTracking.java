package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code require: errorTracking}: an error-tracking SDK is initialised in the modules the API and each BullMQ worker
 * load (or preload from the start script): {@code Sentry.init} (any {@code @sentry/*} server SDK), {@code new Rollbar}
 * / {@code Rollbar.init}, {@code Bugsnag.start}, dd-trace's {@code init()} (or {@code dd-trace/init}) and
 * {@code Honeybadger.configure}. A DSN in the env file without the SDK initialised tracks nothing. For Sentry the API
 * also needs its Express error handler wired, or errors Express catches are never reported.
 */
final class ErrorTracking implements SourceRule {
    /** Env variables that configure an SDK, by the SDK they belong to. */
    private static final Map<String, String> CONFIGURED_BY = Map.of("SENTRY_DSN", "Sentry.init",
            "ROLLBAR_ACCESS_TOKEN", "new Rollbar", "BUGSNAG_API_KEY", "Bugsnag.start",
            "HONEYBADGER_API_KEY", "Honeybadger.configure", "DD_API_KEY", "dd-trace init()");
    private static final String SDKS = "Sentry.init, new Rollbar, Bugsnag.start, dd-trace init() or"
            + " Honeybadger.configure";

    @Override
    public String name() {
        return "errorTracking";
    }

    @Override
    public String explains() {
        return "An error-tracking SDK must be initialised in the modules the API (the module creating the express()"
                + " app, from its package.json start file) and each BullMQ worker load: " + SDKS + "; a DSN in the env"
                + " file alone FAILs. With Sentry, the API should also wire Sentry.setupExpressErrorHandler(app) (or"
                + " Sentry.Handlers.errorHandler()), else WARN.";
    }

    /** An SDK initialisation: the SDK call as written, where. */
    private record Init(String sdk, Module module, Node at) {
        String describe() {
            return sdk + " at " + at.where();
        }
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        EntryPoints entryPoints = EntryPoints.of(code);
        List<EntryPoints.Entry> apis = entryPoints.apis(code.express());
        List<EntryPoints.Entry> workers = entryPoints.workers();
        List<Init> inits = inits(code);
        List<Finding> out = new ArrayList<>();
        if (apis.isEmpty() && workers.isEmpty()) {
            out.add(Finding.of(Status.ERROR, "no express() app or BullMQ Worker found in the sources: the entry points"
                    + " that must initialise error tracking cannot be told"
                    + (inits.isEmpty() ? "" : "; found " + inits.get(0).describe())));
            return out;
        }
        NodeEnv nodeEnv = new NodeEnv(code.resolver());
        List<EntryPoints.Entry> entries = new ArrayList<>(apis);
        entries.addAll(workers);
        for (EntryPoints.Entry entry : entries) {
            List<Init> own = inits.stream().filter(i -> entry.loads(i.module())
                    && !nodeEnv.skippedInProduction(i.module(), i.at(), null)).toList();
            List<String> preloaded = entry.preloadedPackages().stream().filter(p -> p.equals("dd-trace/init")).toList();
            if (!preloaded.isEmpty()) {
                out.add(Finding.at(Status.PASS, entry.describe() + " preloads dd-trace/init from its start script",
                        entry.module().path(), 1));
                continue;
            }
            if (own.isEmpty()) {
                out.add(missing(code, entry, inits));
                continue;
            }
            Init init = own.get(0);
            Finding disabled = disabled(code, init, entry);
            out.add(disabled != null ? disabled : Finding.at(Status.PASS, entry.describe() + " initialises error"
                    + " tracking: " + init.describe(), init.at().tree().path(), init.at().line()));
            if (entry.kind().equals("API") && init.sdk().equals("Sentry.init")) {
                out.add(expressWiring(code, entry));
            }
        }
        // a note, after the findings that decide
        if (workers.isEmpty()) {
            out.add(Finding.of(Status.PASS, "no BullMQ Worker in the sources: the API is judged alone"));
        }
        return out;
    }

    private static Finding missing(SourceCode code, EntryPoints.Entry entry, List<Init> inits) {
        String configured = CONFIGURED_BY.keySet().stream().sorted()
                .filter(v -> code.env() != null && code.env().get(v).filter(s -> !s.isBlank()).isPresent())
                .map(v -> v + " is set but no " + CONFIGURED_BY.get(v) + " runs in " + entry.describe())
                .collect(Collectors.joining("; "));
        String elsewhere = inits.isEmpty() ? "" : "; " + inits.get(0).describe() + " is not loaded by it";
        String message = configured.isEmpty()
                ? entry.describe() + " initialises no error tracking (" + SDKS + ") in the modules it loads" + elsewhere
                : configured + elsewhere;
        return Finding.at(Status.FAIL, message, entry.module().path(), 1);
    }

    /** {@code Sentry.init({ enabled: false })} (or a production value of false): initialised, reporting nothing. */
    private static Finding disabled(SourceCode code, Init init, EntryPoints.Entry entry) {
        Node call = init.at();
        Node args = call.child("arguments");
        if (!call.is("call_expression") || args == null || args.namedChildren().isEmpty()
                || !args.namedChildren().get(0).is("object")) {
            return null;
        }
        for (Node pair : args.namedChildren().get(0).namedChildren()) {
            if (pair.is("pair") && pair.child("key") != null && pair.child("key").text().equals("enabled")) {
                java.util.Optional<Boolean> enabled = new NodeEnv(code.resolver())
                        .inProduction(init.module(), pair.child("value"));
                if (enabled.isEmpty()) {
                    enabled = code.production(init.module(), pair.child("value")).truthy();
                }
                if (enabled.equals(java.util.Optional.of(false))) {
                    return Finding.at(Status.FAIL, entry.describe() + " runs " + init.describe() + " with enabled: "
                            + pair.child("value").text() + " (" + pair.where() + "), which is false in production",
                            pair.tree().path(), pair.line());
                }
            }
        }
        return null;
    }

    /** Sentry's Express error handler, or an error handler of the app's own that captures the error. */
    private static Finding expressWiring(SourceCode code, EntryPoints.Entry entry) {
        for (Module m : entry.reachable()) {
            if (m.specifiers().stream().noneMatch(s -> s.startsWith("@sentry/"))) {
                continue;
            }
            for (Node call : m.root().find("call_expression")) {
                if (!(code.resolver().resolve(m, call.child("function")) instanceof Resolver.Origin.FromPackage p)
                        || !p.packageName().startsWith("@sentry/")) {
                    continue;
                }
                boolean wired = p.name().equals("setupExpressErrorHandler")
                        || p.name().equals("errorHandler") && p.members().contains("Handlers")
                        || p.name().equals("expressErrorHandler")
                        || p.name().equals("captureException") && inErrorHandler(call);
                if (wired) {
                    return Finding.at(Status.PASS, entry.describe() + " reports errors Express handles: "
                            + call.child("function").text().replaceAll("\\s+", "") + "() at " + call.where(),
                            call.tree().path(), call.line());
                }
            }
        }
        return Finding.at(Status.WARN, entry.describe() + " initialises Sentry but errors Express handles are not"
                + " reported: no Sentry.setupExpressErrorHandler(app) or Sentry.Handlers.errorHandler(), nor"
                + " Sentry.captureException in an error handler", entry.module().path(), 1);
    }

    /** Whether the call is inside a function of four parameters (an Express error handler). */
    private static boolean inErrorHandler(Node call) {
        for (Node p = call.parent(); p != null; p = p.parent()) {
            Node parameters = p.child("parameters");
            if (parameters != null && parameters.is("formal_parameters") && parameters.namedChildren().size() == 4) {
                return true;
            }
        }
        return false;
    }

    /** Every SDK initialisation in the code. */
    private static List<Init> inits(SourceCode code) {
        List<Init> out = new ArrayList<>();
        for (Module m : code.index().modules().values()) {
            List<String> specifiers = m.specifiers();
            if (specifiers.stream().noneMatch(s -> s.startsWith("@sentry/") || s.startsWith("rollbar")
                    || s.startsWith("@bugsnag/") || s.startsWith("dd-trace") || s.startsWith("@honeybadger-io/"))) {
                continue;
            }
            m.root().walk(n -> {
                String sdk = null;
                if (n.is("call_expression")) {
                    if (n.child("function") != null && n.child("function").is("import")
                            || n.child("function") != null && n.child("function").text().equals("require")) {
                        Node args = n.child("arguments");
                        sdk = args != null && args.text().matches("\\(\\s*['\"`]dd-trace/init['\"`]\\s*\\)")
                                ? "require('dd-trace/init')" : null;
                    } else if (code.resolver().resolve(m, n.child("function")) instanceof Resolver.Origin.FromPackage p) {
                        sdk = sdk(p);
                    }
                } else if (n.is("new_expression")
                        && code.resolver().resolve(m, n.child("constructor")) instanceof Resolver.Origin.FromPackage p
                        && p.packageName().equals("rollbar") && (p.isMain() || p.name().equals("Rollbar"))) {
                    sdk = "new Rollbar";
                } else if (n.is("import_statement") && n.child("source") != null
                        && n.child("source").text().matches("['\"]dd-trace/init['\"]")) {
                    sdk = "import 'dd-trace/init'";
                }
                if (sdk != null) {
                    out.add(new Init(sdk, m, n));
                }
            });
        }
        return out;
    }

    private static String sdk(Resolver.Origin.FromPackage p) {
        String name = p.name();
        String pkg = p.packageName();
        if (pkg.startsWith("@sentry/") && name.equals("init")) {
            return "Sentry.init";
        }
        if (pkg.equals("rollbar") && name.equals("init")) {
            return "Rollbar.init";
        }
        if ((pkg.startsWith("@bugsnag/") || pkg.equals("bugsnag")) && name.equals("start")) {
            return "Bugsnag.start";
        }
        if (pkg.equals("dd-trace") && name.equals("init")) {
            return "dd-trace init()";
        }
        if (pkg.startsWith("@honeybadger-io/") && name.equals("configure")) {
            return "Honeybadger.configure";
        }
        return null;
    }
}
