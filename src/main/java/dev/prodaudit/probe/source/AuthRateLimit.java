package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code authRateLimit}: the POST routes where passwords are guessed and reset mail is sent (login, sign-in,
 * register, sign-up, forgot and reset password) each run a limiter before their handler, at the app, router or
 * route level as Express assembles them: an express-rate-limit instance, or a function that consumes a
 * rate-limiter-flexible limiter. The limiter must allow at most {@value #MAX_ATTEMPTS} requests per window of at
 * least 15 minutes (the checklist's "10 login attempts per 15 minutes", the same bound the live {@code rate-limit}
 * probe applies to the announced policy). Values the code reads from the environment are judged as the env file sets
 * them. Two caveats warn: a limiter counting in process memory while the API runs several replicas (each counts
 * apart), and a limiter keyed on the client IP without {@code app.set('trust proxy', ...)} (behind the TLS proxy
 * every client has the proxy's address).
 */
final class AuthRateLimit implements SourceRule {
    static final int MAX_ATTEMPTS = 10;
    static final double MIN_WINDOW_MS = 15 * 60_000;
    /** express-rate-limit v7's defaults ({@code windowMs} 60000, {@code limit} 5). */
    static final double ERL_DEFAULT_WINDOW_MS = 60_000;
    static final double ERL_DEFAULT_LIMIT = 5;
    /** rate-limiter-flexible's defaults before v10 made them required ({@code points} 4 per {@code duration} 1 s). */
    static final double RLF_DEFAULT_POINTS = 4;
    static final double RLF_DEFAULT_DURATION_S = 1;

    /** The last path segments of the routes judged, parameters (:token) dropped. */
    static final List<String> LOGIN_PATHS = List.of("login", "signin", "sign-in", "log-in");
    static final List<String> OTHER_PATHS = List.of("register", "signup", "sign-up", "forgot-password",
            "forgotpassword", "forgot", "reset-password", "resetpassword", "password-reset", "password/forgot",
            "password/reset");

    private static final String ERL = "express-rate-limit";
    private static final String RLF = "rate-limiter-flexible";
    private static final Set<String> FUNCTIONS = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition");
    /** rate-limiter-flexible limiters that count in the process (Cluster and PM2 share only between local workers). */
    private static final Set<String> RLF_IN_PROCESS = Set.of("RateLimiterMemory", "RateLimiterCluster",
            "RateLimiterClusterMaster", "RateLimiterPM2");
    private static final Pattern IP_KEY = Pattern.compile("\\bips?\\b|remoteAddress|ipKeyGenerator|x-forwarded-for",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern API_WORKLOAD = Pattern.compile("(?i).*(api|server|backend|app).*");
    private static final Pattern NOT_API_WORKLOAD = Pattern.compile("(?i).*(worker|frontend|web|ui|client|cron|job|next|queue).*");

    @Override
    public String name() {
        return "authRateLimit";
    }

    @Override
    public String explains() {
        return "the POST routes ending in /" + String.join(", /", LOGIN_PATHS) + ", /" + String.join(", /", OTHER_PATHS)
                + " (Express apps and routers followed across files) must run, before the handler and registered"
                + " before it, an express-rate-limit instance (limit or max, default 5; windowMs, default 60000) or a"
                + " function consuming a rate-limiter-flexible limiter (points per duration s, default 4 per 1 s)"
                + " allowing at most " + MAX_ATTEMPTS + " requests per window of at least 15 min; values from env are"
                + " judged as the env file sets them. WARN for a limiter without a shared store (rate-limit-redis,"
                + " RateLimiterRedis...) when the API's workload declares more than one replica, for an IP-keyed"
                + " limiter without app.set('trust proxy', ...), and when no login route is found";
    }

    /** A limiter as the code configures it: allowed requests per window, where its counts live, what it keys on. */
    record Limiter(String name, Node definedAt, String library, Measure limit, Measure windowMs, String store,
                   boolean sharedStore, boolean keyedOnIp) {
        String where() {
            return definedAt.where();
        }

        /** "10 per 15 min", with where env values come from. */
        String policy() {
            return limit.shown(false) + " per " + windowMs.shown(true) + limit.note("limit") + windowMs.note("window");
        }

        Optional<String> undecided() {
            if (limit.value().number().isEmpty()) {
                return Optional.of("its limit is " + limit.value());
            }
            if (windowMs.value().number().isEmpty()) {
                return Optional.of("its window is " + windowMs.value());
            }
            return Optional.empty();
        }

        boolean withinBounds() {
            return limit.value().number().map(n -> n <= MAX_ATTEMPTS).orElse(false)
                    && windowMs.value().number().map(n -> n >= MIN_WINDOW_MS).orElse(false);
        }
    }

    /**
     * One setting: its value in production, and how the code states it ("from env AUTH_MAX, default 10", or
     * the library's default).
     */
    record Measure(Value value, String source) {
        String shown(boolean millis) {
            return value.number().map(n -> millis ? Value.millis(n) : plain(n)).orElse("?");
        }

        String note(String what) {
            return source == null ? "" : "; " + what + " " + source;
        }

        private static String plain(double n) {
            return new Value.Number(n).toString();
        }
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        ExpressModel express = code.express();
        List<Finding> findings = new ArrayList<>();
        if (express.apps().isEmpty() && express.routes().isEmpty()) {
            findings.add(Finding.of(Status.WARN, "no Express app found (no express() or express.Router() call in the "
                    + code.index().modules().size() + " source files read), so no login route to judge: looked for POST "
                    + lookedFor()));
            return findings;
        }
        Limiters limiters = new Limiters(code);
        List<ExpressModel.Route> auth = express.routes().stream().filter(AuthRateLimit::isAuthRoute).toList();
        if (auth.stream().noneMatch(r -> endsWithAny(r.path(), LOGIN_PATHS))) {
            findings.add(Finding.of(Status.WARN, "no login route found: looked for POST (or app.all) routes ending in /"
                    + String.join(", /", LOGIN_PATHS) + " among " + express.routes().size() + " routes of "
                    + express.apps().size() + " Express app(s)" + (auth.isEmpty() ? "" : "; judged "
                    + auth.stream().map(r -> r.method() + " " + r.path()).toList())));
        }
        // Which limiter runs on which route, for messages naming where a limiter is (and is not) mounted.
        Map<Node, List<ExpressModel.Route>> usage = new LinkedHashMap<>();
        for (ExpressModel.Route r : express.routes()) {
            for (ExpressModel.Middleware m : r.chain()) {
                limiters.of(m.module(), m.expression())
                        .ifPresent(l -> usage.computeIfAbsent(l.definedAt(), k -> new ArrayList<>()).add(r));
            }
        }
        Map<Node, Limiter> deciding = new LinkedHashMap<>();
        for (ExpressModel.Route r : auth) {
            List<Limiter> own = new ArrayList<>();
            for (ExpressModel.Middleware m : r.chain()) {
                limiters.of(m.module(), m.expression()).filter(l -> !own.contains(l)).ifPresent(own::add);
            }
            String route = label(r);
            if (own.isEmpty()) {
                String context = elsewhere(code, limiters, usage, r);
                if (!r.mounted()) {
                    findings.add(Finding.at(Status.WARN, route + " has no limiter of its own, and no app the audit found"
                            + " mounts its router, so the middleware before it is unknown" + context,
                            r.at().tree().path(), r.at().line()));
                } else {
                    findings.add(Finding.at(Status.FAIL, route + " has no limiter" + context, r.at().tree().path(),
                            r.at().line()));
                }
                continue;
            }
            Optional<Limiter> good = own.stream().filter(Limiter::withinBounds).findFirst();
            if (good.isPresent()) {
                deciding.putIfAbsent(good.get().definedAt(), good.get());
                findings.add(Finding.at(Status.PASS, route + " is limited by " + describe(good.get()),
                        r.at().tree().path(), r.at().line()));
                continue;
            }
            List<Limiter> undecided = own.stream().filter(l -> l.undecided().isPresent()).toList();
            if (!undecided.isEmpty()) {
                Limiter l = undecided.get(0);
                findings.add(Finding.at(Status.WARN, route + " is limited by " + describe(l) + ", but "
                        + l.undecided().get() + ", so the audit cannot tell whether it allows at most " + MAX_ATTEMPTS
                        + " requests per 15 min", r.at().tree().path(), r.at().line()));
                continue;
            }
            findings.add(Finding.at(Status.FAIL, route + " is limited only by " + String.join(" and ",
                    own.stream().map(AuthRateLimit::describe).toList()) + ": looser than " + MAX_ATTEMPTS
                    + " requests per 15 min", r.at().tree().path(), r.at().line()));
        }
        if (auth.isEmpty()) {
            return findings;
        }
        findings.addAll(caveats(code, deciding.values()));
        return findings;
    }

    /** The shared-store and trust-proxy warnings for the limiters that protect the routes. */
    private static List<Finding> caveats(SourceCode code, java.util.Collection<Limiter> deciding) {
        List<Finding> out = new ArrayList<>();
        Optional<Workload> replicated = replicatedApi(code);
        boolean trustProxy = code.express().settings("trust proxy").stream()
                .anyMatch(s -> s.value() == null || !code.values().eval(s.module(), s.value()).equals(new Value.Bool(false)));
        for (Limiter l : deciding) {
            if (replicated.isPresent() && !l.sharedStore()) {
                Workload w = replicated.get();
                out.add(Finding.at(Status.WARN, "limiter `" + l.name() + "` (" + l.where() + ") keeps an in-memory store"
                        + " (" + l.store() + ") with " + w.replicas() + " replicas (" + w.name() + ", " + w.at()
                        + "): each replica counts apart, so a client gets up to " + w.replicas() + " times the limit;"
                        + " use a shared store (rate-limit-redis RedisStore, RateLimiterRedis)",
                        l.definedAt().tree().path(), l.definedAt().line()));
            }
            if (!trustProxy && l.keyedOnIp()) {
                out.add(Finding.at(Status.WARN, "limiter `" + l.name() + "` (" + l.where() + ") keys on the client IP"
                        + " but no app calls app.set('trust proxy', ...): behind the TLS proxy every client shares the"
                        + " proxy's IP, so one client's attempts lock out all", l.definedAt().tree().path(),
                        l.definedAt().line()));
            }
        }
        return out;
    }

    /** The application workload that runs the API with more than one replica, if the deployment declares one. */
    private static Optional<Workload> replicatedApi(SourceCode code) {
        List<Workload> apps = code.workloads().map(w -> w.applications()).orElse(List.of()).stream()
                .filter(w -> !NOT_API_WORKLOAD.matcher(w.name()).matches()).toList();
        List<Workload> named = apps.stream().filter(w -> API_WORKLOAD.matcher(w.name()).matches()).toList();
        return (named.isEmpty() ? apps : named).stream().filter(w -> w.replicas() != null && w.replicas() > 1)
                .max(java.util.Comparator.comparingInt(Workload::replicas));
    }

    /** "; limiter `authLimiter` (file:line, 10 per 15 min) is mounted on POST /x only; ..." for an unprotected route. */
    private static String elsewhere(SourceCode code, Limiters limiters, Map<Node, List<ExpressModel.Route>> usage,
                                    ExpressModel.Route route) {
        List<String> parts = new ArrayList<>();
        for (ExpressModel.Middleware m : code.express().appMiddleware()) {
            Optional<Limiter> l = limiters.of(m.module(), m.expression());
            if (l.isPresent() && covers(m.scope(), route.path()) && route.mounted()) {
                parts.add("limiter `" + l.get().name() + "` (" + l.get().where() + ") is registered with app.use at "
                        + m.where() + " after the routes are mounted, so it does not run for them");
            }
        }
        for (Limiter l : limiters.all()) {
            if (parts.stream().anyMatch(p -> p.startsWith("limiter `" + l.name() + "` (" + l.where() + ")"))) {
                continue;
            }
            List<ExpressModel.Route> on = usage.getOrDefault(l.definedAt(), List.of());
            String place = on.isEmpty() ? "is not applied to any route"
                    : "is mounted on " + String.join(", ", on.stream().limit(3).map(r -> r.method() + " " + r.path())
                    .toList()) + (on.size() > 3 ? " (+" + (on.size() - 3) + " more)" : "") + " only";
            parts.add("limiter " + describe(l) + " " + place);
        }
        if (parts.isEmpty()) {
            return ", and the code creates none (no express-rate-limit instance or rate-limiter-flexible limiter found)";
        }
        return "; " + String.join("; ", parts.stream().limit(4).toList())
                + (parts.size() > 4 ? " (+" + (parts.size() - 4) + " more limiters)" : "");
    }

    static String describe(Limiter l) {
        return "`" + l.name() + "` (" + l.where() + ", " + l.policy() + ")";
    }

    /** "router.post('/login') in src/routes/auth.js:14 (POST /api/auth/login)". */
    static String label(ExpressModel.Route r) {
        Node call = r.at();
        Node function = call.child("function");
        String callee = function == null ? "route" : function.text().replaceAll("\\s+", "");
        String written = callee;
        if (function != null && function.child("object") != null && !function.child("object").is("call_expression")) {
            Node args = call.child("arguments");
            List<Node> list = args == null ? List.of() : args.namedChildren();
            written = callee + "(" + (list.isEmpty() ? "" : list.get(0).text()) + ")";
        }
        return written + " in " + call.where() + " (" + r.method() + " " + r.path() + ")";
    }

    static boolean isAuthRoute(ExpressModel.Route r) {
        return (r.method().equals("POST") || r.method().equals("ALL"))
                && (endsWithAny(r.path(), LOGIN_PATHS) || endsWithAny(r.path(), OTHER_PATHS));
    }

    /** Whether the path, trailing slashes and :parameters dropped, ends with one of the segments. */
    static boolean endsWithAny(String path, List<String> segments) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("(/:[^/]*|/)+$", "");
        for (String s : segments) {
            if (p.equals("/" + s) || p.endsWith("/" + s)) {
                return true;
            }
        }
        return false;
    }

    private static String lookedFor() {
        return "routes ending in /" + String.join(", /", LOGIN_PATHS) + ", /" + String.join(", /", OTHER_PATHS);
    }

    private static boolean covers(String scope, String path) {
        if (scope.isEmpty() || scope.equals("/")) {
            return true;
        }
        String s = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
        return path.equals(s) || path.startsWith(s + "/");
    }

    /** The limiters of the code: found from middleware expressions, and every one the code creates. */
    private static final class Limiters {
        private final SourceCode code;
        private final Map<Node, Optional<Limiter>> byExpression = new HashMap<>();
        private final Map<Node, Limiter> created = new LinkedHashMap<>();

        Limiters(SourceCode code) {
            this.code = code;
            for (Module m : code.index().modules().values()) {
                if (!m.usesPackage(ERL) && !m.usesPackage(RLF)) {
                    continue;
                }
                for (Node n : m.root().find(x -> x.is("call_expression") || x.is("new_expression"))) {
                    instance(m, n, null).ifPresent(l -> created.putIfAbsent(l.definedAt(), l));
                }
            }
        }

        List<Limiter> all() {
            return List.copyOf(created.values());
        }

        /** The limiter a middleware expression is, if it is one. */
        Optional<Limiter> of(Module module, Node expression) {
            return byExpression.computeIfAbsent(expression, e -> find(module, e, 0));
        }

        private Optional<Limiter> find(Module module, Node expression, int depth) {
            if (depth > 4) {
                return Optional.empty();
            }
            Resolver.Origin origin = code.resolver().resolve(module, expression);
            if (!(origin instanceof Resolver.Origin.Defined d)) {
                return Optional.empty();
            }
            Node node = d.node();
            if (node.is("call_expression") || node.is("new_expression")) {
                Optional<Limiter> direct = instance(d.module(), node, nameOf(node, expression));
                if (direct.isPresent()) {
                    return direct;
                }
                // A factory of the application's own (createLimiter(opts), rateLimiterMiddleware(limiter)): the
                // limiter it builds or the rate-limiter-flexible limiter it is handed and consumes.
                Node callee = node.child(node.is("call_expression") ? "function" : "constructor");
                Resolver.Origin factory = code.resolver().resolve(d.module(), callee);
                if (factory instanceof Resolver.Origin.Defined f && FUNCTIONS.contains(f.node().type())) {
                    return inFunction(f.module(), f.node(), node, d.module(), nameOf(node, expression), depth);
                }
                return Optional.empty();
            }
            if (FUNCTIONS.contains(node.type())) {
                return inFunction(d.module(), node, null, null, nameOf(node, expression), depth);
            }
            return Optional.empty();
        }

        /** The limiter a function builds (returns rateLimit(...)) or consumes (limiter.consume(req.ip)). */
        private Optional<Limiter> inFunction(Module module, Node function, Node call, Module callerModule, String name,
                                             int depth) {
            for (Node c : function.find(x -> x.is("call_expression") || x.is("new_expression"))) {
                if (c.equals(call)) {
                    continue;
                }
                Optional<Limiter> built = instance(module, c, name);
                if (built.isPresent() && built.get().library().equals(ERL)) {
                    return built;
                }
                Node f = c.child("function");
                if (!c.is("call_expression") || f == null || !f.is("member_expression") || f.child("property") == null
                        || !f.child("property").text().equals("consume")) {
                    continue;
                }
                Node object = f.child("object");
                Resolver.Origin o = code.resolver().resolve(module, object);
                Node key = arguments(c).isEmpty() ? null : arguments(c).get(0);
                if (o instanceof Resolver.Origin.Unknown && call != null && object.is("identifier")) {
                    int index = parameterIndex(function, object.text());
                    List<Node> args = arguments(call);
                    if (index >= 0 && index < args.size()) {
                        o = code.resolver().resolve(callerModule, args.get(index));
                    }
                }
                if (o instanceof Resolver.Origin.Defined d && d.node().is("new_expression")) {
                    Optional<Limiter> flexible = flexible(d.module(), d.node(), key);
                    if (flexible.isPresent()) {
                        return flexible;
                    }
                }
            }
            return Optional.empty();
        }

        /** An express-rate-limit instance ({@code rateLimit({...})}) or a rate-limiter-flexible one, created here. */
        private Optional<Limiter> instance(Module module, Node n, String name) {
            Node callee = n.child(n.is("call_expression") ? "function" : "constructor");
            if (callee == null) {
                return Optional.empty();
            }
            Resolver.Origin origin = code.resolver().resolve(module, callee);
            if (!(origin instanceof Resolver.Origin.FromPackage p)) {
                return Optional.empty();
            }
            if (p.packageName().equals(ERL) && (p.isMain() || p.name().equals("rateLimit") || p.name().equals("default"))) {
                Limiter known = created.get(n);
                return Optional.of(known != null ? known : expressRateLimit(module, n, name));
            }
            if (p.packageName().equals(RLF) && n.is("new_expression") && p.name().startsWith("RateLimiter")) {
                return flexible(module, n, null);
            }
            return Optional.empty();
        }

        private Limiter expressRateLimit(Module module, Node call, String name) {
            List<Node> args = arguments(call);
            Options options = args.isEmpty() ? Options.NONE : options(module, args.get(0));
            Measure limit = options.get("limit").or(() -> options.get("max"))
                    .map(v -> measure(v, 1)).orElse(new Measure(new Value.Number(ERL_DEFAULT_LIMIT),
                            "is express-rate-limit's default"));
            Measure window = options.get("windowMs").map(v -> measure(v, 1))
                    .orElse(new Measure(new Value.Number(ERL_DEFAULT_WINDOW_MS), "is express-rate-limit's default"));
            Optional<Prop> store = options.get("store");
            String storeName = store.map(s -> storeName(s)).orElse("express-rate-limit's MemoryStore, the default");
            boolean shared = store.isPresent() && !storeName.equals("MemoryStore");
            Optional<Prop> keyGenerator = options.get("keyGenerator");
            boolean ip = keyGenerator.map(k -> IP_KEY.matcher(k.value().text()).find()).orElse(true);
            return new Limiter(name(name != null ? name : nameOf(call, null), call), call, ERL, limit, window, storeName, shared, ip);
        }

        private Optional<Limiter> flexible(Module module, Node created, Node key) {
            Node ctor = created.child("constructor");
            Resolver.Origin origin = code.resolver().resolve(module, ctor);
            if (!(origin instanceof Resolver.Origin.FromPackage p) || !p.packageName().equals(RLF)) {
                return Optional.empty();
            }
            List<Node> args = arguments(created);
            Options options = args.isEmpty() ? Options.NONE : options(module, args.get(0));
            Measure points = options.get("points").map(v -> measure(v, 1))
                    .orElse(new Measure(new Value.Number(RLF_DEFAULT_POINTS), "is rate-limiter-flexible's default"));
            Measure duration = options.get("duration").map(v -> measure(v, 1000))
                    .orElse(new Measure(new Value.Number(RLF_DEFAULT_DURATION_S * 1000),
                            "is rate-limiter-flexible's default"));
            String kind = p.name();
            boolean shared = !RLF_IN_PROCESS.contains(kind);
            boolean ip = key == null || IP_KEY.matcher(key.text()).find();
            return Optional.of(new Limiter(name(nameOf(created, null), created), created, RLF, points, duration, kind,
                    shared, ip));
        }

        /** The value of a setting in production (env values as the env file sets them), {@code scale} applied. */
        private Measure measure(Prop p, double scale) {
            if (FUNCTIONS.contains(p.value().type())) {
                return new Measure(new Value.Unknown("computed per request by a function"), null);
            }
            Value raw = code.values().eval(p.module(), p.value());
            Value production = code.production(p.module(), p.value());
            Value scaled = production.number().<Value>map(n -> new Value.Number(n * scale)).orElse(production);
            String source = null;
            if (raw instanceof Value.FromEnv env) {
                boolean set = code.env() != null && code.env().get(env.variable()).filter(s -> !s.isBlank()).isPresent();
                source = "from env " + env.variable() + (env.fallback() == null ? "" : ", default " + env.fallback())
                        + (set ? ", as the env file sets it" : ", not set in the env file");
            }
            return new Measure(scaled, source);
        }

        private String storeName(Prop store) {
            Node v = store.value();
            Resolver.Origin o = code.resolver().resolve(store.module(), v);
            if (o instanceof Resolver.Origin.Defined d && (d.node().is("new_expression") || d.node().is("call_expression"))) {
                Node callee = d.node().child(d.node().is("new_expression") ? "constructor" : "function");
                Resolver.Origin c = code.resolver().resolve(d.module(), callee);
                if (c instanceof Resolver.Origin.FromPackage p) {
                    String what = p.isMain() ? p.packageName() : p.name();
                    return p.packageName().equals(ERL) && what.equals("MemoryStore") ? "MemoryStore"
                            : what + " from " + p.packageName();
                }
                return callee == null ? "store" : callee.text();
            }
            return "store: " + (v.text().length() > 40 ? v.type() : v.text());
        }

        /** The object literal an options argument is (followed through names), with its spreads. */
        private Options options(Module module, Node argument) {
            Resolver.Origin o = code.resolver().resolve(module, argument);
            if (o instanceof Resolver.Origin.Defined d && d.node().is("object")) {
                return new Options(this, d.module(), d.node());
            }
            return Options.NONE;
        }
    }

    /** A property's value and the module it is written in. */
    record Prop(Module module, Node value) {
    }

    /** An options object literal: a property's last definition wins, spreads ({...base}) read in place. */
    private record Options(Limiters limiters, Module module, Node object) {
        static final Options NONE = new Options(null, null, null);

        Optional<Prop> get(String name) {
            return get(name, 0);
        }

        private Optional<Prop> get(String name, int depth) {
            if (object == null || depth > 4) {
                return Optional.empty();
            }
            Optional<Prop> found = Optional.empty();
            for (Node p : object.namedChildren()) {
                if (p.is("pair") && p.child("key") != null
                        && p.child("key").text().replaceAll("^['\"]|['\"]$", "").equals(name)) {
                    found = Optional.of(new Prop(module, p.child("value")));
                } else if (p.is("shorthand_property_identifier") && p.text().equals(name)) {
                    found = Optional.of(new Prop(module, p));
                } else if (p.is("method_definition") && p.child("name") != null && p.child("name").text().equals(name)) {
                    found = Optional.of(new Prop(module, p));
                } else if (p.is("spread_element") && !p.namedChildren().isEmpty()) {
                    Options spread = limiters.options(module, p.namedChildren().get(0));
                    Optional<Prop> inner = spread.get(name, depth + 1);
                    if (inner.isPresent()) {
                        found = inner;
                    }
                }
            }
            return found;
        }
    }

    private static List<Node> arguments(Node call) {
        Node args = call.child("arguments");
        return args == null ? List.of() : args.namedChildren();
    }

    /** The name a value is declared under ({@code const authLimiter = rateLimit(...)}), else the expression used. */
    private static String nameOf(Node definition, Node used) {
        Node parent = definition.parent();
        if (parent != null && parent.is("variable_declarator") && parent.child("name") != null) {
            return parent.child("name").text();
        }
        if (parent != null && parent.is("pair") && parent.child("key") != null) {
            return parent.child("key").text();
        }
        if (definition.is("function_declaration") && definition.child("name") != null) {
            return definition.child("name").text();
        }
        if (parent != null && parent.is("assignment_expression") && parent.child("left") != null) {
            return parent.child("left").text();
        }
        return used != null && (used.is("identifier") || used.is("member_expression")) ? used.text() : null;
    }

    private static String name(String name, Node created) {
        if (name != null) {
            return name;
        }
        Node callee = created.child(created.is("new_expression") ? "constructor" : "function");
        return (callee == null ? "limiter" : callee.text().replaceAll("\\s+", "")) + "(...)";
    }

    private static int parameterIndex(Node function, String name) {
        Node single = function.child("parameter");
        if (single != null) {
            return single.text().equals(name) ? 0 : -1;
        }
        Node parameters = function.child("parameters");
        if (parameters == null) {
            return -1;
        }
        List<Node> list = parameters.namedChildren();
        for (int i = 0; i < list.size(); i++) {
            Node p = list.get(i);
            Node pattern = p.is("identifier") ? p : p.child("pattern");
            if (pattern != null && pattern.text().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
