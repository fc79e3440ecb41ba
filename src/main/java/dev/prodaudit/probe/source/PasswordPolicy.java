package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.source.PasswordRegex.Requirement;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code passwordPolicy}: every register, password-reset and password-change route validates the new password on
 * the server: at least 8 characters with a lower-case letter, an upper-case letter, a digit and a symbol. The checks
 * are looked for in the route's own middleware and handler and in what they reach (controllers, services, schemas,
 * across files): validator's {@code isStrongPassword} (whose defaults are exactly that rule), express-validator
 * chains (read by {@code validationResult}), zod, joi and yup schemas, a regular expression tested against the
 * password, a length comparison, a Mongoose schema's {@code minlength}/{@code match}. Each route lists what it found
 * and what is missing.
 */
final class PasswordPolicy implements SourceRule {
    private static final Pattern PASSWORD = Pattern.compile("(?i)pass(word)?|pwd|^pw$");
    /** Fields named like a password that are not the new password: the current one, its confirmation, its hash. */
    private static final Pattern NOT_THE_NEW_ONE = Pattern.compile("(?i)confirm|current|old|hash|salt|token|repeat");
    private static final Set<String> LAST_SEGMENTS = Set.of("register", "signup", "sign-up", "sign_up",
            "reset-password", "reset_password", "resetpassword", "change-password", "change_password",
            "changepassword", "update-password", "updatepassword", "set-password", "new-password", "password");
    private static final Set<String> AFTER_PASSWORD = Set.of("reset", "change", "update", "set", "new");
    private static final Set<String> SCHEMA_PACKAGES = Set.of("zod", "joi", "@hapi/joi", "yup");
    private static final Set<String> FIELD_VALIDATORS = Set.of("body", "check", "param", "query");
    private static final int SEED_LENGTH = 8;

    /** One password check found in the code, what it covers, and why it falls short where it does. */
    private record Check(String what, Node at, Set<Requirement> covers, List<String> shortfalls,
                         boolean needsValidationResult) {
        @Override
        public String toString() {
            return what + " (" + at.where() + ")";
        }
    }

    @Override
    public String name() {
        return "passwordPolicy";
    }

    @Override
    public String explains() {
        return "each register/signup, reset-password and change-password route (by path) validates the password"
                + " server-side in its middleware, handler or what they call: validator.isStrongPassword (defaults:"
                + " min 8, 1 lower, 1 upper, 1 digit, 1 symbol; lowered options fail), express-validator"
                + " isStrongPassword/isLength+matches read by validationResult, zod/joi/yup min(8)+regex, or a regex"
                + " tested on the password; a Mongoose minlength alone covers the length only";
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        ExpressModel express = code.express();
        if (express.apps().isEmpty() && express.routes().isEmpty()) {
            return List.of(Finding.of(Status.WARN, "no Express application or router found in the sources, so the"
                    + " register and password routes cannot be checked"));
        }
        List<ExpressModel.Route> routes = express.routes().stream().filter(PasswordPolicy::setsAPassword).toList();
        if (routes.isEmpty()) {
            return List.of(Finding.of(Status.WARN, "no register, reset-password or change-password route found among"
                    + " the " + express.routes().size() + " routes of the Express app, so where passwords are set"
                    + " cannot be checked"));
        }
        List<Finding> findings = new ArrayList<>();
        for (ExpressModel.Route route : routes) {
            findings.add(judge(code, route));
        }
        return findings;
    }

