package dev.prodaudit.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Express applications of the code as Express would assemble them: every {@code express()} app and
 * {@code express.Router()}, what is registered on each ({@code use}, {@code get}/{@code post}/...,
 * {@code route(path).post}, {@code set}) in registration order, routers mounted under prefixes (across files), and
 * for each route the middleware that runs before its handler: the app's and each router's {@code use} calls
 * registered before it on a matching path, then the route's own.
 */
public final class ExpressModel {
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "options", "head", "all");

    /** A middleware or handler in a route's chain; {@code level} is "app", "router" or "route". */
    public record Middleware(Module module, Node expression, Resolver.Origin origin, String level, String scope) {
        public String where() {
            return expression.where();
        }
    }

    /** A route: method (upper case; ALL for app.all), full path, the chain before the handler, the handler. */
    public record Route(String method, String path, List<Middleware> chain, Node handler, Node at, boolean mounted) {
        public String where() {
            return at.where();
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + where() + ")";
        }
    }

    /** {@code app.set(name, value)} / {@code app.enable(name)} on an application. */
    public record Setting(String name, Node value, Module module, Node at) {
    }

    /** An express() application: where it is created. */
    public record App(Module module, Node created) {
        public String where() {
            return created.where();
        }
    }

    private record Registration(String kind, String method, String path, List<Node> arguments, Module module, Node at) {
    }

    private final List<App> apps = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Setting> settings = new ArrayList<>();
    private final List<Middleware> appMiddleware = new ArrayList<>();

    private ExpressModel() {
    }

    public static ExpressModel of(Resolver resolver) {
        ExpressModel model = new ExpressModel();
        model.build(resolver);
        return model;
    }

    public List<App> apps() {
        return List.copyOf(apps);
    }

    /** Every route, those of routers no app mounts included ({@link Route#mounted()} false, path relative). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Settings made on the apps ({@code trust proxy}, ...). */
    public List<Setting> settings(String name) {
        return settings.stream().filter(s -> s.name().equalsIgnoreCase(name)).toList();
    }

    /** Middleware registered with {@code app.use} on every app, in order (router mounts excepted). */
    public List<Middleware> appMiddleware() {
        return List.copyOf(appMiddleware);
    }

    /** Routes with the given method whose path ends with {@code suffix} (case-insensitive), e.g. POST .../login. */
    public List<Route> routes(String method, String suffix) {
        String s = suffix.toLowerCase(Locale.ROOT);
        return routes.stream().filter(r -> (r.method().equalsIgnoreCase(method) || r.method().equals("ALL"))
                && r.path().toLowerCase(Locale.ROOT).replaceAll("/+$", "").endsWith(s)).toList();
    }

    private void build(Resolver resolver) {
        Map<Node, Module> objects = new LinkedHashMap<>();
        Map<Node, Boolean> isApp = new LinkedHashMap<>();
        for (Module module : resolver.index().modules().values()) {
            if (!module.usesPackage("express") && !module.usesPackage("router")) {
                continue;
            }
            for (Node call : module.root().find("call_expression")) {
                Resolver.Origin origin = resolver.resolve(module, call.child("function"));
                if (origin instanceof Resolver.Origin.FromPackage p && p.packageName().equals("express")) {
                    if (p.isMain()) {
                        objects.put(call, module);
                        isApp.put(call, true);
                        apps.add(new App(module, call));
                    } else if (p.name().equals("Router")) {
                        objects.put(call, module);
                        isApp.put(call, false);
                    }
                }
            }
        }
        if (objects.isEmpty()) {
            return;
        }
        Map<Node, List<Registration>> registrations = new LinkedHashMap<>();
        for (Module module : resolver.index().modules().values()) {
            for (Node call : module.root().find("call_expression")) {
                register(resolver, module, call, objects, registrations);
            }
        }
        registrations.values().forEach(list -> list.sort(Comparator.comparing((Registration r) -> r.module().path())
                .thenComparingInt(r -> r.at().startByte())));
        java.util.Set<Node> mountedRouters = new java.util.HashSet<>();
        for (App app : apps) {
            walk(resolver, app.created(), "", List.of(), registrations, objects, new ArrayList<>(), mountedRouters, true);
        }
        for (Node router : objects.keySet()) {
            if (!isApp.get(router) && !mountedRouters.contains(router)) {
                walk(resolver, router, "", List.of(), registrations, objects, new ArrayList<>(), mountedRouters, false);
            }
        }
    }

    /** Records {@code call} if it registers something on a known app or router. */
    private void register(Resolver resolver, Module module, Node call, Map<Node, Module> objects,
                          Map<Node, List<Registration>> registrations) {
        Node function = call.child("function");
        if (function == null || !function.is("member_expression") || function.child("property") == null) {
            return;
        }
        String method = function.child("property").text();
        Node target = function.child("object");
        String routePath = null;
        if (target != null && target.is("call_expression") && target.child("function") != null
                && target.child("function").is("member_expression")
                && "route".equals(property(target.child("function")))) {
            // router.route('/login').post(limiter, handler)
            List<Node> routeArgs = arguments(target);
            routePath = routeArgs.isEmpty() ? null : Bindings.stringValue(routeArgs.get(0));
            target = target.child("function").child("object");
        }
        Node object = creation(resolver, module, target);
        if (object == null || !objects.containsKey(object)) {
            return;
        }
        List<Node> args = arguments(call);
        String lower = method.toLowerCase(Locale.ROOT);
        Registration r;
        if (routePath != null && METHODS.contains(lower)) {
            r = new Registration("route", lower, routePath, args, module, call);
        } else if (lower.equals("use")) {
            String path = args.isEmpty() ? null : Bindings.stringValue(args.get(0));
            r = new Registration("use", null, path == null ? "" : path, path == null ? args : args.subList(1, args.size()),
                    module, call);
        } else if (METHODS.contains(lower) && !args.isEmpty() && !(lower.equals("get") && args.size() == 1)) {
            String path = Bindings.stringValue(args.get(0));
            r = new Registration("route", lower, path == null ? "?" : path, args.subList(1, args.size()), module, call);
        } else if ((lower.equals("set") || lower.equals("enable")) && !args.isEmpty()) {
            String name = Bindings.stringValue(args.get(0));
            if (name != null) {
                settings.add(new Setting(name, lower.equals("enable") ? null : args.size() > 1 ? args.get(1) : null,
                        module, call));
            }
            return;
        } else {
            return;
        }
        registrations.computeIfAbsent(object, k -> new ArrayList<>()).add(r);
    }

    /** The express()/Router() call an expression refers to, or null. */
    private static Node creation(Resolver resolver, Module module, Node target) {
        if (target == null) {
            return null;
        }
        Resolver.Origin origin = resolver.resolve(module, target);
        return origin instanceof Resolver.Origin.Defined d && d.node().is("call_expression") ? d.node() : null;
    }

    private void walk(Resolver resolver, Node object, String prefix, List<Middleware> inherited,
                      Map<Node, List<Registration>> registrations, Map<Node, Module> objects, List<Node> stack,
                      java.util.Set<Node> mountedRouters, boolean mounted) {
        if (stack.contains(object) || stack.size() > 16) {
            return;
        }
        stack.add(object);
        boolean app = stack.size() == 1 && mounted;
        List<Middleware> chain = new ArrayList<>(inherited);
        for (Registration r : registrations.getOrDefault(object, List.of())) {
            if (r.kind().equals("use")) {
                String scope = join(prefix, r.path());
                for (Node arg : flatten(r.arguments())) {
                    Node mountedObject = creation(resolver, r.module(), arg);
                    if (mountedObject != null && objects.containsKey(mountedObject) && !mountedObject.equals(object)) {
                        mountedRouters.add(mountedObject);
                        walk(resolver, mountedObject, scope, chain, registrations, objects, stack, mountedRouters, mounted);
                        continue;
                    }
                    Middleware m = new Middleware(r.module(), arg, resolver.resolve(r.module(), arg),
                            app ? "app" : "router", scope);
                    chain.add(m);
                    if (app) {
                        appMiddleware.add(m);
                    }
                }
            } else {
                List<Node> handlers = flatten(r.arguments());
                if (handlers.isEmpty()) {
                    continue;
                }
                String path = join(prefix, r.path());
                List<Middleware> routeChain = new ArrayList<>();
                for (Middleware m : chain) {
                    if (covers(m.scope(), path)) {
                        routeChain.add(m);
                    }
                }
                for (Node h : handlers.subList(0, handlers.size() - 1)) {
                    routeChain.add(new Middleware(r.module(), h, resolver.resolve(r.module(), h), "route", path));
                }
                routes.add(new Route(r.method().toUpperCase(Locale.ROOT), path, List.copyOf(routeChain),
                        handlers.get(handlers.size() - 1), r.at(), mounted));
            }
        }
        stack.remove(stack.size() - 1);
    }

    /** Arguments, with arrays of middleware spread ({@code app.use([a, b])}). */
    private static List<Node> flatten(List<Node> arguments) {
        List<Node> out = new ArrayList<>();
        for (Node a : arguments) {
            if (a.is("array")) {
                out.addAll(a.namedChildren());
            } else if (!a.is("spread_element")) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<Node> arguments(Node call) {
        Node args = call.child("arguments");
        return args == null ? List.of() : args.namedChildren();
    }

    private static String property(Node member) {
        Node p = member.child("property");
        return p == null ? null : p.text();
    }

    /** Whether a middleware mounted at {@code scope} runs for {@code path} (Express matches by path prefix). */
    static boolean covers(String scope, String path) {
        if (scope.isEmpty() || scope.equals("/")) {
            return true;
        }
        String s = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
        return path.equals(s) || path.startsWith(s + "/");
    }

    static String join(String prefix, String path) {
        if (path == null || path.isEmpty()) {
            return prefix;
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String q = path.startsWith("/") ? path : "/" + path;
        String joined = p + q;
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The app that a module creates, if any. */
    public Optional<App> appIn(String path) {
        return apps.stream().filter(a -> a.module().path().equals(path)).findFirst();
    }
}
