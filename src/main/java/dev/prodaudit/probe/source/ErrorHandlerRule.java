package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code require: errorHandler}: the Express error-handling middleware (a function of four parameters registered with
 * {@code app.use}) does not answer with {@code err.stack} or {@code err.message} in production: a response
 * ({@code res.json}, {@code res.send}, {@code res.status(..).json}, ...) carrying either fails unless a NODE_ENV test
 * keeps it out of production, or it is the message of an error marked safe to show ({@code err.expose},
 * {@code isOperational}, a status below 500). No error handler at all is a WARN: Express's default one answers, and
 * it leaves the stack out only when NODE_ENV is production (the app.node-env check).
 */
final class ErrorHandlerRule implements SourceRule {
    private static final Set<String> RESPONSES = Set.of("json", "send", "end", "write", "jsonp", "render");
    private static final Set<String> LEAKED = Set.of("stack", "message");
    /** Conditions under which an error's message is meant for the client. */
    private static final Pattern SAFE_MESSAGE = Pattern.compile(
            "\\bexpose\\b|isOperational|\\b(?:status|statusCode)\\s*<=?\\s*(?:499|500)\\b|\\b(?:500|499)\\s*>=?\\s*\\S*(?:status|statusCode)");

    @Override
    public String name() {
        return "errorHandler";
    }

    @Override
    public String explains() {
        return "The Express error handler (a four-parameter function registered with app.use) must not answer with"
                + " err.stack or err.message unless a NODE_ENV test keeps that out of production (or the error is"
                + " marked safe: err.expose, isOperational, status below 500); no error handler at all WARNs, since"
                + " Express's default one hides the stack only when NODE_ENV=production.";
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        ExpressModel express = code.express();
        if (express.apps().isEmpty()) {
            return List.of(Finding.of(Status.ERROR, "no express() app found in the sources: its error handler cannot"
                    + " be judged"));
        }
        List<Finding> out = new ArrayList<>();
        NodeEnv nodeEnv = new NodeEnv(code.resolver());
        for (ExpressModel.Middleware m : express.appMiddleware()) {
            Handler handler = handler(code.resolver(), m);
            if (handler != null) {
                out.add(judge(code, nodeEnv, handler, m));
            }
        }
        if (out.isEmpty()) {
            ExpressModel.App app = express.apps().get(0);
            out.add(Finding.at(Status.WARN, "no Express error handler (a four-parameter function registered with"
                    + " app.use) on the app created at " + app.where() + ": Express's default handler answers errors,"
                    + " and leaves the stack out only when NODE_ENV=production", app.created().tree().path(),
                    app.created().line()));
        }
        return out;
    }

    /** An error-handling function and the module it is written in. */
    private record Handler(Module module, Node function) {
    }

    /** The four-parameter function a middleware is, or its factory returns ({@code app.use(errorHandler())}). */
    private static Handler handler(Resolver resolver, ExpressModel.Middleware m) {
        if (!(m.origin() instanceof Resolver.Origin.Defined d)) {
            return null;
        }
        Node node = d.node();
        if (node.is("variable_declarator")) {
            node = node.child("value");
        }
        if (node != null && errorFunction(node)) {
            return new Handler(d.module(), node);
        }
        if (node != null && node.is("call_expression")
                && resolver.resolve(d.module(), node.child("function")) instanceof Resolver.Origin.Defined f) {
            Node factory = f.node().is("variable_declarator") ? f.node().child("value") : f.node();
            if (factory == null) {
                return null;
            }
            for (Node inner : factory.find(ErrorHandlerRule::errorFunction)) {
                if (!inner.equals(factory)) {
                    return new Handler(f.module(), inner);
                }
            }
        }
        return null;
    }

    private static boolean errorFunction(Node n) {
        Node parameters = n.child("parameters");
        return parameters != null && parameters.is("formal_parameters") && parameters.namedChildren().size() == 4;
    }

