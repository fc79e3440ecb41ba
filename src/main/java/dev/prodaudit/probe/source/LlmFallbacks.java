package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code require: llmFallbacks}: every call to a chat or embedding client (openai's {@code OpenAI}/{@code AzureOpenAI}
 * {@code .chat.completions.create}/{@code .embeddings.create}; {@code @azure/openai}'s {@code OpenAIClient}
 * {@code getChatCompletions}/{@code getEmbeddings}/{@code streamChatCompletions}; langchain's {@code ChatOpenAI},
 * {@code AzureChatOpenAI}, {@code OpenAIEmbeddings} {@code invoke}/{@code stream}/{@code embedQuery}/
 * {@code embedDocuments}/{@code call}) runs under a {@code try/catch} or a {@code .catch(...)} that maps the
 * provider's errors to a message for the user: it tells rate limits (429), timeouts or content-filter rejections
 * apart itself or through a mapping function it calls. A call in a function without its own handler is covered when
 * every caller of that function is (a few calls up), and a call inside a callback is covered by the handling of the
 * call the callback is passed to ({@code withRetry(() => client...)}, a route handler: none).
 */
final class LlmFallbacks implements SourceRule {
    private static final Set<String> OPENAI_CLASSES = Set.of("OpenAI", "AzureOpenAI", "default", "*");
    private static final Set<String> AZURE_METHODS = Set.of("getChatCompletions", "getEmbeddings",
            "streamChatCompletions", "getCompletions", "streamCompletions");
    private static final Set<String> LANGCHAIN_METHODS = Set.of("invoke", "stream", "embedQuery", "embedDocuments",
            "call", "batch", "generate", "predict");
    /** Methods whose name alone says an LLM client, when the receiver cannot be followed (a parameter, a field). */
    private static final Set<String> DISTINCTIVE = Set.of("getChatCompletions", "getEmbeddings",
            "streamChatCompletions", "embedQuery", "embedDocuments");
    /** What a handler that tells provider errors apart mentions. */
    private static final Pattern SPECIFIC = Pattern.compile("(?i)^(?:429|408|504)$|rate.?limit|too.?many|timeout"
            + "|timed.?out|ETIMEDOUT|ECONNABORTED|AbortError|content.?filter|ResponsibleAIPolicyViolation"
            + "|insufficient_quota|quota");
    private static final Pattern MAPPER_NAME = Pattern.compile(
            "(?i)(?:map|translate|friendly|user|humani[sz]e|to)\\w*(?:error|err|message)|fallback");
    private static final Pattern LOGGING = Pattern.compile(
            "(?i)^(?:console|logger|log|this\\.logger|sentry|Sentry)\\s*\\.\\s*\\w+$|captureException$");
    private static final int MAX_CALLER_DEPTH = 3;

    @Override
    public String name() {
        return "llmFallbacks";
    }

    @Override
    public String explains() {
        return "Every openai / @azure/openai / langchain chat or embedding call (chat.completions.create,"
                + " embeddings.create, getChatCompletions, getEmbeddings, streamChatCompletions, invoke, stream,"
                + " embedQuery, embedDocuments) must run under a try/catch or .catch(...) - its own or every caller's"
                + " - that maps 429, timeout and content-filter errors to a user-facing message (itself or through a"
                + " mapping function): none FAILs, a catch that only logs or rethrows or answers one generic message"
                + " WARNs.";
    }

    /** An LLM call site: the call as written and the client it goes to. */
    private record Call(Module module, Node call, String client) {
        String describe() {
            return call.child("function").text().replaceAll("\\s+", "") + "() at " + call.where();
        }
    }

    /** How well a handler maps errors: a better grade ranks higher. */
    private enum Grade { NONE, LOGS_OR_RETHROWS, GENERIC, SPECIFIC }

