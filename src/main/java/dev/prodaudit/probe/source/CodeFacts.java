package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the web rules (Helmet, CORS, password policy) read the same way: calls of a package's function, the
 * definition a name stands for, the environment variables an expression is built from, and the code a route's
 * handler reaches through the functions and constants it names.
 */
final class CodeFacts {
    /** How far {@link #envReads} follows names into their definitions. */
    private static final int ENV_DEPTH = 5;

    private CodeFacts() {
    }

    /** A node and the module it is written in. */
    record Site(Module module, Node node) {
        String where() {
            return node.where();
        }
    }

    /** {@code process.env.NAME} read at {@code at}. */
    record EnvRead(String variable, Node at) {
        @Override
        public String toString() {
            return variable + " (" + at.where() + ")";
        }
    }

    /** What the function of {@code call} comes from, when it is a package's. */
    static Optional<Resolver.Origin.FromPackage> callee(Resolver resolver, Module module, Node call) {
        if (call == null || !(call.is("call_expression") || call.is("new_expression"))) {
            return Optional.empty();
        }
        Node function = call.is("call_expression") ? call.child("function") : call.child("constructor");
        if (function == null) {
            return Optional.empty();
        }
        return resolver.resolve(module, function) instanceof Resolver.Origin.FromPackage p ? Optional.of(p)
                : Optional.empty();
    }

    /** Every call, in every module that uses {@code packageName}, of that package's functions {@code which} accepts. */
    static List<Site> callsOf(SourceCode code, String packageName, Predicate<Resolver.Origin.FromPackage> which) {
        List<Site> out = new ArrayList<>();
        for (Module module : code.index().modules().values()) {
            if (!module.usesPackage(packageName)) {
                continue;
            }
            for (Node call : module.root().find("call_expression")) {
                callee(code.resolver(), module, call).filter(p -> p.packageName().equals(packageName) && which.test(p))
                        .ifPresent(p -> out.add(new Site(module, call)));
            }
        }
        return out;
    }

    /**
     * The expression a name or property stands for ({@code const options = {...}; cors(options)}: the object),
     * the expression itself when it is not a name, null when it cannot be followed (a parameter, a package's value).
     */
    static Site definition(Resolver resolver, Module module, Node expression) {
        if (expression == null) {
            return null;
        }
        if (!(expression.is("identifier") || expression.is("member_expression")
                || expression.is("subscript_expression") || expression.is("parenthesized_expression")
                || expression.is("as_expression") || expression.is("satisfies_expression"))) {
            return new Site(module, expression);
        }
        return resolver.resolve(module, expression) instanceof Resolver.Origin.Defined d
                ? new Site(d.module(), d.node()) : null;
    }