    private static Finding judge(SourceCode code, NodeEnv nodeEnv, Handler handler, ExpressModel.Middleware m) {
        List<Node> parameters = handler.function().child("parameters").namedChildren();
        String err = name(parameters.get(0));
        String res = name(parameters.get(2));
        Node function = handler.function();
        String where = function.where();
        if (err == null || res == null) {
            return Finding.at(Status.WARN, "the error handler at " + where + " destructures its parameters; the audit"
                    + " cannot tell what it answers", function.tree().path(), function.line());
        }
        String guarded = null;
        for (Node call : function.find("call_expression")) {
            if (!response(call, res)) {
                continue;
            }
            for (Node arg : call.child("arguments").namedChildren()) {
                for (NodeEnv.Located n : nodeEnv.productionNodes(handler.module(), arg)) {
                    Node at = n.node();
                    String leaked = leaks(at, err);
                    if (leaked == null && (at.is("identifier") || at.is("shorthand_property_identifier"))) {
                        // const message = err.message; const { stack } = err; ... res.json({ message })
                        Node declared = code.resolver().declaration(at);
                        if (declared != null && declared.is("variable_declarator") && function.contains(declared)
                                && !nodeEnv.skippedInProduction(handler.module(), declared, null)) {
                            leaked = leaks(declared, err);
                            Node value = declared.child("value");
                            for (Node x : leaked == null && value != null ? value.find(y -> leaks(y, err) != null)
                                    : List.<Node>of()) {
                                if (!nodeEnv.skippedInProduction(handler.module(), x, null)) {
                                    leaked = leaks(x, err);
                                    at = x;
                                    break;
                                }
                            }
                            at = leaked != null && at == n.node() ? declared : at;
                        }
                    }
                    if (leaked == null || !function.contains(at)) {
                        continue;
                    }
                    if (safeMessage(at, leaked, function)) {
                        guarded = leaked + " only for errors marked safe to show (" + at.where() + ")";
                        continue;
                    }
                    return Finding.at(Status.FAIL, "the error handler at " + where + " answers with " + leaked + " ("
                            + at.where() + ") when NODE_ENV is production", at.tree().path(), at.line());
                }
                for (Node n : arg.find(x -> leaks(x, err) != null)) {
                    guarded = guarded != null ? guarded : leaks(n, err) + " only outside production (" + n.where() + ")";
                }
            }
        }
        return Finding.at(Status.PASS, "the error handler at " + where + " (registered at " + m.where() + ") answers"
                + " without err.stack or err.message in production" + (guarded == null ? "" : "; " + guarded),
                function.tree().path(), function.line());
    }

    /** {@code res.json(...)}, {@code res.status(500).send(...)}: a call answering through {@code res}. */
    private static boolean response(Node call, String res) {
        Node function = call.child("function");
        if (function == null || !function.is("member_expression") || function.child("property") == null
                || !RESPONSES.contains(function.child("property").text()) || call.child("arguments") == null) {
            return false;
        }
        Node base = function.child("object");
        while (base != null && (base.is("call_expression") || base.is("member_expression"))) {
            base = base.is("call_expression") ? base.child("function") : base.child("object");
        }
        return base != null && base.is("identifier") && base.text().equals(res);
    }

    /** "err.stack"/"err.message" when the node reads it (or the whole error as text), else null. */
    private static String leaks(Node n, String err) {
        if (n.is("member_expression") && n.child("object") != null && n.child("object").text().equals(err)
                && n.child("property") != null && LEAKED.contains(n.child("property").text())) {
            return err + "." + n.child("property").text();
        }
        if (n.is("template_substitution") && n.namedChildren().size() == 1 && n.namedChildren().get(0).text().equals(err)) {
            return err + ".message";
        }
        if (n.is("call_expression") && n.child("function") != null
                && (n.child("function").text().equals(err + ".toString") || n.child("function").text().equals("String"))
                && (n.child("function").text().equals("String") ? n.child("arguments").text().equals("(" + err + ")") : true)) {
            return err + ".message";
        }
        if (n.is("variable_declarator") && n.child("value") != null && n.child("value").text().equals(err)
                && n.child("name") != null && n.child("name").is("object_pattern")) {
            for (Node bound : n.child("name").find(x -> x.is("shorthand_property_identifier_pattern")
                    || x.is("property_identifier"))) {
                if (LEAKED.contains(bound.text())) {
                    return err + "." + bound.text();
                }
            }
        }
        return null;
    }

    /** Whether a conditional between the leak and the handler sends the message only for errors meant for clients. */
    private static boolean safeMessage(Node leak, String leaked, Node function) {
        if (!leaked.endsWith(".message")) {
            return false;
        }
        for (Node p = leak.parent(); p != null && !p.equals(function); p = p.parent()) {
            Node condition = p.is("ternary_expression") || p.is("if_statement") ? p.child("condition")
                    : p.is("binary_expression") && NodeEnv.operator(p).equals("&&") ? p.child("left") : null;
            if (condition != null && !condition.contains(leak) && SAFE_MESSAGE.matcher(condition.text()).find()) {
                return true;
            }
        }
        return false;
    }

    private static String name(Node parameter) {
        Node p = parameter;
        if (p.is("required_parameter") || p.is("optional_parameter")) { // TypeScript: (err: Error, ...)
            p = p.child("pattern");
        }
        if (p != null && p.is("assignment_pattern")) {
            p = p.child("left");
        }
        return p != null && p.is("identifier") ? p.text() : null;
    }
}