    /** The handling found for a call: its grade, the handler (null when none) and the path to it. */
    private record Handling(Grade grade, Node handler, String via) {
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        List<Call> calls = calls(code);
        if (calls.isEmpty()) {
            return List.of(Finding.of(Status.WARN, "no call to an openai, @azure/openai or langchain chat or embedding"
                    + " client found in the sources: the fallbacks cannot be judged from the code"));
        }
        List<Finding> out = new ArrayList<>();
        for (Call c : calls) {
            Handling h = handling(code, c.module(), c.call(), 0, new HashSet<>());
            String handler = h.handler() == null ? "" : " (" + (h.handler().is("catch_clause") ? "catch" : ".catch")
                    + " at " + h.handler().where() + h.via() + ")";
            Finding f = switch (h.grade()) {
                case SPECIFIC -> Finding.at(Status.PASS, c.describe() + ": provider errors are mapped to a message"
                        + handler, c.call().tree().path(), c.call().line());
                case GENERIC -> Finding.at(Status.WARN, c.describe() + ": errors get one generic answer" + handler
                        + "; rate limits, timeouts and content-filter rejections are not told apart",
                        c.call().tree().path(), c.call().line());
                case LOGS_OR_RETHROWS -> Finding.at(Status.WARN, c.describe() + ": the handler only logs or rethrows"
                        + handler + "; the user sees no fallback message", c.call().tree().path(), c.call().line());
                case NONE -> Finding.at(Status.FAIL, c.describe() + " (" + c.client() + ") is in no try/catch or"
                        + " .catch" + h.via() + ": a timeout, 429 or content-filter error reaches the user raw",
                        c.call().tree().path(), c.call().line());
            };
            out.add(f);
        }
        return out;
    }

    // ------------------------------------------------------------------ finding the calls

    private static List<Call> calls(SourceCode code) {
        List<Call> out = new ArrayList<>();
        for (Module m : code.index().modules().values()) {
            for (Node call : m.root().find("call_expression")) {
                Node function = call.child("function");
                if (function == null || !function.is("member_expression") || function.child("property") == null) {
                    continue;
                }
                List<String> path = new ArrayList<>();
                Node base = function;
                // client.chat.completions.create -> client + [chat, completions, create]; this.llm.invoke -> this.llm
                while (base != null && base.is("member_expression") && base.child("property") != null
                        && !(base.child("object") != null && base.child("object").is("this"))) {
                    path.add(0, base.child("property").text());
                    base = base.child("object");
                }
                String kind = methodKind(path);
                if (path.isEmpty() || kind == null || base == null) {
                    continue;
                }
                String client = client(code, m, base);
                String method = path.get(path.size() - 1);
                if (client != null && client.startsWith(kind)) {
                    out.add(new Call(m, call, client));
                } else if (client == null && DISTINCTIVE.contains(method)
                        || client == null && kind.equals("openai") && path.size() >= 2) {
                    out.add(new Call(m, call, "an LLM client"));
                }
            }
        }
        return out;
    }

    /** Which client family a method path belongs to: "openai", "@azure/openai", "langchain", else null. */
    private static String methodKind(List<String> path) {
        String last = path.get(path.size() - 1);
        String joined = String.join(".", path);
        if (joined.endsWith("chat.completions.create") || joined.endsWith("embeddings.create")
                || joined.endsWith("chat.completions.stream") || joined.endsWith("chat.completions.parse")
                || joined.endsWith("responses.create")) {
            return "openai";
        }
        if (AZURE_METHODS.contains(last) && path.size() == 1) {
            return "@azure/openai";
        }
        if (LANGCHAIN_METHODS.contains(last) && path.size() == 1) {
            return "langchain";
        }
        return null;
    }

    /** The client family the receiver is constructed as, when the code says. */
    private static String client(SourceCode code, Module m, Node receiver) {
        Node created = null;
        Module in = m;
        if (receiver.is("member_expression") && receiver.child("object") != null && receiver.child("object").is("this")) {
            created = fieldValue(receiver);
        } else if (code.resolver().resolve(m, receiver) instanceof Resolver.Origin.Defined d) {
            created = d.node();
            in = d.module();
        }
        if (created == null || !created.is("new_expression")) {
            return null;
        }
        if (!(code.resolver().resolve(in, created.child("constructor")) instanceof Resolver.Origin.FromPackage p)) {
            return null;
        }
        String pkg = p.packageName();
        String name = p.name();
        if (pkg.equals("openai") && OPENAI_CLASSES.contains(name)) {
            return "openai " + (name.equals("AzureOpenAI") ? "AzureOpenAI" : "OpenAI");
        }
        if (pkg.equals("@azure/openai") && name.equals("OpenAIClient")) {
            return "@azure/openai OpenAIClient";
        }
        if ((pkg.startsWith("@langchain/") || pkg.equals("langchain"))
                && (name.startsWith("Chat") || name.startsWith("AzureChat") || name.endsWith("Embeddings")
                || name.equals("OpenAI") || name.equals("AzureOpenAI"))) {
            return "langchain " + name;
        }
        return null;
    }

