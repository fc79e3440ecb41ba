package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code helmet}: {@code helmet()} (package helmet) runs before every route of the Express apps, and none of the
 * headers the checklist names is switched off in its options. A route registered before {@code app.use(helmet())}
 * (or on an app or router that never mounts it) answers without the headers and is listed.
 */
final class HelmetRule implements SourceRule {

    /** Helmet options (helmet 7+ names and their older aliases) whose {@code false} drops a checklist header. */
    private static final Map<String, String> HEADERS = Map.of(
            "contentSecurityPolicy", "Content-Security-Policy",
            "strictTransportSecurity", "Strict-Transport-Security",
            "hsts", "Strict-Transport-Security",
            "xFrameOptions", "X-Frame-Options",
            "frameguard", "X-Frame-Options",
            "xContentTypeOptions", "X-Content-Type-Options",
            "noSniff", "X-Content-Type-Options",
            "xPoweredBy", "X-Powered-By removal",
            "hidePoweredBy", "X-Powered-By removal");

    @Override
    public String name() {
        return "helmet";
    }

    @Override
    public String explains() {
        return "helmet() from the helmet package is mounted with app.use before every route of each Express app"
                + " (routes registered before it are listed), and its options do not set contentSecurityPolicy,"
                + " strictTransportSecurity/hsts, xFrameOptions/frameguard, xContentTypeOptions/noSniff or"
                + " xPoweredBy/hidePoweredBy to false";
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        ExpressModel express = code.express();
        if (express.apps().isEmpty()) {
            return List.of(Finding.of(Status.WARN, "no Express application found in the sources (express() is never"
                    + " called), so where Helmet runs cannot be told"));
        }
        List<CodeFacts.Site> helmets = CodeFacts.callsOf(code, "helmet", Resolver.Origin.FromPackage::isMain);
        String apps = express.apps().stream().map(ExpressModel.App::where).collect(Collectors.joining(", "));
        if (helmets.isEmpty()) {
            return List.of(CodeFacts.finding(Status.FAIL, "helmet() is never called: the Express app (" + apps
                    + ") sends no Content-Security-Policy, Strict-Transport-Security or X-Frame-Options from Helmet",
                    express.apps().get(0).created()));
        }
        List<Finding> findings = new ArrayList<>();
        for (CodeFacts.Site helmet : helmets) {
            findings.addAll(options(code, helmet));
        }
        findings.addAll(order(express, helmets));
        return findings;
    }

    /** FAIL for each checklist header the options switch off; WARN when an option's value cannot be told. */
    private static List<Finding> options(SourceCode code, CodeFacts.Site helmet) {
        List<Node> args = helmet.node().child("arguments").namedChildren();
        if (args.isEmpty()) {
            return List.of();
        }
        CodeFacts.Site options = CodeFacts.definition(code.resolver(), helmet.module(), args.get(0));
        if (options == null || !options.node().is("object")) {
            return List.of(CodeFacts.finding(Status.WARN, "helmet(" + CodeFacts.excerpt(args.get(0), 40) + ") at "
                    + helmet.where() + ": its options are not an object in the code, so which headers it disables"
                    + " cannot be told", helmet.node()));
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Node> option : CodeFacts.properties(options.node()).entrySet()) {
            String header = HEADERS.get(option.getKey());
            if (header == null) {
                continue;
            }
            Node value = option.getValue();
            Value v = code.values().eval(options.module(), value);
            if (v instanceof Value.Bool b && !b.value()) {
                out.add(CodeFacts.finding(Status.FAIL, "helmet({ " + option.getKey() + ": false }) at " + value.where()
                        + " turns off " + header, value));
            } else if (!(value.is("object") || v instanceof Value.Bool || isObject(code, options.module(), value))) {
                out.add(CodeFacts.finding(Status.WARN, "helmet option " + option.getKey() + " at " + value.where()
                        + " is " + CodeFacts.excerpt(value, 50) + ": whether it turns off " + header
                        + " in production cannot be told from the code", value));
            }
        }
        return out;
    }

    private static boolean isObject(SourceCode code, dev.prodaudit.source.Module module, Node value) {
        CodeFacts.Site d = CodeFacts.definition(code.resolver(), module, value);
        return d != null && d.node().is("object");
    }

    /** Each served route whose chain runs no helmet(): FAIL, naming where helmet() is registered if anywhere. */
    private static List<Finding> order(ExpressModel express, List<CodeFacts.Site> helmets) {
        List<ExpressModel.Route> routes = express.routes().stream().filter(ExpressModel.Route::mounted).toList();
        String registered = helmets.stream().map(CodeFacts.Site::where).collect(Collectors.joining(", "));
        if (routes.isEmpty()) {
            boolean onApp = express.appMiddleware().stream().anyMatch(m -> isHelmet(m, helmets));
            return List.of(Finding.of(Status.WARN, "no route of the Express app was found, so whether helmet() ("
                    + registered + ") runs before the routes cannot be told" + (onApp ? " (it is mounted on the app)"
                    : "")));
        }
        List<Finding> out = new ArrayList<>();
        for (ExpressModel.Route route : routes) {
            if (route.chain().stream().noneMatch(m -> isHelmet(m, helmets))) {
                out.add(CodeFacts.finding(Status.FAIL, route.method() + " " + route.path() + " (" + route.where()
                        + ") runs without helmet(): it is registered before helmet() (" + registered
                        + ") or on an app or router that does not mount it, so its responses carry no Helmet headers",
                        route.at()));
            }
        }
        if (out.isEmpty()) {
            out.add(CodeFacts.finding(Status.PASS, "helmet() (" + registered + ") runs before all " + routes.size()
                    + " routes", helmets.get(0).node()));
        }
        return out;
    }

    /** Whether a middleware is (or wraps, or is an array holding) one of the helmet() calls. */
    private static boolean isHelmet(ExpressModel.Middleware m, List<CodeFacts.Site> helmets) {
        Node node = m.origin() instanceof Resolver.Origin.Defined d ? d.node() : m.expression();
        return helmets.stream().anyMatch(h -> node.contains(h.node()) || m.expression().contains(h.node()));
    }
}