    /** Key to value of an object literal's {@code key: value} pairs (quoted keys unquoted). */
    static Map<String, Node> properties(Node object) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (object == null || !object.is("object")) {
            return out;
        }
        for (Node p : object.namedChildren()) {
            if (p.is("pair") && p.child("key") != null && p.child("value") != null) {
                out.put(p.child("key").text().replaceAll("^['\"`]|['\"`]$", ""), p.child("value"));
            } else if (p.is("shorthand_property_identifier")) {
                out.put(p.text(), p);
            } else if (p.is("method_definition") && p.child("name") != null) {
                out.put(p.child("name").text(), p); // { origin(origin, callback) { ... } }
            }
        }
        return out;
    }

    /**
     * The environment variables an expression is built from, following the names it uses into their definitions
     * (across files): {@code origin: config.allowedOrigins} with {@code allowedOrigins:
     * process.env.ALLOWED_ORIGINS.split(',')} in config.js reads ALLOWED_ORIGINS.
     */
    static List<EnvRead> envReads(Resolver resolver, Module module, Node expression) {
        List<EnvRead> out = new ArrayList<>();
        envReads(resolver, module, expression, 0, new ArrayList<>(), out);
        return out;
    }

    private static void envReads(Resolver resolver, Module module, Node expression, int depth, List<Node> seen,
                                 List<EnvRead> out) {
        if (expression == null || depth > ENV_DEPTH || seen.contains(expression)) {
            return;
        }
        seen.add(expression);
        for (Node n : expression.find(n -> n.is("member_expression") || n.is("subscript_expression")
                || n.is("identifier"))) {
            String variable = envVariable(n);
            if (variable != null) {
                if (out.stream().noneMatch(r -> r.variable().equals(variable))) {
                    out.add(new EnvRead(variable, n));
                }
                continue;
            }
            if (isInsideEnvRead(n) || n.is("identifier") && "object".equals(n.field()) && n.parent() != null
                    && n.parent().is("member_expression") && expression.contains(n.parent())) {
                continue; // the object of a property read is followed through the read itself
            }
            if (n.is("member_expression") || n.is("identifier")) {
                Site d = definition(resolver, module, n);
                if (d != null && !d.node().equals(n) && !expression.contains(d.node())) {
                    envReads(resolver, d.module(), d.node(), depth + 1, seen, out);
                }
            }
        }
    }

    /** {@code process.env.NAME} or {@code process.env['NAME']}: the variable, else null. */
    static String envVariable(Node n) {
        if (!(n.is("member_expression") || n.is("subscript_expression"))) {
            return null;
        }
        Node object = n.child("object");
        if (object == null || !object.text().replaceAll("\\s+", "").equals("process.env")) {
            return null;
        }
        if (n.is("member_expression")) {
            return n.child("property") == null ? null : n.child("property").text();
        }
        Node index = n.child("index");
        return index != null && index.is("string") ? index.text().replaceAll("^['\"`]|['\"`]$", "") : null;
    }

    private static boolean isInsideEnvRead(Node n) {
        for (Node p = n.parent(); p != null && (p.is("member_expression") || p.is("subscript_expression")); p = p.parent()) {
            if (envVariable(p) != null) {
                return true;
            }
        }
        return n.text().equals("process") || n.text().replaceAll("\\s+", "").equals("process.env");
    }

    /**
     * The code reachable from {@code starts}: each start, then the definitions (functions, objects, arrays, calls,
     * regular expressions, in this module or another) that the code read so far names, breadth first, at most
     * {@code maxDepth} hops and {@code maxSites} definitions. A handler {@code authController.register} leads to the
     * controller function, from there to the service it calls and the validation schema it names.
     */
    static List<Site> reachable(Resolver resolver, List<Site> starts, int maxDepth, int maxSites) {
        record Hop(Site site, int depth) {
        }
        List<Site> out = new ArrayList<>();
        Deque<Hop> queue = new ArrayDeque<>();
        for (Site s : starts) {
            Site d = definition(resolver, s.module(), s.node());
            queue.add(new Hop(d == null ? s : d, 0));
        }
        while (!queue.isEmpty() && out.size() < maxSites) {
            Hop hop = queue.poll();
            Site site = hop.site();
            if (out.stream().anyMatch(o -> o.node().contains(site.node()))) {
                continue;
            }
            out.removeIf(o -> site.node().contains(o.node()));
            out.add(site);
            if (hop.depth() >= maxDepth) {
                continue;
            }
            for (Node n : site.node().find(n -> n.is("identifier") || n.is("member_expression"))) {
                if (n.is("identifier") && NOT_FOLLOWED.contains(n.text())) {
                    continue;
                }
                Resolver.Origin origin = resolver.resolve(site.module(), n);
                if (origin instanceof Resolver.Origin.Defined d && !site.node().contains(d.node())
                        && !d.node().contains(site.node()) && FOLLOWED.contains(d.node().type())) {
                    queue.add(new Hop(new Site(d.module(), d.node()), hop.depth() + 1));
                }
            }
        }
        return out;
    }

    private static final Set<String> NOT_FOLLOWED = Set.of("req", "res", "next", "undefined", "console", "process");
    private static final Set<String> FOLLOWED = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition", "generator_function_declaration", "object", "array",
            "call_expression", "new_expression", "regex", "class_declaration", "await_expression");

    /** A finding pinned to a node's file and line. */
    static Finding finding(Status status, String message, Node at) {
        return Finding.at(status, message, at.tree().path(), at.line());
    }

    /** Source text for a message: whitespace collapsed, cut at {@code max} characters. */
    static String excerpt(Node n, int max) {
        String t = n.text().replaceAll("\\s+", " ").strip();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
