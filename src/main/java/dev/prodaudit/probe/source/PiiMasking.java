package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code piiMasking}: every place the API sends model output to a client (an Express response's {@code write},
 * {@code send}, {@code json} or {@code end}, SSE included, and Socket.io's {@code emit}) sends it through a
 * masking call first. The value sent is followed back through variables, loops, templates, objects and the
 * application's own functions (across files) to where it comes from; model output is what an LLM call returns,
 * what a {@code for await} loop reads from one, or, where the origin cannot be followed (a parameter, a call into
 * code the audit did not read), a name that says so. Each send of model output is a finding with the chain of
 * hops, file:line each.
 */
final class PiiMasking implements SourceRule {
    /** A callee that masks: its name, or the name of the definition the resolver finds for it. */
    static final Pattern MASKING = Pattern.compile("mask|redact|scrub|sanitiz|anonymi|pii", Pattern.CASE_INSENSITIVE);
    private static final Set<String> MODEL_WORDS = Set.of("content", "answer", "token", "chunk", "delta",
            "completion");
    /** Words that make a "token" an auth or API token rather than model output. */
    private static final Set<String> NOT_MODEL_WORDS = Set.of("access", "refresh", "csrf", "reset", "auth", "api",
            "jwt", "session", "verification", "verify", "invite", "invitation", "bearer", "oauth", "notion", "id",
            "confirm", "confirmation", "push", "device", "xsrf", "cancel", "cancellation", "type");
    private static final Set<String> RESPONSE_METHODS = Set.of("write", "send", "json", "end");
    private static final Set<String> RESPONSE_NAMES = Set.of("res", "response", "resp", "reply");
    /** Calls that return the response itself ({@code res.status(200).json(...)}). */
    private static final Set<String> RESPONSE_CHAIN = Set.of("status", "type", "set", "header", "setHeader",
            "contentType", "append", "vary");
    private static final Pattern SOCKET = Pattern.compile("socket|^io$|nsp|namespace", Pattern.CASE_INSENSITIVE);
    /** Socket.io's room and flag selectors between the server or socket and {@code emit}. */
    private static final Set<String> ROOM_CALLS = Set.of("to", "in", "except", "of", "timeout", "compress");
    private static final Set<String> ROOM_FLAGS = Set.of("broadcast", "volatile", "local");
    private static final Set<String> LLM_METHODS = Set.of("getChatCompletions", "streamChatCompletions",
            "getCompletions", "streamCompletions", "streamText", "generateText", "invoke");
    private static final Set<String> LLM_MODEL_METHODS = Set.of("stream", "call", "predict", "generate");
    private static final Pattern LLM_RECEIVER = Pattern.compile("llm|model|chain|chat|openai|agent|graph",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> FUNCTIONS = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition", "generator_function_declaration", "generator_function");
    private static final int MAX_DEPTH = 16;

    @Override
    public String name() {
        return "piiMasking";
    }

    @Override
    public String explains() {
        return "every send of model output to a client (res.write/send/json/end, SSE 'data:' writes, socket.emit,"
                + " io.to(room).emit) passes it through a call named like mask/redact/scrub/sanitize/anonymize/pii"
                + " (its own name or its definition's, followed across files; a function that returns its input"
                + " unchanged does not count), directly or through a variable; model output is the result of an LLM"
                + " call (.invoke, chat/completions .create, getChatCompletions, streamChatCompletions, a model's"
                + " .stream), a for-await loop over one, what the application's own functions return of them, or,"
                + " where the origin cannot be followed, a variable, parameter, key or property named like"
                + " content/answer/token/chunk/delta/completion (not access/refresh/reset/API tokens); each send is"
                + " reported with its chain LLM call -> masking call -> send, file:line each; no such send found is WARN";
    }

    /** One step of the way from the model to the client. */
    record Hop(String what, String where) {
        @Override
        public String toString() {
            return what + " (" + where + ")";
        }
    }

    /** Where a value comes from, as far as masking is concerned. */
    sealed interface Flow {
        /** Not model output: a literal, a package's result made of no model output, a database read. */
        record None() implements Flow {
        }

        /** The origin cannot be followed; a name may still say it is model output. */
        record Opaque() implements Flow {
        }

        /** Model output, unmasked, with the hops it took. */
        record Model(List<Hop> hops) implements Flow {
        }

        /** Passed through a masking call; {@code model} when what was masked is known to be model output. */
        record Masked(List<Hop> hops, boolean model) implements Flow {
        }
    }

    private static final Flow NONE = new Flow.None();
    private static final Flow OPAQUE = new Flow.Opaque();

    @Override
    public List<Finding> judge(SourceCode code) {
        Tracer tracer = new Tracer(code.resolver());
        List<Finding> findings = new ArrayList<>();
        for (Module module : code.index().modules().values()) {
            for (Node call : module.root().find("call_expression")) {
                List<Node> sent = sentValues(call);
                if (sent == null) {
                    continue;
                }
                Flow flow = NONE;
                for (Node value : sent) {
                    flow = combine(flow, tracer.trace(module, value, 0));
                }
                Hop send = new Hop(sendName(call), call.where());
                if (flow instanceof Flow.Model m) {
                    findings.add(Finding.at(Status.FAIL, call.where() + " " + send.what()
                            + " sends model output without a masking call: " + chain(m.hops(), send),
                            call.tree().path(), call.line()));
                } else if (flow instanceof Flow.Masked m && m.model()) {
                    findings.add(Finding.at(Status.PASS, call.where() + " " + send.what()
                            + " sends model output masked: " + chain(m.hops(), send), call.tree().path(), call.line()));
                }
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Status.WARN, "no send of model output found: looked for res.write/send/json/end"
                    + " (SSE included) and socket.emit/io.to(room).emit whose value comes from an LLM call (.invoke,"
                    + " chat/completions .create, getChatCompletions, streamChatCompletions), a for-await loop over one,"
                    + " or a name like content/answer/token/chunk/delta/completion; masking cannot be judged"));
        }
        return findings;
    }

    private static String chain(List<Hop> hops, Hop send) {
        List<String> parts = new ArrayList<>();
        hops.forEach(h -> parts.add(h.toString()));
        parts.add(send.toString());
        return String.join(" -> ", parts);
    }

    /**
     * The values a call sends to a client, or null when it is not a send: every argument of a response's
     * write/send/json/end, the payload arguments (after the event name) of a socket's emit.
     */
    private static List<Node> sentValues(Node call) {
        Node function = call.child("function");
        Node arguments = call.child("arguments");
        if (function == null || arguments == null || !function.is("member_expression")
                || function.child("property") == null) {
            return null;
        }
        String method = function.child("property").text();
        List<Node> args = arguments.namedChildren();
        if (RESPONSE_METHODS.contains(method) && isResponse(function.child("object"))) {
            return args;
        }
        if (method.equals("emit") && isSocket(function.child("object")) && args.size() > 1) {
            return args.subList(1, args.size());
        }
        return null;
    }

    private static boolean isResponse(Node object) {
        Node o = object;
        while (o != null && o.is("call_expression") && o.child("function") != null
                && o.child("function").is("member_expression") && o.child("function").child("property") != null
                && RESPONSE_CHAIN.contains(o.child("function").child("property").text())) {
            o = o.child("function").child("object");
        }
        String name = lastName(o);
        return name != null && RESPONSE_NAMES.contains(name);
    }

    private static boolean isSocket(Node object) {
        Node o = object;
        while (o != null) {
            if (o.is("call_expression") && o.child("function") != null && o.child("function").is("member_expression")
                    && o.child("function").child("property") != null
                    && ROOM_CALLS.contains(o.child("function").child("property").text())) {
                o = o.child("function").child("object");
            } else if (o.is("member_expression") && o.child("property") != null
                    && ROOM_FLAGS.contains(o.child("property").text())) {
                o = o.child("object");
            } else {
                break;
            }
        }
        String name = lastName(o);
        return name != null && SOCKET.matcher(name).find();
    }

    /** The name an expression ends with: an identifier's, or a member expression's property. */
    private static String lastName(Node e) {
        if (e == null) {
            return null;
        }
        if (e.is("identifier") || e.is("this")) {
            return e.text();
        }
        if (e.is("member_expression") && e.child("property") != null) {
            return e.child("property").text();
        }
        return null;
    }

    /** "res.write" or "socket.emit('chat:token')": the send as written, short. */
    private static String sendName(Node call) {
        String callee = call.child("function").text().replaceAll("\\s+", "");
        if (callee.length() > 60) {
            callee = "..." + callee.substring(callee.length() - 57);
        }
        if (callee.endsWith("emit")) {
            List<Node> args = call.child("arguments").namedChildren();
            if (!args.isEmpty() && args.get(0).is("string")) {
                return callee + "(" + args.get(0).text() + ")";
            }
        }
        return callee;
    }

    /** Model output wins over masked output over an unknown origin over none. */
    static Flow combine(Flow a, Flow b) {
        if (a instanceof Flow.Model) {
            return a;
        }
        if (b instanceof Flow.Model) {
            return b;
        }
        if (a instanceof Flow.Masked ma && b instanceof Flow.Masked mb) {
            return mb.model() && !ma.model() ? b : a;
        }
        if (a instanceof Flow.Masked) {
            return a;
        }
        if (b instanceof Flow.Masked) {
            return b;
        }
        return a instanceof Flow.Opaque || b instanceof Flow.Opaque ? OPAQUE : NONE;
    }

    /** Whether a name says model output: one of its words is content/answer/token/chunk/delta/completion. */
    static boolean namedLikeModelOutput(String name) {
        boolean model = false;
        for (String w : name.split("_|-|(?<=[a-z0-9])(?=[A-Z])")) {
            String word = w.toLowerCase(Locale.ROOT);
            String singular = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
            if (NOT_MODEL_WORDS.contains(word) || NOT_MODEL_WORDS.contains(singular)) {
                return false;
            }
            model |= MODEL_WORDS.contains(word) || MODEL_WORDS.contains(singular);
        }
        return model;
    }

    /** Follows values back to where they come from; one per judgement (it remembers nothing between runs). */
    private static final class Tracer {
        private final Resolver resolver;
        private final Set<Node> following = new HashSet<>();

        Tracer(Resolver resolver) {
            this.resolver = resolver;
        }

        Flow trace(Module module, Node e, int depth) {
            if (e == null || depth > MAX_DEPTH) {
                return e == null ? NONE : OPAQUE;
            }
            switch (e.type()) {
                case "parenthesized_expression", "await_expression", "non_null_expression", "as_expression",
                     "satisfies_expression", "spread_element", "template_substitution", "type_assertion" -> {
                    List<Node> inner = e.namedChildren();
                    return inner.isEmpty() ? NONE : trace(module, inner.get(inner.size() - 1), depth + 1);
                }
                case "template_string", "array", "sequence_expression" -> {
                    Flow flow = NONE;
                    for (Node part : e.namedChildren()) {
                        flow = combine(flow, trace(module, part, depth + 1));
                    }
                    return flow;
                }
                case "binary_expression" -> {
                    return combine(trace(module, e.child("left"), depth + 1),
                            trace(module, e.child("right"), depth + 1));
                }
                case "ternary_expression" -> {
                    return combine(trace(module, e.child("consequence"), depth + 1),
                            trace(module, e.child("alternative"), depth + 1));
                }
                case "object" -> {
                    return object(module, e, depth);
                }
                case "member_expression", "subscript_expression" -> {
                    Flow object = trace(module, e.child("object"), depth + 1);
                    Node property = e.child("property");
                    String root = rootName(e);
                    if (property != null && !"req".equals(root) && !"request".equals(root)) {
                        return byName(property.text(), property, object);
                    }
                    return object;
                }
                case "call_expression" -> {
                    return call(module, e, depth);
                }
                case "new_expression" -> {
                    return packageResult(arguments(module, e, depth));
                }
                case "identifier", "shorthand_property_identifier" -> {
                    return identifier(module, e, depth);
                }
                default -> {
                    return NONE;
                }
            }
        }

        private Flow object(Module module, Node object, int depth) {
            Flow flow = NONE;
            for (Node p : object.namedChildren()) {
                if (p.is("pair") && p.child("key") != null) {
                    String key = p.child("key").text().replaceAll("^['\"]|['\"]$", "");
                    flow = combine(flow, byName(key, p.child("key"), trace(module, p.child("value"), depth + 1)));
                } else if (p.is("shorthand_property_identifier") || p.is("spread_element")) {
                    flow = combine(flow, trace(module, p, depth + 1));
                }
            }
            return flow;
        }

        private Flow identifier(Module module, Node id, int depth) {
            String name = id.text();
            if (name.equals("undefined")) {
                return NONE;
            }
            Node declaration = resolver.declaration(id);
            if (declaration == null) {
                Resolver.Origin origin = resolver.resolve(module, id);
                if (origin instanceof Resolver.Origin.Defined d && following.add(d.node())) {
                    try {
                        return byName(name, id, trace(d.module(), d.node(), depth + 1));
                    } finally {
                        following.remove(d.node());
                    }
                }
                return origin instanceof Resolver.Origin.Unknown ? byName(name, id, OPAQUE) : NONE;
            }
            if (Resolver.isParameter(declaration)) {
                return byName(name, declaration, callbackOfModelStream(module, declaration, depth));
            }
            if (!following.add(declaration)) {
                return OPAQUE;
            }
            try {
                if (declaration.is("for_in_statement")) {
                    Flow over = trace(module, declaration.child("right"), depth + 1);
                    if (over instanceof Flow.Model m) {
                        over = new Flow.Model(append(m.hops(), new Hop("for await loop over it", declaration.where())));
                    }
                    return byName(name, id, over);
                }
                if (declaration.is("variable_declarator")) {
                    Flow flow = trace(module, declaration.child("value"), depth + 1);
                    for (Node assigned : assignments(declaration, name)) {
                        flow = combine(flow, trace(module, assigned, depth + 1));
                    }
                    return byName(name, id, flow);
                }
                return NONE; // a function or class
            } finally {
                following.remove(declaration);
            }
        }

        /**
         * A callback parameter of {@code stream.on('data', chunk => ...)} on an LLM stream is model output; any
         * other parameter's origin is not followed.
         */
        private Flow callbackOfModelStream(Module module, Node parameter, int depth) {
            Node function = parameter.ancestor("formal_parameters") != null
                    ? parameter.ancestor("formal_parameters").parent() : parameter.parent();
            Node arguments = function == null ? null : function.parent();
            Node call = arguments == null ? null : arguments.parent();
            if (call != null && arguments.is("arguments") && call.is("call_expression")
                    && call.child("function") != null && call.child("function").is("member_expression")
                    && call.child("function").child("property") != null
                    && call.child("function").child("property").text().equals("on")
                    && following.add(call)) {
                try {
                    Flow stream = trace(module, call.child("function").child("object"), depth + 1);
                    if (stream instanceof Flow.Model m) {
                        return new Flow.Model(append(m.hops(), new Hop("its " + "'on' callback", call.where())));
                    }
                } finally {
                    following.remove(call);
                }
            }
            return OPAQUE;
        }

        /** Right sides of later assignments to a {@code let} variable ({@code answer += chunk}). */
        private List<Node> assignments(Node declarator, String name) {
            Node scope = declarator.parent() == null ? null : declarator.parent().parent();
            if (scope == null) {
                return List.of();
            }
            List<Node> out = new ArrayList<>();
            for (Node a : scope.find(n -> n.is("assignment_expression") || n.is("augmented_assignment_expression"))) {
                Node left = a.child("left");
                if (left != null && left.is("identifier") && left.text().equals(name)
                        && declarator.equals(resolver.declaration(left))) {
                    out.add(a.child("right"));
                }
            }
            return out;
        }

        private Flow call(Module module, Node call, int depth) {
            Node function = call.child("function");
            if (function == null) {
                return NONE;
            }
            if (isLlmCall(function)) {
                return new Flow.Model(List.of(new Hop("LLM call " + shortText(function), call.where())));
            }
            Resolver.Origin callee = resolver.resolve(module, function);
            Resolver.Origin.Defined definition = functionDefinition(module, function, callee);
            String masking = maskingName(function, callee, definition);
            Flow args = arguments(module, call, depth);
            if (masking != null) {
                String definedAt = definition != null ? ", defined " + definition.node().where()
                        : callee instanceof Resolver.Origin.FromPackage p ? ", from package " + p.packageName() : "";
                if (definition != null && returnsItsInputUnchanged(definition.node())) {
                    Hop noop = new Hop(masking + " returns its input unchanged", definition.node().where());
                    return args instanceof Flow.Model m ? new Flow.Model(append(m.hops(), noop)) : args;
                }
                Hop hop = new Hop("masking call " + masking, call.where() + definedAt);
                if (args instanceof Flow.Model m) {
                    return new Flow.Masked(append(m.hops(), hop), true);
                }
                if (args instanceof Flow.Masked m) {
                    return new Flow.Masked(append(m.hops(), hop), m.model());
                }
                return new Flow.Masked(List.of(hop), false);
            }
            if (definition != null && following.add(definition.node())) {
                try {
                    Flow returned = NONE;
                    for (Node r : returned(definition.node())) {
                        returned = combine(returned, trace(definition.module(), r, depth + 1));
                    }
                    Hop via = new Hop("returned by " + shortText(function), definition.node().where());
                    if (returned instanceof Flow.Model m) {
                        return new Flow.Model(append(m.hops(), via));
                    }
                    if (returned instanceof Flow.Masked m) {
                        return new Flow.Masked(append(m.hops(), via), m.model());
                    }
                    // what the function returns depends on its parameters (or on nothing the audit follows):
                    // the arguments stand for them
                    return returned instanceof Flow.Opaque ? combine(args, OPAQUE) : NONE;
                } finally {
                    following.remove(definition.node());
                }
            }
            Flow receiver = function.is("member_expression")
                    ? trace(module, function.child("object"), depth + 1) : NONE;
            if (callee instanceof Resolver.Origin.FromPackage || isGlobal(module, function)) {
                // a package's or the runtime's result (JSON.stringify, String, jwt.sign) carries model output
                // only when made from it
                return packageResult(combine(receiver, args));
            }
            return combine(combine(receiver, args), OPAQUE);
        }

        private Flow arguments(Module module, Node call, int depth) {
            Node arguments = call.child("arguments");
            Flow flow = NONE;
            if (arguments != null) {
                for (Node a : arguments.namedChildren()) {
                    flow = combine(flow, trace(module, a, depth + 1));
                }
            }
            return flow;
        }

        private boolean isGlobal(Module module, Node function) {
            Node root = function;
            while (root.is("member_expression") && root.child("object") != null) {
                root = root.child("object");
            }
            return root.is("identifier") && resolver.declaration(root) == null
                    && !module.imports().containsKey(root.text());
        }

        /**
         * The application function a call runs: the resolver's definition, or a method of the class a value was
         * constructed from ({@code new RagService().answer}, {@code this.answer}).
         */
        private Resolver.Origin.Defined functionDefinition(Module module, Node function, Resolver.Origin callee) {
            if (callee instanceof Resolver.Origin.Defined d && FUNCTIONS.contains(d.node().type())) {
                return d;
            }
            if (!function.is("member_expression") || function.child("property") == null) {
                return null;
            }
            String method = function.child("property").text();
            Node object = function.child("object");
            if (object.is("this")) {
                Node classBody = function.ancestor("class_body");
                Node m = classBody == null ? null : method(classBody, method);
                return m == null ? null : new Resolver.Origin.Defined(module, m);
            }
            Resolver.Origin instance = resolver.resolve(module, object);
            if (instance instanceof Resolver.Origin.Defined d && d.node().is("new_expression")) {
                Resolver.Origin type = resolver.resolve(d.module(), d.node().child("constructor"));
                if (type instanceof Resolver.Origin.Defined t
                        && (t.node().is("class_declaration") || t.node().is("class"))
                        && t.node().child("body") != null) {
                    Node m = method(t.node().child("body"), method);
                    return m == null ? null : new Resolver.Origin.Defined(t.module(), m);
                }
            }
            return null;
        }

        private static Node method(Node classBody, String name) {
            for (Node member : classBody.namedChildren()) {
                if (member.is("method_definition") && member.child("name") != null
                        && member.child("name").text().equals(name)) {
                    return member;
                }
            }
            return null;
        }
    }

    /** Model output read through a package stays model output; nothing else a package returns is. */
    private static Flow packageResult(Flow flow) {
        return flow instanceof Flow.Opaque ? NONE : flow;
    }

    /** Applies the name heuristic where the origin could not be followed. */
    private static Flow byName(String name, Node at, Flow flow) {
        if (!namedLikeModelOutput(name)) {
            return flow;
        }
        if (flow instanceof Flow.Opaque) {
            return new Flow.Model(List.of(new Hop("`" + name + "`, named like model output (origin not followed)",
                    at.where())));
        }
        if (flow instanceof Flow.Masked m && !m.model()) {
            return new Flow.Masked(m.hops(), true);
        }
        return flow;
    }

    private static boolean isLlmCall(Node function) {
        String method = lastName(function);
        if (method == null) {
            return false;
        }
        if (LLM_METHODS.contains(method)) {
            return true;
        }
        String callee = function.text().replaceAll("\\s+", "");
        if (method.equals("create")) {
            // openai/anthropic clients, not a Mongoose Model.create
            return callee.endsWith("completions.create") || callee.endsWith("responses.create")
                    || callee.endsWith("messages.create");
        }
        if (LLM_MODEL_METHODS.contains(method) && function.is("member_expression")) {
            return LLM_RECEIVER.matcher(function.child("object").text()).find();
        }
        return false;
    }

    /** The masking name a call goes by (its own or its definition's), or null when it is not a masking call. */
    private static String maskingName(Node function, Resolver.Origin callee, Resolver.Origin.Defined definition) {
        String own = lastName(function);
        if (own != null && MASKING.matcher(own).find()) {
            return own;
        }
        if (callee instanceof Resolver.Origin.FromPackage p
                && (MASKING.matcher(p.packageName()).find() || MASKING.matcher(p.name()).find())) {
            return p.packageName() + (p.isMain() ? "" : " " + p.name());
        }
        if (definition != null) {
            String defined = definedName(definition.node());
            if (defined != null && MASKING.matcher(defined).find()) {
                return shortText(function) + " (" + defined + ")";
            }
        }
        return null;
    }

    /** The name a function is defined under: its own, its variable's, its property's. */
    private static String definedName(Node function) {
        if (function.child("name") != null) {
            return function.child("name").text();
        }
        Node parent = function.parent();
        if (parent != null && parent.is("variable_declarator") && parent.child("name") != null) {
            return parent.child("name").text();
        }
        if (parent != null && parent.is("pair") && parent.child("key") != null) {
            return parent.child("key").text();
        }
        return null;
    }

    /** {@code text => text}, {@code function (s) { return s; }}: a "masking" function that masks nothing. */
    private static boolean returnsItsInputUnchanged(Node function) {
        Node first = function.child("parameter");
        Node parameters = function.child("parameters");
        if (first == null && parameters != null && !parameters.namedChildren().isEmpty()) {
            Node p = parameters.namedChildren().get(0);
            first = p.is("identifier") ? p : p.child("pattern"); // TypeScript: (text: string)
        }
        if (first == null || !first.is("identifier")) {
            return false;
        }
        String input = first.text();
        List<Node> returned = returned(function);
        return !returned.isEmpty() && returned.stream().allMatch(r -> r.is("identifier") && r.text().equals(input));
    }

    /** The expressions a function returns or yields (not those of functions nested in it). */
    static List<Node> returned(Node function) {
        Node body = function.child("body");
        if (body == null) {
            return List.of();
        }
        if (!body.is("statement_block")) {
            return List.of(body);
        }
        List<Node> out = new ArrayList<>();
        for (Node n : body.find(n -> n.is("return_statement") || n.is("yield_expression"))) {
            Node owner = n;
            do {
                owner = owner.parent();
            } while (owner != null && !FUNCTIONS.contains(owner.type()));
            if (function.equals(owner) && !n.namedChildren().isEmpty()) {
                out.add(n.namedChildren().get(0));
            }
        }
        return out;
    }

    private static String rootName(Node e) {
        Node root = e;
        while ((root.is("member_expression") || root.is("subscript_expression")) && root.child("object") != null) {
            root = root.child("object");
        }
        return root.is("identifier") ? root.text() : null;
    }

    private static String shortText(Node n) {
        String text = n.text().replaceAll("\\s+", "");
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return List.copyOf(out);
    }
}
