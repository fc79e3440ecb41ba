package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code cors}: the options of every {@code cors(...)} middleware (package cors). The origin must come from the
 * environment's allow-list (ALLOWED_ORIGINS), never be {@code true}, {@code '*'}, a function that calls back with
 * true for every origin or reflects it, nor be left out (the package then answers {@code *}); {@code credentials:
 * true} with such an origin is called out for what it does.
 */
final class CorsRule implements SourceRule {
    /** Methods an origin function tests the request's origin against a list or pattern with. */
    private static final Set<String> MEMBERSHIP = Set.of("includes", "indexOf", "has", "some", "find", "test",
            "match", "endsWith", "startsWith");

    /** How a cors() call decides which origins it allows. */
    private enum Kind { WILDCARD, REFLECT, ENV, FIXED, DISABLED, UNKNOWN }

    private record Verdict(Kind kind, String detail) {
    }

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public String explains() {
        return "every cors() middleware (cors package) takes its origin from the environment (e.g."
                + " process.env.ALLOWED_ORIGINS.split(','), through constants, config modules or an origin function"
                + " testing allowed.includes(origin)); origin true, '*', no origin (the package defaults to *), or a"
                + " function that allows or reflects every origin fail, and so does credentials: true with them";
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        List<CodeFacts.Site> calls = CodeFacts.callsOf(code, "cors", Resolver.Origin.FromPackage::isMain);
        List<Finding> findings = new ArrayList<>();
        for (CodeFacts.Site call : calls) {
            findings.add(judge(code, call));
        }
        findings.addAll(handWrittenHeaders(code));
        if (findings.isEmpty()) {
            findings.add(Finding.of(Status.WARN, "no cors() middleware and no Access-Control-Allow-Origin header set"
                    + " in the sources: which origins the API allows cannot be read from the code"));
        }
        return findings;
    }

    private static Finding judge(SourceCode code, CodeFacts.Site call) {
        List<Node> args = call.node().child("arguments").namedChildren();
        String what = "cors() at " + call.where();
        if (args.isEmpty()) {
            return CodeFacts.finding(Status.FAIL, what + " has no options: the cors package then answers every"
                    + " origin with Access-Control-Allow-Origin: *", call.node());
        }
        CodeFacts.Site options = CodeFacts.definition(code.resolver(), call.module(), args.get(0));
        if (options == null || !options.node().is("object")) {
            return CodeFacts.finding(Status.WARN, what + ": its options (" + CodeFacts.excerpt(args.get(0), 40)
                    + ") are not an object in the code, so which origins it allows cannot be told", call.node());
        }
        var properties = CodeFacts.properties(options.node());
        Node credentialsNode = properties.get("credentials");
        boolean credentials = credentialsNode != null
                && code.values().eval(options.module(), credentialsNode) instanceof Value.Bool b && b.value();
        Node origin = properties.get("origin");
        Verdict verdict = origin == null
                ? new Verdict(Kind.WILDCARD, "has no origin option: the cors package then answers every origin with"
                        + " Access-Control-Allow-Origin: *")
                : origin(code, options.module(), origin, 0);
        return switch (verdict.kind()) {
            case WILDCARD, REFLECT -> CodeFacts.finding(Status.FAIL, what + " " + verdict.detail()
                    + (credentials ? credentialsWith(verdict.kind(), credentialsNode) : ""), call.node());
            case ENV -> CodeFacts.finding(Status.PASS, what + " allows the origins " + verdict.detail()
                    + (credentials ? ", with credentials" : ""), call.node());
            case FIXED -> CodeFacts.finding(Status.WARN, what + " allows " + verdict.detail()
                    + ", fixed in the code rather than read from ALLOWED_ORIGINS: the env file's allow-list is not"
                    + " what the API uses", call.node());
            case DISABLED -> CodeFacts.finding(Status.WARN, what + " " + verdict.detail(), call.node());
            case UNKNOWN -> CodeFacts.finding(Status.WARN, what + ": which origins it allows cannot be told ("
                    + verdict.detail() + ")", call.node());
        };
    }

    /** Why credentials make a wildcard or reflected origin worse, or broken. */
    private static String credentialsWith(Kind kind, Node credentials) {
        if (kind == Kind.REFLECT) {
            return "; with credentials: true (" + credentials.where() + ") any website can send requests carrying"
                    + " the user's cookies or auth and read the answers";
        }
        return "; with credentials: true (" + credentials.where() + ") browsers refuse credentialed answers"
                + " carrying '*', so the front end's logged-in calls fail while every site may still read the API's"
                + " public answers";
    }