    /** Whether a route takes a new password, judged by its method and the last segments of its path. */
    static boolean setsAPassword(ExpressModel.Route route) {
        if (Set.of("GET", "HEAD", "OPTIONS", "DELETE").contains(route.method())) {
            return false;
        }
        List<String> segments = new ArrayList<>();
        for (String s : route.path().toLowerCase(Locale.ROOT).split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        while (!segments.isEmpty() && (segments.get(segments.size() - 1).startsWith(":")
                || segments.get(segments.size() - 1).startsWith("*"))) {
            segments.remove(segments.size() - 1); // /reset-password/:token
        }
        if (segments.isEmpty()) {
            return false;
        }
        String last = segments.get(segments.size() - 1);
        return LAST_SEGMENTS.contains(last) || segments.size() > 1 && AFTER_PASSWORD.contains(last)
                && segments.get(segments.size() - 2).equals("password");
    }

    private Finding judge(SourceCode code, ExpressModel.Route route) {
        Resolver resolver = code.resolver();
        List<CodeFacts.Site> starts = new ArrayList<>();
        for (ExpressModel.Middleware m : route.chain()) {
            if (m.level().equals("route")) {
                starts.add(new CodeFacts.Site(m.module(), m.expression()));
            }
        }
        resolver.moduleOf(route.handler()).ifPresent(m -> starts.add(new CodeFacts.Site(m, route.handler())));
        List<CodeFacts.Site> reached = CodeFacts.reachable(resolver, starts, 6, 300);
        Map<Node, Check> checks = new LinkedHashMap<>();
        boolean validationResult = false;
        for (CodeFacts.Site site : reached) {
            scan(code, site, checks);
            validationResult |= site.node().find("call_expression").stream().anyMatch(c -> CodeFacts
                    .callee(resolver, site.module(), c).filter(p -> p.packageName().equals("express-validator")
                            && p.name().equals("validationResult")).isPresent());
        }
        String route0 = route.method() + " " + route.path() + " (" + route.where() + ")";
        if (checks.isEmpty()) {
            String read = reached.stream().limit(4).map(CodeFacts.Site::where).collect(Collectors.joining(", "))
                    + (reached.size() > 4 ? " and " + (reached.size() - 4) + " more" : "");
            return CodeFacts.finding(Status.FAIL, route0 + ": no server-side password validation in its middleware,"
                    + " handler or what they call (read: " + read + "); passwords of any strength are accepted",
                    route.at());
        }
        EnumSet<Requirement> covered = EnumSet.noneOf(Requirement.class);
        List<String> found = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        for (Check c : checks.values()) {
            if (c.needsValidationResult() && !validationResult) {
                shortfalls.add(c + " is never enforced: nothing on the route reads validationResult(req), so"
                        + " express-validator collects the error and the request goes on");
                continue;
            }
            covered.addAll(c.covers());
            found.add(c.toString());
            c.shortfalls().forEach(s -> shortfalls.add(s + " (" + c.at().where() + ")"));
        }
        EnumSet<Requirement> missing = EnumSet.complementOf(covered);
        String foundText = found.isEmpty() ? "" : "checked by " + String.join(", ", found);
        if (missing.isEmpty()) {
            return CodeFacts.finding(Status.PASS, route0 + ": password " + foundText
                    + ": 8+ characters with lower, upper, digit and symbol", route.at());
        }
        return CodeFacts.finding(Status.FAIL, route0 + ": the password rule lacks "
                + missing.stream().map(Requirement::says).collect(Collectors.joining(", "))
                + (foundText.isEmpty() ? "" : "; " + foundText)
                + (shortfalls.isEmpty() ? "" : "; " + String.join("; ", shortfalls)), route.at());
    }

    /** Every password check written in a reached definition. */
    private static void scan(SourceCode code, CodeFacts.Site site, Map<Node, Check> checks) {
        Module module = site.module();
        Resolver resolver = code.resolver();
        for (Node call : site.node().find("call_expression")) {
            var callee = CodeFacts.callee(resolver, module, call);
            if (callee.isPresent() && callee.get().packageName().equals("validator")
                    && (callee.get().name().equals("isStrongPassword")
                            || callee.get().specifier().endsWith("/isStrongPassword"))) {
                List<Node> args = call.child("arguments").namedChildren();
                checks.putIfAbsent(call, strong(code, module, "validator.isStrongPassword", call,
                        args.size() > 1 ? args.get(1) : null, false));
            } else if (isChainEnd(call)) {
                chain(code, module, call, checks);
            }
            regexTest(code, module, call, checks);
        }
        for (Node pair : site.node().find("pair")) {
            Node key = pair.child("key");
            Node value = pair.child("value");
            if (key != null && value != null && value.is("object") && isNewPassword(unquote(key.text()))) {
                schemaPath(code, module, value, checks);
            }
        }
        for (Node comparison : site.node().find("binary_expression")) {
            lengthComparison(code, module, comparison, checks);
        }
    }

    /** Whether a call ends a method chain ({@code a().b().c()}: the call of c, which nothing chains on). */
    private static boolean isChainEnd(Node call) {
        Node f = call.child("function");
        Node parent = call.parent();
        return f != null && f.is("member_expression")
                && !(parent != null && parent.is("member_expression") && "object".equals(call.field()));
    }

    private record Link(String method, List<Node> arguments, Node at) {
    }

    /** An express-validator chain on a password field, or a zod/joi/yup schema bound to a password name. */
    private static void chain(SourceCode code, Module module, Node end, Map<Node, Check> checks) {
        List<Link> links = new ArrayList<>();
        Node cur = end;
        while (cur.is("call_expression") && cur.child("function") != null && cur.child("function").is("member_expression")) {
            Node f = cur.child("function");
            links.add(0, new Link(f.child("property").text(), cur.child("arguments").namedChildren(), cur));
            cur = f.child("object");
        }
        Resolver resolver = code.resolver();
        if (cur.is("call_expression")) {
            var root = CodeFacts.callee(resolver, module, cur);
            List<Node> rootArgs = cur.child("arguments") == null ? List.of() : cur.child("arguments").namedChildren();
            if (root.isPresent() && root.get().packageName().equals("express-validator")
                    && FIELD_VALIDATORS.contains(root.get().name()) && !rootArgs.isEmpty()) {
                Value field = code.values().eval(module, rootArgs.get(0));
                if (field instanceof Value.Text t && isNewPassword(t.value())) {
                    links(code, module, "express-validator " + root.get().name() + "('" + t.value() + "')", cur,
                            links, true, checks);
                }
            }
            return;
        }
        if (!(resolver.resolve(module, cur) instanceof Resolver.Origin.FromPackage p)
                || !SCHEMA_PACKAGES.contains(p.packageName())) {
            return;
        }
        String bound = boundName(end);
        if (bound != null && isNewPassword(bound)) {
            links(code, module, p.packageName() + " " + bound, end, links, false, checks);
        }
    }

    /** The property or variable a schema expression is the value of ({@code password: z.string()...}). */
    private static String boundName(Node expression) {
        Node parent = expression.parent();
        if (parent == null) {
            return null;
        }
        if (parent.is("pair") && parent.child("key") != null) {
            return unquote(parent.child("key").text());
        }
        if (parent.is("variable_declarator") && parent.child("name") != null) {
            return parent.child("name").text();
        }
        return null;
    }

    private static void links(SourceCode code, Module module, String what, Node at, List<Link> links,
                              boolean expressValidator, Map<Node, Check> checks) {
        EnumSet<Requirement> covers = EnumSet.noneOf(Requirement.class);
        List<String> shortfalls = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        boolean negated = false;
        for (Link link : links) {
            if (link.method().equals("not")) {
                negated = true;
                continue;
            }
            if (negated) {
                negated = false;
                continue; // .not().isEmpty(): a negated validator demands nothing of the password
            }
            switch (link.method()) {
                case "isStrongPassword" -> {
                    Check strong = strong(code, module, what + ".isStrongPassword", link.at(),
                            link.arguments().isEmpty() ? null : link.arguments().get(0), expressValidator);
                    covers.addAll(strong.covers());
                    shortfalls.addAll(strong.shortfalls());
                    methods.add("isStrongPassword");
                }
                case "isLength", "min", "minLength", "length" -> {
                    int min = minimum(code, module, link, expressValidator);
                    methods.add(link.method() + (min > 0 ? " " + min : ""));
                    if (min >= SEED_LENGTH) {
                        covers.add(Requirement.LENGTH);
                    } else if (min > 0) {
                        shortfalls.add(link.method() + " " + min + " is under 8");
                    }
                }
                case "matches", "regex", "pattern" -> {
                    PasswordRegex.Demands d = regex(code, module, link.arguments());
                    if (d != null) {
                        methods.add(link.method());
                        covers.addAll(d.kinds());
                        if (d.minLength() > 0 && d.minLength() < SEED_LENGTH) {
                            shortfalls.add(link.method() + " demands only " + d.minLength() + " characters");
                        }
                    }
                }
                case "refine", "superRefine", "custom", "test" -> {
                    for (Node arg : link.arguments()) {
                        for (Node test : arg.find("call_expression")) {
                            PasswordRegex.Demands d = testedRegex(code, module, test);
                            if (d != null) {
                                methods.add(link.method());
                                covers.addAll(d.kinds());
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!methods.isEmpty()) {
            checks.putIfAbsent(at, new Check(what + " " + String.join(", ", methods.stream().distinct().toList()),
                    at, covers, shortfalls, expressValidator));
        }
    }

    /** The minimum length a length validator demands: {@code isLength({min: 8})}, {@code min(8)}. */
    private static int minimum(SourceCode code, Module module, Link link, boolean expressValidator) {
        if (link.arguments().isEmpty()) {
            return 0;
        }
        Node arg = link.arguments().get(0);
        if (expressValidator || link.method().equals("isLength")) {
            CodeFacts.Site options = CodeFacts.definition(code.resolver(), module, arg);
            Node min = options == null ? null : CodeFacts.properties(options.node()).get("min");
            return min == null ? 0 : number(code, options.module(), min);
        }
        return number(code, module, arg);
    }

    private static int number(SourceCode code, Module module, Node n) {
        return code.values().eval(module, n).number().map(Double::intValue).orElse(0);
    }

    /**
     * validator's isStrongPassword with its options: the defaults (minLength 8, minLowercase, minUppercase,
     * minNumbers, minSymbols 1) are the checklist's rule; each option set lower drops what it stands for.
     */
    private static Check strong(SourceCode code, Module module, String what, Node at, Node optionsArg,
                                boolean expressValidator) {
        EnumSet<Requirement> covers = EnumSet.allOf(Requirement.class);
        List<String> shortfalls = new ArrayList<>();
        if (optionsArg != null) {
            CodeFacts.Site options = CodeFacts.definition(code.resolver(), module, optionsArg);
            if (options == null || !options.node().is("object")) {
                return new Check(what, at, EnumSet.noneOf(Requirement.class),
                        List.of("its options (" + CodeFacts.excerpt(optionsArg, 40) + ") cannot be read"),
                        expressValidator);
            }
            Map<String, Node> props = CodeFacts.properties(options.node());
            Map<String, Requirement> keys = Map.of("minLength", Requirement.LENGTH, "minLowercase", Requirement.LOWER,
                    "minUppercase", Requirement.UPPER, "minNumbers", Requirement.DIGIT, "minSymbols", Requirement.SYMBOL);
            for (var key : keys.entrySet()) {
                Node value = props.get(key.getKey());
                if (value == null) {
                    continue;
                }
                Value v = code.values().eval(options.module(), value);
                int seed = key.getValue() == Requirement.LENGTH ? SEED_LENGTH : 1;
                if (v.number().isEmpty()) {
                    covers.remove(key.getValue());
                    shortfalls.add(key.getKey() + " is " + CodeFacts.excerpt(value, 30) + ", not a constant");
                } else if (v.number().get() < seed) {
                    covers.remove(key.getValue());
                    shortfalls.add(key.getKey() + ": " + v + " lowers the default " + seed);
                }
            }
            Node score = props.get("returnScore");
            if (score != null && code.values().eval(options.module(), score) instanceof Value.Bool b && b.value()) {
                covers.clear();
                shortfalls.add("returnScore: true makes it return a score, not a verdict");
            }
        }
        return new Check(what + (optionsArg == null ? " with its defaults" : ""), at, covers, shortfalls,
                expressValidator);
    }

    /** The demands of the regular expression among a validator's arguments ({@code matches(/re/)}). */
    private static PasswordRegex.Demands regex(SourceCode code, Module module, List<Node> arguments) {
        if (arguments.isEmpty()) {
            return null;
        }
        CodeFacts.Site d = CodeFacts.definition(code.resolver(), module, arguments.get(0));
        if (d == null) {
            return null;
        }
        if (d.node().is("regex")) {
            return PasswordRegex.analyse(d.node().child("pattern").text(),
                    d.node().child("flags") == null ? "" : d.node().child("flags").text());
        }
        if (d.node().is("new_expression") && d.node().child("constructor") != null
                && d.node().child("constructor").text().equals("RegExp") && d.node().child("arguments") != null) {
            List<Node> args = d.node().child("arguments").namedChildren();
            Value pattern = args.isEmpty() ? null : code.values().eval(d.module(), args.get(0));
            Value flags = args.size() > 1 ? code.values().eval(d.module(), args.get(1)) : null;
            if (pattern instanceof Value.Text t) {
                return PasswordRegex.analyse(t.value(), flags instanceof Value.Text f ? f.value() : "");
            }
        }
        if (d.node().is("string") && arguments.size() > 0) { // express-validator matches('pattern', 'flags')
            Value pattern = code.values().eval(d.module(), d.node());
            Value flags = arguments.size() > 1 ? code.values().eval(module, arguments.get(1)) : null;
            if (pattern instanceof Value.Text t) {
                return PasswordRegex.analyse(t.value(), flags instanceof Value.Text f ? f.value() : "");
            }
        }
        return null;
    }

    /** {@code RE.test(x)} / {@code x.match(RE)} / {@code x.search(RE)}: the regex's demands, whatever x is. */
    private static PasswordRegex.Demands testedRegex(SourceCode code, Module module, Node call) {
        Node f = call.child("function");
        if (f == null || !f.is("member_expression") || f.child("property") == null) {
            return null;
        }
        String method = f.child("property").text();
        List<Node> args = call.child("arguments").namedChildren();
        if (method.equals("test")) {
            return regex(code, module, List.of(f.child("object")));
        }
        if ((method.equals("match") || method.equals("search")) && !args.isEmpty()) {
            return regex(code, module, args.subList(0, 1));
        }
        return null;
    }

    /** A regular expression tested against the password itself ({@code STRONG.test(req.body.password)}). */
    private static void regexTest(SourceCode code, Module module, Node call, Map<Node, Check> checks) {
        Node f = call.child("function");
        if (f == null || !f.is("member_expression") || f.child("property") == null) {
            return;
        }
        String method = f.child("property").text();
        List<Node> args = call.child("arguments").namedChildren();
        Node subject = method.equals("test") ? (args.isEmpty() ? null : args.get(0))
                : method.equals("match") || method.equals("search") ? f.child("object") : null;
        if (subject == null || !isNewPassword(lastName(subject))) {
            return;
        }
        PasswordRegex.Demands d = testedRegex(code, module, call);
        if (d == null) {
            return;
        }
        List<String> shortfalls = d.minLength() > 0 && d.minLength() < SEED_LENGTH
                ? List.of("the pattern demands only " + d.minLength() + " characters") : List.of();
        checks.putIfAbsent(call, new Check("regex " + CodeFacts.excerpt(method.equals("test") ? f.child("object")
                : args.get(0), 60) + " tested on " + CodeFacts.excerpt(subject, 30), call, d.kinds(), shortfalls, false));
    }

    /**
     * A schema path for the password ({@code password: {type: String, minlength: 8, match: /.../}} in a Mongoose
     * schema, or express-validator's {@code checkSchema({password: {isStrongPassword: true}})}).
     */
    private static void schemaPath(SourceCode code, Module module, Node object, Map<Node, Check> checks) {
        Map<String, Node> props = CodeFacts.properties(object);
        EnumSet<Requirement> covers = EnumSet.noneOf(Requirement.class);
        List<String> shortfalls = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Node minlength = props.containsKey("minlength") ? props.get("minlength") : props.get("minLength");
        if (minlength != null) {
            Node n = minlength.is("array") && !minlength.namedChildren().isEmpty() ? minlength.namedChildren().get(0)
                    : minlength;
            int min = number(code, module, n);
            what.add("minlength " + min);
            if (min >= SEED_LENGTH) {
                covers.add(Requirement.LENGTH);
            } else {
                shortfalls.add("minlength " + min + " is under 8");
            }
        }
        Node match = props.get("match");
        if (match != null) {
            Node re = match.is("array") && !match.namedChildren().isEmpty() ? match.namedChildren().get(0) : match;
            PasswordRegex.Demands d = regex(code, module, List.of(re));
            if (d != null) {
                what.add("match");
                covers.addAll(d.kinds());
            }
        }
        boolean expressValidator = false;
        if (props.containsKey("isStrongPassword")) {
            Node v = props.get("isStrongPassword");
            Node options = v.is("object") ? CodeFacts.properties(v).get("options") : null;
            Check strong = strong(code, module, "isStrongPassword", v, options, true);
            what.add("isStrongPassword");
            covers.addAll(strong.covers());
            shortfalls.addAll(strong.shortfalls());
            expressValidator = true;
        }
        if (what.isEmpty()) {
            return;
        }
        String kind = expressValidator ? "express-validator schema" : "schema path";
        checks.putIfAbsent(object, new Check(kind + " " + unquote(object.parent().child("key").text()) + " "
                + String.join(", ", what), object, covers, shortfalls, expressValidator));
    }

    /** {@code password.length < 8} and its mirror images: the least length the code lets through. */
    private static void lengthComparison(SourceCode code, Module module, Node comparison, Map<Node, Check> checks) {
        Node op = comparison.child("operator");
        Node left = comparison.child("left");
        Node right = comparison.child("right");
        if (op == null || left == null || right == null) {
            return;
        }
        String o = op.text();
        boolean leftIsLength = isPasswordLength(left);
        boolean rightIsLength = isPasswordLength(right);
        if (leftIsLength == rightIsLength || !Set.of("<", "<=", ">", ">=").contains(o)) {
            return;
        }
        int bound = number(code, module, leftIsLength ? right : left);
        if (bound <= 0) {
            return;
        }
        if (rightIsLength) { // 8 > password.length is password.length < 8
            o = switch (o) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                default -> "<=";
            };
        }
        int min = switch (o) {
            case "<", ">=" -> bound;
            default -> bound + 1; // length <= 7 rejected, length > 7 required
        };
        List<String> shortfalls = min < SEED_LENGTH ? List.of("a length of " + min + " is accepted") : List.of();
        checks.putIfAbsent(comparison, new Check("length test " + CodeFacts.excerpt(comparison, 40), comparison,
                min >= SEED_LENGTH ? EnumSet.of(Requirement.LENGTH) : EnumSet.noneOf(Requirement.class), shortfalls,
                false));
    }

    private static boolean isPasswordLength(Node n) {
        return n.is("member_expression") && n.child("property") != null && n.child("property").text().equals("length")
                && isNewPassword(lastName(n.child("object")));
    }

    /** The last name of an expression: {@code req.body.newPassword} is newPassword. */
    private static String lastName(Node n) {
        if (n == null) {
            return "";
        }
        if (n.is("member_expression") && n.child("property") != null) {
            return n.child("property").text();
        }
        if (n.is("subscript_expression") && n.child("index") != null) {
            return unquote(n.child("index").text());
        }
        return n.is("identifier") ? n.text() : "";
    }

    static boolean isNewPassword(String name) {
        return name != null && PASSWORD.matcher(name).find() && !NOT_THE_NEW_ONE.matcher(name).find();
    }

    private static String unquote(String s) {
        return s.replaceAll("^['\"`]|['\"`]$", "");
    }
}