    /** {@code this.client}: the value the enclosing class assigns to the field ({@code this.client = new OpenAI()}). */
    private static Node fieldValue(Node thisMember) {
        String field = thisMember.child("property").text();
        Node body = thisMember.ancestor("class_body");
        if (body == null) {
            return null;
        }
        for (Node a : body.find("assignment_expression")) {
            Node left = a.child("left");
            if (left != null && left.text().replaceAll("\\s+", "").equals("this." + field)) {
                return a.child("right");
            }
        }
        for (Node f : body.find(n -> n.is("field_definition") || n.is("public_field_definition"))) {
            Node name = f.child("property") != null ? f.child("property") : f.child("name");
            if (name != null && name.text().equals(field)) {
                return f.child("value");
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ how a call is handled

    private Handling handling(SourceCode code, Module m, Node subject, int depth, Set<Node> seen) {
        Node node = subject;
        for (Node p = node.parent(); p != null; node = p, p = p.parent()) {
            // client.x().then(...).catch(handler) / .then(ok, failed)
            if (p.is("member_expression") && node.equals(p.child("object")) && p.parent() != null
                    && p.parent().is("call_expression")) {
                String method = p.child("property") == null ? "" : p.child("property").text();
                List<Node> args = arguments(p.parent());
                if (method.equals("catch") && !args.isEmpty()) {
                    return new Handling(grade(code, m, args.get(0)), args.get(0), "");
                }
                if (method.equals("then") && args.size() == 2) {
                    return new Handling(grade(code, m, args.get(1)), args.get(1), "");
                }
            }
            if (p.is("try_statement") && node.equals(p.child("body")) && p.child("handler") != null) {
                Node handler = p.child("handler");
                return new Handling(grade(code, m, handler.child("body")), handler, "");
            }
            if (isFunction(p)) {
                return viaCallers(code, m, p, depth, seen);
            }
        }
        return new Handling(Grade.NONE, null, "");
    }

    /** A call inside a function is handled where that function is called, or where the callback is passed. */
    private Handling viaCallers(SourceCode code, Module m, Node function, int depth, Set<Node> seen) {
        if (depth >= MAX_CALLER_DEPTH || !seen.add(function)) {
            return new Handling(Grade.NONE, null, "");
        }
        Node passedTo = passedTo(function);
        if (passedTo != null) {
            Handling h = handling(code, m, passedTo, depth + 1, seen);
            return h.grade() == Grade.NONE ? new Handling(Grade.NONE, null, ", nor is "
                    + callee(passedTo) + "(...) at " + passedTo.where() + " it is passed to")
                    : withVia(h, ", around " + callee(passedTo) + "(...) at " + passedTo.where());
        }
        String name = functionName(function);
        if (name == null) {
            return new Handling(Grade.NONE, null, "");
        }
        List<Located> callers = callers(code, function, name);
        if (callers.isEmpty()) {
            return new Handling(Grade.NONE, null, " in " + name + "(), which the audit finds no caller of");
        }
        Handling weakest = null;
        for (Located caller : callers) {
            Handling h = handling(code, caller.module(), caller.node(), depth + 1, seen);
            if (h.grade() == Grade.NONE) {
                return new Handling(Grade.NONE, null, " in " + name + "(), nor is its call at " + caller.node().where());
            }
            if (weakest == null || h.grade().ordinal() < weakest.grade().ordinal()) {
                weakest = withVia(h, ", around the call of " + name + "() at " + caller.node().where());
            }
        }
        return weakest;
    }

    private static Handling withVia(Handling h, String via) {
        return new Handling(h.grade(), h.handler(), via + h.via());
    }

    private record Located(Module module, Node node) {
    }

    /** The call a callback is an argument of ({@code retry(() => ...)}, {@code Promise.race([...])}), else null. */
    private static Node passedTo(Node function) {
        Node p = function.parent();
        if (p != null && p.is("array")) {
            p = p.parent();
        }
        if (p != null && p.is("arguments") && p.parent() != null
                && (p.parent().is("call_expression") || p.parent().is("new_expression"))) {
            return p.parent();
        }
        return null;
    }

    /** The name a function is called by: declared, assigned to a name, a method or an object property. */
    private static String functionName(Node function) {
        if (function.child("name") != null
                && (function.is("function_declaration") || function.is("method_definition")
                || function.is("generator_function_declaration"))) {
            return function.child("name").text();
        }
        Node p = function.parent();
        if (p != null && p.is("variable_declarator") && p.child("name") != null && p.child("name").is("identifier")) {
            return p.child("name").text();
        }
        if (p != null && p.is("pair") && p.child("key") != null) {
            return p.child("key").text().replaceAll("^['\"]|['\"]$", "");
        }
        if (p != null && (p.is("public_field_definition") || p.is("field_definition"))) {
            Node n = p.child("name") != null ? p.child("name") : p.child("property");
            return n == null ? null : n.text();
        }
        return null;
    }

    /** Calls of {@code function} by {@code name}: resolved to it, or {@code this.name()} in its own class. */
    private static List<Located> callers(SourceCode code, Node function, String name) {
        List<Located> out = new ArrayList<>();
        Node declaration = function.parent() != null && function.parent().is("variable_declarator")
                ? function.parent() : function;
        Node ownClass = function.ancestor("class_body");
        for (Module m : code.index().modules().values()) {
            if (!m.root().text().contains(name)) {
                continue;
            }
            for (Node call : m.root().find("call_expression")) {
                Node callee = call.child("function");
                if (callee == null || function.contains(call)) {
                    continue;
                }
                String last = callee.is("member_expression") && callee.child("property") != null
                        ? callee.child("property").text() : callee.text();
                if (!last.equals(name)) {
                    continue;
                }
                if (ownClass != null && callee.is("member_expression") && callee.child("object") != null
                        && callee.child("object").is("this") && ownClass.contains(call)) {
                    out.add(new Located(m, call));
                    continue;
                }
                Resolver.Origin origin = code.resolver().resolve(m, callee);
                if (origin instanceof Resolver.Origin.Defined d
                        && (d.node().equals(function) || d.node().equals(declaration))) {
                    out.add(new Located(m, call));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ what a handler does

    private Grade grade(SourceCode code, Module m, Node handler) {
        if (handler == null) {
            return Grade.LOGS_OR_RETHROWS;
        }
        if (specific(code, m, handler, 0)) {
            return Grade.SPECIFIC;
        }
        Node body = handler;
        if (isFunction(handler)) {
            body = handler.child("body");
        } else if (handler.is("identifier") || handler.is("member_expression")) {
            // .catch(console.error), .catch(next): passed on, nothing answered here
            return Grade.LOGS_OR_RETHROWS;
        }
        if (body == null) {
            return Grade.LOGS_OR_RETHROWS;
        }
        if (!body.is("statement_block")) {
            return logs(body) ? Grade.LOGS_OR_RETHROWS : Grade.GENERIC; // arrow with an expression body
        }
        for (Node statement : body.namedChildren()) {
            boolean passive = statement.is("throw_statement")
                    || statement.is("expression_statement") && !statement.namedChildren().isEmpty()
                    && logs(statement.namedChildren().get(0));
            if (!passive) {
                return Grade.GENERIC;
            }
        }
        return Grade.LOGS_OR_RETHROWS;
    }

    /** A log or error-report call ({@code console.error(e)}, {@code logger.warn(...)}, {@code next(err)}). */
    private static boolean logs(Node expression) {
        Node e = expression.is("await_expression") && !expression.namedChildren().isEmpty()
                ? expression.namedChildren().get(0) : expression;
        if (!e.is("call_expression") || e.child("function") == null) {
            return false;
        }
        String callee = e.child("function").text().replaceAll("\\s+", "");
        return LOGGING.matcher(callee).find() || callee.equals("next");
    }

    /** Whether the handler tells provider errors apart, itself or in a function of the app it calls. */
    private boolean specific(SourceCode code, Module m, Node handler, int depth) {
        for (Node n : handler.find(x -> true)) {
            if ((n.is("number") || n.is("string_fragment") || n.is("identifier") || n.is("property_identifier")
                    || n.is("shorthand_property_identifier") || n.is("type_identifier"))
                    && SPECIFIC.matcher(n.text()).find()) {
                return true;
            }
            if (depth < 2 && n.is("call_expression") && n.child("function") != null) {
                Node callee = n.child("function");
                if (code.resolver().resolve(m, callee) instanceof Resolver.Origin.Defined d
                        && !d.node().equals(callee) && !d.node().contains(handler)
                        && specific(code, d.module(), d.node(), depth + 1)) {
                    return true;
                }
                String name = callee.is("member_expression") && callee.child("property") != null
                        ? callee.child("property").text() : callee.text();
                if (!(code.resolver().resolve(m, callee) instanceof Resolver.Origin.Defined)
                        && MAPPER_NAME.matcher(name).find() && !n.child("arguments").namedChildren().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isFunction(Node n) {
        return n.is("arrow_function") || n.is("function_expression") || n.is("function")
                || n.is("function_declaration") || n.is("method_definition")
                || n.is("generator_function_declaration") || n.is("generator_function");
    }

    private static List<Node> arguments(Node call) {
        Node args = call.child("arguments");
        return args == null ? List.of() : args.namedChildren();
    }

    private static String callee(Node call) {
        Node f = call.is("new_expression") ? call.child("constructor") : call.child("function");
        return f == null ? "?" : f.text().replaceAll("\\s+", "");
    }
}