    /** How the value of the {@code origin} option decides. */
    private static Verdict origin(SourceCode code, Module module, Node value, int depth) {
        if (depth > 6) {
            return new Verdict(Kind.UNKNOWN, "too many names to follow");
        }
        switch (value.type()) {
            case "true" -> {
                return new Verdict(Kind.REFLECT, "has origin: true (" + value.where() + "), which reflects every"
                        + " request's Origin back as allowed");
            }
            case "false" -> {
                return new Verdict(Kind.DISABLED, "has origin: false (" + value.where() + "): CORS is off, so"
                        + " browsers refuse the front end's cross-origin calls");
            }
            case "string", "template_string" -> {
                Value v = code.values().eval(module, value);
                if (v instanceof Value.Text t && t.value().equals("*")) {
                    return new Verdict(Kind.WILDCARD, "has origin: '*' (" + value.where() + "), which lets every"
                            + " website call the API");
                }
                return new Verdict(Kind.FIXED, CodeFacts.excerpt(value, 60) + " (" + value.where() + ")");
            }
            case "regex" -> {
                return new Verdict(Kind.FIXED, "the pattern " + CodeFacts.excerpt(value, 60) + " (" + value.where()
                        + ")");
            }
            case "array" -> {
                for (Node item : value.namedChildren()) {
                    Verdict v = origin(code, module, item, depth + 1);
                    if (v.kind() == Kind.WILDCARD || v.kind() == Kind.REFLECT) {
                        return v;
                    }
                }
            }
            case "arrow_function", "function_expression", "function", "function_declaration", "method_definition" -> {
                return function(code, module, value);
            }
            case "identifier", "member_expression", "subscript_expression" -> {
                CodeFacts.Site d = CodeFacts.definition(code.resolver(), module, value);
                if (d != null && !d.node().equals(value) && !d.node().is("call_expression")
                        && !d.node().is("binary_expression")) {
                    return origin(code, d.module(), d.node(), depth + 1);
                }
            }
            default -> {
            }
        }
        return fromEnvironment(code, module, value);
    }

    /** An origin built from other values: from the environment when it reads a variable, with its default judged. */
    private static Verdict fromEnvironment(SourceCode code, Module module, Node value) {
        Value production = code.production(module, value);
        if (production instanceof Value.Text t && t.value().equals("*")) {
            return new Verdict(Kind.WILDCARD, "has origin " + CodeFacts.excerpt(value, 60) + " (" + value.where()
                    + "), which is '*' with the env file's setting");
        }
        List<CodeFacts.EnvRead> reads = CodeFacts.envReads(code.resolver(), module, value);
        if (!reads.isEmpty()) {
            String variables = reads.stream().map(CodeFacts.EnvRead::toString).collect(Collectors.joining(", "));
            return new Verdict(Kind.ENV, "from env " + variables);
        }
        if (value.is("array")) {
            return new Verdict(Kind.FIXED, CodeFacts.excerpt(value, 80) + " (" + value.where() + ")");
        }
        return new Verdict(Kind.UNKNOWN, "origin " + CodeFacts.excerpt(value, 60) + " at " + value.where()
                + " reads no environment variable the audit could follow");
    }

    /**
     * An origin function {@code (origin, callback) => ...}: it reflects every origin when each callback passes true
     * or the origin itself and nothing tests the origin; it allows a list when it tests the origin against one
     * ({@code allowed.includes(origin)}), judged by where the list comes from.
     */
    private static Verdict function(SourceCode code, Module module, Node function) {
        List<String> parameters = parameters(function);
        Node body = function.child("body");
        if (parameters.size() < 2 || body == null) {
            return new Verdict(Kind.UNKNOWN, "the origin function at " + function.where()
                    + " takes no callback the audit can follow");
        }
        String origin = parameters.get(0);
        String callback = parameters.get(1);
        List<Node> callbacks = body.find(n -> n.is("call_expression") && n.child("function") != null
                && n.child("function").text().equals(callback));
        if (body.is("call_expression") && body.child("function") != null
                && body.child("function").text().equals(callback) && !callbacks.contains(body)) {
            callbacks.add(body);
        }
        if (callbacks.isEmpty()) {
            return new Verdict(Kind.UNKNOWN, "the origin function at " + function.where() + " never calls "
                    + callback);
        }
        List<Node> lists = new ArrayList<>();
        for (Node call : body.find("call_expression")) {
            Node f = call.child("function");
            if (f == null || !f.is("member_expression") || f.child("property") == null
                    || !MEMBERSHIP.contains(f.child("property").text())) {
                continue;
            }
            boolean onOrigin = f.child("object").text().equals(origin)
                    || call.child("arguments").namedChildren().stream().anyMatch(a -> mentions(a, origin));
            if (onOrigin) {
                lists.add(f.child("object").text().equals(origin) ? call.child("arguments") : f.child("object"));
            }
        }
        for (Node comparison : body.find("binary_expression")) {
            String op = comparison.child("operator") == null ? "" : comparison.child("operator").text();
            if ((op.equals("===") || op.equals("==")) && comparison.child("left") != null
                    && comparison.child("right") != null) {
                if (comparison.child("left").text().equals(origin)) {
                    lists.add(comparison.child("right"));
                } else if (comparison.child("right").text().equals(origin)) {
                    lists.add(comparison.child("left"));
                }
            }
        }
        if (lists.isEmpty()) {
            boolean allowsAll = callbacks.stream().allMatch(c -> {
                List<Node> args = c.child("arguments").namedChildren();
                return args.size() >= 2 && (args.get(0).is("null") || args.get(0).text().equals("undefined"))
                        && (args.get(1).is("true") || args.get(1).text().equals(origin));
            });
            if (allowsAll) {
                return new Verdict(Kind.REFLECT, "has an origin function (" + function.where() + ") that calls "
                        + callback + " with true for every origin without testing it");
            }
            return new Verdict(Kind.UNKNOWN, "the origin function at " + function.where()
                    + " tests the origin in a way the audit does not follow");
        }
        List<CodeFacts.EnvRead> reads = new ArrayList<>();
        for (Node list : lists) {
            for (CodeFacts.EnvRead r : CodeFacts.envReads(code.resolver(), module, list)) {
                if (reads.stream().noneMatch(x -> x.variable().equals(r.variable()))) {
                    reads.add(r);
                }
            }
        }
        if (!reads.isEmpty()) {
            return new Verdict(Kind.ENV, "from env " + reads.stream().map(CodeFacts.EnvRead::toString)
                    .collect(Collectors.joining(", ")) + ", tested in the origin function at " + function.where());
        }
        return new Verdict(Kind.FIXED, "the origins its origin function (" + function.where() + ") tests against "
                + lists.stream().map(l -> CodeFacts.excerpt(l, 40)).collect(Collectors.joining(", ")));
    }

    private static boolean mentions(Node expression, String name) {
        return !expression.find(n -> n.is("identifier") && n.text().equals(name)).isEmpty();
    }

    /** The names of a function's parameters, in order (TypeScript annotations skipped). */
    private static List<String> parameters(Node function) {
        Node single = function.child("parameter");
        if (single != null) {
            return List.of(single.text());
        }
        Node parameters = function.child("parameters");
        List<String> out = new ArrayList<>();
        if (parameters == null) {
            return out;
        }
        for (Node p : parameters.namedChildren()) {
            Node id = p.is("identifier") ? p : p.child("pattern");
            if (id == null && p.is("assignment_pattern")) {
                id = p.child("left");
            }
            out.add(id == null ? "" : id.text());
        }
        return out;
    }

    /** {@code res.setHeader('Access-Control-Allow-Origin', ...)} written by hand: '*' or the request's Origin fail. */
    private static List<Finding> handWrittenHeaders(SourceCode code) {
        List<Finding> out = new ArrayList<>();
        for (Module module : code.index().modules().values()) {
            for (Node call : module.root().find("call_expression")) {
                Node f = call.child("function");
                if (f == null || !f.is("member_expression") || f.child("property") == null
                        || !Set.of("setHeader", "header", "set", "append").contains(f.child("property").text())) {
                    continue;
                }
                List<Node> args = call.child("arguments").namedChildren();
                if (args.size() < 2 || !args.get(0).is("string")
                        || !args.get(0).text().replaceAll("['\"`]", "").equalsIgnoreCase("Access-Control-Allow-Origin")) {
                    continue;
                }
                Node value = args.get(1);
                String text = value.text().replaceAll("\\s+", "");
                if (code.values().eval(module, value) instanceof Value.Text t && t.value().equals("*")) {
                    out.add(CodeFacts.finding(Status.FAIL, "Access-Control-Allow-Origin is set to '*' by hand at "
                            + call.where() + ": every website may call the API", call));
                } else if (call.ancestor("if_statement") == null && call.ancestor("ternary_expression") == null
                        && text.matches("(?i)req(uest)?\\.(headers\\.origin|headers\\[['\"]origin['\"]\\]"
                        + "|get\\(['\"]origin['\"]\\)|header\\(['\"]origin['\"]\\))")) {
                    out.add(CodeFacts.finding(Status.FAIL, "Access-Control-Allow-Origin is set by hand at "
                            + call.where() + " to the request's own Origin (" + CodeFacts.excerpt(value, 40)
                            + "): every website is allowed", call));
                } else {
                    out.add(CodeFacts.finding(Status.WARN, "Access-Control-Allow-Origin is set by hand at "
                            + call.where() + " to " + CodeFacts.excerpt(value, 40) + ": which origins it allows is not"
                            + " judged (use the cors package with ALLOWED_ORIGINS)", call));
                }
            }
        }
        return out;
    }
}
