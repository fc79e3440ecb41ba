package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tenantIsolation}: every vector search and every query on a tenant collection is scoped to one workspace.
 * Qdrant searches ({@code @qdrant/js-client-rest}'s {@code search}, {@code query}, {@code scroll},
 * {@code recommend}, {@code count}; LangChain's {@code QdrantVectorStore} similarity searches and retrievers) need a
 * {@code filter} whose {@code must} holds a condition on a workspace/tenant key. Mongoose models whose schema has a
 * workspace/tenant/organization field are tenant models; their queries need that field in the filter (or a
 * {@code .where()} on it), and a {@code findById} needs a check of the document's tenant field afterwards.
 */
final class TenantIsolation implements SourceRule {
    /** A Qdrant payload key that names the tenant ({@code workspaceId}, {@code metadata.tenant_id}, {@code orgId}). */
    static final Pattern TENANT_KEY = Pattern.compile("workspace|tenant|org|team", Pattern.CASE_INSENSITIVE);
    /** A schema field that makes a Mongoose model a tenant model. */
    static final Pattern TENANT_FIELD = Pattern.compile("^(workspace|tenant|org|organization|team)(_?id)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> QDRANT_METHODS = Set.of("search", "query", "scroll", "recommend", "count");
    private static final Set<String> STORE_METHODS = Set.of("similaritySearch", "similaritySearchWithScore",
            "similaritySearchVectorWithScore", "maxMarginalRelevanceSearch", "asRetriever");
    private static final Set<String> QDRANT_PACKAGES = Set.of("@qdrant/js-client-rest", "@qdrant/qdrant-js");
    private static final Set<String> FILTERED_QUERIES = Set.of("find", "findOne", "updateOne", "updateMany",
            "deleteOne", "deleteMany", "countDocuments", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace",
            "replaceOne", "exists", "aggregate", "distinct");
    private static final Set<String> BY_ID_QUERIES = Set.of("findById", "findByIdAndUpdate", "findByIdAndDelete");
    private static final Set<String> FUNCTIONS = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition");
    private static final int MAX_DEPTH = 12;

    @Override
    public String name() {
        return "tenantIsolation";
    }

    @Override
    public String explains() {
        return "every Qdrant search (@qdrant/js-client-rest search/query/scroll/recommend/count, LangChain"
                + " QdrantVectorStore similaritySearch*/maxMarginalRelevanceSearch/asRetriever) passes a filter whose"
                + " 'must' has a condition on a key matching workspace|tenant|org|team; every query"
                + " (find/findOne/updateOne/updateMany/deleteOne/deleteMany/countDocuments/aggregate $match/...) on a"
                + " Mongoose model whose schema has a workspace/tenant/organization field filters on that field"
                + " (in the filter object, a spread or helper the audit follows, or a .where()); each query site"
                + " without one FAILs with file:line, model and method; a findById on a tenant model without a later"
                + " check of the document's tenant field, or a filter the audit cannot follow, is WARN; neither kind"
                + " of query found is WARN";
    }

    /** A Mongoose model of a schema with tenant fields. */
    private record TenantModel(String name, List<String> fields, Node schema) {
    }

    /** Whether a filter scopes to a tenant: yes (with what), no (why), or undecided (why). */
    private record Scope(Status status, String fact) {
        static Scope yes(String fact) {
            return new Scope(Status.PASS, fact);
        }

        static Scope no(String fact) {
            return new Scope(Status.FAIL, fact);
        }

        static Scope unknown(String fact) {
            return new Scope(Status.WARN, fact);
        }
    }

    @Override
    public List<Finding> judge(SourceCode code) {
        Resolver resolver = code.resolver();
        Judge judge = new Judge(code);
        List<Finding> findings = new ArrayList<>();
        Map<Node, TenantModel> models = judge.tenantModels(findings);
        Map<String, TenantModel> modelsByName = new HashMap<>();
        models.values().forEach(m -> modelsByName.put(m.name(), m));
        boolean usesQdrant = code.index().modules().values().stream()
                .anyMatch(m -> m.usesPackage("@qdrant/js-client-rest") || m.usesPackage("@langchain/qdrant")
                        || m.specifiers().stream().anyMatch(s -> s.contains("qdrant")));
        for (Module module : code.index().modules().values()) {
            for (Node call : module.root().find("call_expression")) {
                Node function = call.child("function");
                if (function == null || !function.is("member_expression") || function.child("property") == null) {
                    continue;
                }
                String method = function.child("property").text();
                Node object = function.child("object");
                if (QDRANT_METHODS.contains(method) && judge.isQdrantClient(module, object, usesQdrant)) {
                    findings.add(judge.qdrantSearch(module, call, method));
                } else if (STORE_METHODS.contains(method) && judge.isQdrantStore(module, object, usesQdrant)) {
                    findings.add(judge.storeSearch(module, call, method));
                } else if (FILTERED_QUERIES.contains(method) || BY_ID_QUERIES.contains(method)) {
                    TenantModel model = judge.modelOf(module, object, models, modelsByName);
                    if (model != null) {
                        findings.add(judge.mongoQuery(module, call, method, model));
                    }
                }
            }
        }
        if (findings.stream().noneMatch(f -> f.status() != Status.WARN || f.file() != null)) {
            findings.add(Finding.of(Status.WARN, "no Qdrant search and no query on a tenant collection found: looked"
                    + " for @qdrant/js-client-rest search/query/scroll/recommend/count, QdrantVectorStore similarity"
                    + " searches, and Mongoose find/findOne/update/delete/countDocuments/aggregate on models whose"
                    + " schema has a workspaceId/tenantId/organizationId field"));
        }
        return findings;
    }

    /** The judgement of one run (the resolver and the values of the code it reads). */
    private static final class Judge {
        private final SourceCode code;
        private final Resolver resolver;

        Judge(SourceCode code) {
            this.code = code;
            this.resolver = code.resolver();
        }

        /** Mongoose models ({@code mongoose.model('Name', schema)}) whose schema has tenant fields, by model call. */
        Map<Node, TenantModel> tenantModels(List<Finding> findings) {
            Map<Node, TenantModel> out = new LinkedHashMap<>();
            int schemas = 0;
            for (Module module : code.index().modules().values()) {
                for (Node call : module.root().find("call_expression")) {
                    Node function = call.child("function");
                    Node arguments = call.child("arguments");
                    if (function == null || arguments == null || !"model".equals(lastName(function))
                            || arguments.namedChildren().size() < 2 || !arguments.namedChildren().get(0).is("string")) {
                        continue;
                    }
                    Resolver.Origin schema = resolver.resolve(module, arguments.namedChildren().get(1));
                    if (!(schema instanceof Resolver.Origin.Defined d) || !isSchema(d.module(), d.node())) {
                        continue;
                    }
                    schemas++;
                    List<String> fields = tenantFields(d.module(), d.node());
                    if (!fields.isEmpty()) {
                        String name = arguments.namedChildren().get(0).text().replaceAll("^['\"`]|['\"`]$", "");
                        out.put(call, new TenantModel(name, fields, d.node()));
                    }
                }
            }
            if (schemas > 0 && out.isEmpty()) {
                findings.add(Finding.of(Status.WARN, schemas + " Mongoose model(s) found, none with a workspace/"
                        + "tenant/organization field in its schema: MongoDB queries cannot be judged for tenant scope"));
            }
            return out;
        }

        /** {@code new Schema({...})} / {@code new mongoose.Schema({...})} of the mongoose package. */
        private boolean isSchema(Module module, Node node) {
            if (!node.is("new_expression")) {
                return false;
            }
            Resolver.Origin type = resolver.resolve(module, node.child("constructor"));
            return type instanceof Resolver.Origin.FromPackage p && p.packageName().equals("mongoose")
                    && p.name().equals("Schema");
        }

        private List<String> tenantFields(Module module, Node schema) {
            Node arguments = schema.child("arguments");
            if (arguments == null || arguments.namedChildren().isEmpty()) {
                return List.of();
            }
            Resolver.Origin definition = resolver.resolve(module, arguments.namedChildren().get(0));
            if (!(definition instanceof Resolver.Origin.Defined d) || !d.node().is("object")) {
                return List.of();
            }
            List<String> fields = new ArrayList<>();
            for (Node p : d.node().namedChildren()) {
                String key = p.is("pair") && p.child("key") != null ? unquote(p.child("key").text())
                        : p.is("shorthand_property_identifier") ? p.text() : null;
                if (key != null && TENANT_FIELD.matcher(key).matches()) {
                    fields.add(key);
                }
            }
            return fields;
        }

        /** The tenant model a query's receiver is, or null. */
        TenantModel modelOf(Module module, Node object, Map<Node, TenantModel> models,
                Map<String, TenantModel> byName) {
            Resolver.Origin origin = resolver.resolve(module, object);
            if (!(origin instanceof Resolver.Origin.Defined d) || !d.node().is("call_expression")) {
                return null;
            }
            TenantModel model = models.get(d.node());
            if (model == null && "model".equals(lastName(d.node().child("function")))) {
                // mongoose.model('Conversation'): the model registered under that name
                List<Node> args = d.node().child("arguments").namedChildren();
                if (args.size() == 1 && args.get(0).is("string")) {
                    model = byName.get(unquote(args.get(0).text()));
                }
            }
            return model;
        }

        boolean isQdrantClient(Module module, Node object, boolean usesQdrant) {
            Resolver.Origin origin = resolver.resolve(module, object);
            if (origin instanceof Resolver.Origin.Defined d && d.node().is("new_expression")) {
                Resolver.Origin type = resolver.resolve(d.module(), d.node().child("constructor"));
                if (type instanceof Resolver.Origin.FromPackage p) {
                    return QDRANT_PACKAGES.contains(p.packageName()) && p.name().equals("QdrantClient");
                }
            }
            String name = lastName(object);
            return usesQdrant && name != null && name.toLowerCase().contains("qdrant")
                    && !name.toLowerCase().contains("store");
        }

        boolean isQdrantStore(Module module, Node object, boolean usesQdrant) {
            Resolver.Origin origin = resolver.resolve(module, object);
            Node made = origin instanceof Resolver.Origin.Defined d
                    ? d.node().is("new_expression") ? d.node().child("constructor")
                    : d.node().is("call_expression") ? d.node().child("function") : null : null;
            if (made != null) {
                Resolver.Origin type = resolver.resolve(((Resolver.Origin.Defined) origin).module(), made);
                if (type instanceof Resolver.Origin.FromPackage p) {
                    return p.export().equals("QdrantVectorStore") || p.members().contains("QdrantVectorStore");
                }
            }
            String name = lastName(object);
            return usesQdrant && name != null && name.toLowerCase().matches(".*(qdrant|vector_?store).*");
        }

        Finding qdrantSearch(Module module, Node call, String method) {
            List<Node> args = call.child("arguments").namedChildren();
            String what = shortText(call.child("function")) + " (Qdrant " + method + ")";
            if (args.size() < 2) {
                return fail(call, what + " passes no filter");
            }
            return judged(call, what, filterProperty(module, args.get(1), "the request"));
        }

        Finding storeSearch(Module module, Node call, String method) {
            List<Node> args = call.child("arguments").namedChildren();
            String what = shortText(call.child("function")) + " (QdrantVectorStore " + method + ")";
            Scope scope;
            if (method.equals("maxMarginalRelevanceSearch")) {
                scope = args.size() < 2 ? Scope.no("passes no options with a filter")
                        : filterProperty(module, args.get(1), "the options");
            } else if (method.equals("asRetriever")) {
                scope = args.isEmpty() ? Scope.no("passes no filter")
                        : args.size() >= 2 ? filter(module, args.get(1), 0)
                        : args.get(0).is("number") ? Scope.no("passes no filter")
                        : filterProperty(module, args.get(0), "the options");
            } else {
                scope = args.size() < 3 ? Scope.no("passes no filter (third argument)") : filter(module, args.get(2), 0);
            }
            return judged(call, what, scope);
        }

        private Finding judged(Node call, String what, Scope scope) {
            String message = call.where() + " " + what + (scope.status() == Status.PASS ? " filters on "
                    : scope.status() == Status.FAIL ? " has no workspace/tenant filter: " : " filter undecided: ")
                    + scope.fact();
            return Finding.at(scope.status(), message, call.tree().path(), call.line());
        }

        private Finding fail(Node call, String message) {
            return Finding.at(Status.FAIL, call.where() + " " + message, call.tree().path(), call.line());
        }

        /** The {@code filter} property of a request or options object, judged. */
        private Scope filterProperty(Module module, Node options, String what) {
            Resolver.Origin origin = resolver.resolve(module, options);
            if (origin instanceof Resolver.Origin.Unknown u) {
                return Scope.unknown(what + " `" + shortText(options) + "` is " + u.why());
            }
            if (!(origin instanceof Resolver.Origin.Defined d) || !d.node().is("object")) {
                return Scope.unknown(what + " `" + shortText(options) + "` is not an object literal the audit reads");
            }
            Node filter = property(d.node(), "filter");
            if (filter == null) {
                return Scope.no(what + " (" + d.node().where() + ") has no filter");
            }
            return filter(d.module(), filter, 0);
        }

        /** The code a filter argument stands for, or the scope saying why it cannot be followed. */
        private record Followed(Resolver.Origin.Defined defined, Scope unknown) {
        }

        private Followed follow(Module module, Node filter, int depth) {
            if (depth > MAX_DEPTH) {
                return new Followed(null, Scope.unknown("the filter is built too deep to follow"));
            }
            Resolver.Origin origin = resolver.resolve(module, filter);
            if (origin instanceof Resolver.Origin.Unknown u) {
                return new Followed(null, Scope.unknown("the filter `" + shortText(filter) + "` is " + u.why()));
            }
            if (!(origin instanceof Resolver.Origin.Defined d)) {
                return new Followed(null, Scope.unknown("the filter `" + shortText(filter) + "` is not code the audit reads"));
            }
            return new Followed(d, null);
        }

        /** A Qdrant filter: its {@code must} conditions must hold one on a workspace/tenant key. */
        private Scope filter(Module module, Node filter, int depth) {
            Followed followed = follow(module, filter, depth);
            if (followed.unknown() != null) {
                return followed.unknown();
            }
            Resolver.Origin.Defined d = followed.defined();
            Node node = d.node();
            switch (node.type()) {
                case "object" -> {
                    Node must = property(node, "must");
                    if (must == null) {
                        return Scope.no("the filter (" + node.where() + ") has no 'must' condition"
                                + (property(node, "should") != null ? " ('should' does not restrict)" : ""));
                    }
                    return must(d.module(), must, depth + 1);
                }
                case "ternary_expression" -> {
                    return both(filter(d.module(), node.child("consequence"), depth + 1),
                            filter(d.module(), node.child("alternative"), depth + 1));
                }
                case "call_expression" -> {
                    return returnedBy(d.module(), node, depth, (m, r, dd) -> filter(m, r, dd));
                }
                case "undefined", "null" -> {
                    return Scope.no("the filter is " + node.text() + " (" + node.where() + ")");
                }
                default -> {
                    return Scope.unknown("the filter `" + shortText(node) + "` (" + node.where()
                            + ") is not an object the audit reads");
                }
            }
        }

        /** The conditions of a {@code must}: an array or a single condition. */
        private Scope must(Module module, Node must, int depth) {
            Resolver.Origin origin = resolver.resolve(module, must);
            if (!(origin instanceof Resolver.Origin.Defined d)) {
                return Scope.unknown("the 'must' conditions `" + shortText(must) + "` cannot be followed");
            }
            List<Node> conditions = d.node().is("array") ? d.node().namedChildren() : List.of(d.node());
            Scope undecided = null;
            for (Node c : conditions) {
                Scope s = c.is("spread_element") && !c.namedChildren().isEmpty()
                        ? must(d.module(), c.namedChildren().get(0), depth + 1)
                        : condition(d.module(), c, depth + 1);
                if (s.status() == Status.PASS) {
                    return s;
                }
                if (s.status() == Status.WARN) {
                    undecided = s;
                }
            }
            return undecided != null ? undecided
                    : Scope.no("no 'must' condition (" + d.node().where() + ") is on a workspace/tenant key");
        }

        private Scope condition(Module module, Node condition, int depth) {
            if (depth > MAX_DEPTH) {
                return Scope.unknown("the filter is built too deep to follow");
            }
            Resolver.Origin origin = resolver.resolve(module, condition);
            if (!(origin instanceof Resolver.Origin.Defined d)) {
                return Scope.unknown("the condition `" + shortText(condition) + "` cannot be followed");
            }
            if (d.node().is("call_expression")) {
                return returnedBy(d.module(), d.node(), depth, this::condition);
            }
            if (!d.node().is("object")) {
                return Scope.unknown("the condition `" + shortText(condition) + "` is not an object the audit reads");
            }
            Node nested = property(d.node(), "must");
            if (nested != null) {
                return must(d.module(), nested, depth + 1);
            }
            Node key = property(d.node(), "key");
            if (key == null) {
                return Scope.no("condition without a key");
            }
            Value value = code.values().eval(d.module(), key);
            if (!(value instanceof Value.Text t)) {
                return Scope.unknown("the condition's key `" + shortText(key) + "` (" + key.where()
                        + ") is not a constant");
            }
            return TENANT_KEY.matcher(t.value()).find()
                    ? Scope.yes("'" + t.value() + "' (must condition at " + d.node().where() + ")")
                    : Scope.no("key '" + t.value() + "'");
        }

        /** A value built by one of the application's functions: judged on everything the function returns. */
        private Scope returnedBy(Module module, Node call, int depth, Step step) {
            Resolver.Origin callee = resolver.resolve(module, call.child("function"));
            if (!(callee instanceof Resolver.Origin.Defined f) || !FUNCTIONS.contains(f.node().type())) {
                return Scope.unknown("`" + shortText(call) + "` (" + call.where() + ") is a call the audit does not"
                        + " follow");
            }
            List<Node> returned = PiiMasking.returned(f.node());
            if (returned.isEmpty()) {
                return Scope.no(shortText(call.child("function")) + " (" + f.node().where() + ") returns nothing");
            }
            Scope all = null;
            for (Node r : returned) {
                Scope s = step.judge(f.module(), r, depth + 1);
                all = all == null ? s : both(all, s);
            }
            return all;
        }

        /** Both branches must scope: a FAIL of either wins, then an undecided one. */
        private static Scope both(Scope a, Scope b) {
            if (a.status() == Status.FAIL) {
                return a;
            }
            if (b.status() == Status.FAIL) {
                return b;
            }
            return a.status() == Status.WARN ? a : b;
        }

        Finding mongoQuery(Module module, Node call, String method, TenantModel model) {
            String fields = String.join("/", model.fields());
            String what = shortText(call.child("function")) + " (model " + model.name() + ", schema "
                    + model.schema().where() + " has " + fields + ")";
            Scope chained = whereOnTenant(call, model);
            if (chained != null) {
                return judged(call, what, chained);
            }
            List<Node> args = call.child("arguments").namedChildren();
            if (BY_ID_QUERIES.contains(method)) {
                Scope checked = checkedAfterwards(call, model);
                return checked != null ? judged(call, what, checked)
                        : Finding.at(Status.WARN, call.where() + " " + what + " looks a document up by id with no"
                        + " later check of its " + fields + ": an id from another workspace would be served",
                        call.tree().path(), call.line());
            }
            Scope scope;
            if (method.equals("aggregate")) {
                scope = args.isEmpty() ? Scope.no("no pipeline") : pipeline(module, args.get(0), model);
            } else {
                int at = method.equals("distinct") ? 1 : 0;
                scope = args.size() <= at ? Scope.no("no filter") : query(module, args.get(at), model, 0);
            }
            return judged(call, what, scope);
        }

        /** {@code Model.find(...).where('workspaceId').equals(x)} or {@code .where({ workspaceId })}. */
        private Scope whereOnTenant(Node call, TenantModel model) {
            Node n = call;
            while (n.parent() != null && n.parent().is("member_expression") && n.parent().parent() != null
                    && n.parent().parent().is("call_expression")) {
                Node next = n.parent().parent();
                Node property = n.parent().child("property");
                Node args = next.child("arguments");
                if (property != null && property.text().equals("where") && args != null) {
                    for (Node a : args.namedChildren()) {
                        String text = a.is("string") ? unquote(a.text()) : null;
                        if (text != null && model.fields().contains(text)
                                || a.is("object") && tenantKey(a, model) != null) {
                            return Scope.yes((text != null ? text : tenantKey(a, model)) + " (.where at "
                                    + next.where() + ")");
                        }
                    }
                }
                n = next;
            }
            return null;
        }

        /** {@code const doc = await Model.findById(id); if (!doc || !doc.workspaceId.equals(req.workspaceId)) ...} */
        private Scope checkedAfterwards(Node call, TenantModel model) {
            Node declarator = call.parent();
            while (declarator != null && (declarator.is("await_expression")
                    || declarator.is("parenthesized_expression"))) {
                declarator = declarator.parent();
            }
            if (declarator == null || !declarator.is("variable_declarator") || declarator.child("name") == null
                    || !declarator.child("name").is("identifier")) {
                return null;
            }
            String variable = declarator.child("name").text();
            Node scope = declarator.parent() == null ? null : declarator.parent().parent();
            if (scope == null) {
                return null;
            }
            for (Node member : scope.find("member_expression")) {
                Node object = member.child("object");
                Node property = member.child("property");
                if (object != null && property != null && object.text().equals(variable)
                        && model.fields().contains(property.text()) && member.startByte() > call.endByte()
                        && compared(member, scope)) {
                    return Scope.yes(variable + "." + property.text() + " checked at " + member.where());
                }
            }
            return null;
        }

        /** Whether a read is compared: an equality operator or an {@code .equals()} on the way up. */
        private static boolean compared(Node member, Node scope) {
            for (Node n = member.parent(); n != null && !n.equals(scope); n = n.parent()) {
                if (n.is("binary_expression") && n.child("operator") != null
                        && n.child("operator").text().matches("[!=]==?")) {
                    return true;
                }
                if (n.is("call_expression") && n.child("function") != null
                        && "equals".equals(lastName(n.child("function")))) {
                    return true;
                }
                if (n.is("expression_statement") || n.is("statement_block")) {
                    return false;
                }
            }
            return false;
        }

        private Scope pipeline(Module module, Node pipeline, TenantModel model) {
            Resolver.Origin origin = resolver.resolve(module, pipeline);
            if (!(origin instanceof Resolver.Origin.Defined d) || !d.node().is("array")) {
                return Scope.unknown("the pipeline `" + shortText(pipeline) + "` cannot be followed");
            }
            List<Node> stages = d.node().namedChildren();
            if (stages.isEmpty()) {
                return Scope.no("an empty pipeline");
            }
            Resolver.Origin first = resolver.resolve(d.module(), stages.get(0));
            if (first instanceof Resolver.Origin.Defined s && s.node().is("object")) {
                Node match = property(s.node(), "$match");
                if (match != null) {
                    return query(s.module(), match, model, 0);
                }
            }
            return Scope.no("the pipeline's first stage (" + stages.get(0).where() + ") is not a $match");
        }

        /** A MongoDB filter: the tenant field as a key, in a spread, an {@code $and}, or set on the variable later. */
        private Scope query(Module module, Node filter, TenantModel model, int depth) {
            Followed followed = follow(module, filter, depth);
            if (followed.unknown() != null) {
                return followed.unknown();
            }
            Resolver.Origin.Defined d = followed.defined();
            Node node = d.node();
            if (node.is("call_expression")) {
                return returnedBy(d.module(), node, depth, (m, r, dd) -> query(m, r, model, dd));
            }
            if (!node.is("object")) {
                return Scope.unknown("the filter `" + shortText(node) + "` (" + node.where()
                        + ") is not an object the audit reads");
            }
            String key = tenantKey(node, model);
            if (key != null) {
                return Scope.yes(key + " (" + node.where() + ")");
            }
            Scope undecided = null;
            for (Node p : node.namedChildren()) {
                Scope s = null;
                if (p.is("spread_element") && !p.namedChildren().isEmpty()) {
                    s = query(d.module(), p.namedChildren().get(0), model, depth + 1);
                } else if (p.is("pair") && p.child("key") != null && unquote(p.child("key").text()).equals("$and")) {
                    s = and(d.module(), p.child("value"), model, depth + 1);
                }
                if (s != null && s.status() == Status.PASS) {
                    return s;
                }
                if (s != null && s.status() == Status.WARN) {
                    undecided = s;
                }
            }
            Scope later = assignedLater(filter, model);
            if (later != null) {
                return later;
            }
            return undecided != null ? undecided
                    : Scope.no("the filter " + shortText(node) + " (" + node.where() + ") has no "
                    + String.join("/", model.fields()));
        }

        private Scope and(Module module, Node conditions, TenantModel model, int depth) {
            Resolver.Origin origin = resolver.resolve(module, conditions);
            if (!(origin instanceof Resolver.Origin.Defined d) || !d.node().is("array")) {
                return Scope.unknown("the $and conditions cannot be followed");
            }
            for (Node c : d.node().namedChildren()) {
                Scope s = query(d.module(), c, model, depth + 1);
                if (s.status() == Status.PASS) {
                    return s;
                }
            }
            return null;
        }

        /** {@code const filter = { userId }; filter.workspaceId = req.workspaceId;} */
        private Scope assignedLater(Node filter, TenantModel model) {
            if (!filter.is("identifier")) {
                return null;
            }
            Node declaration = resolver.declaration(filter);
            if (declaration == null || !declaration.is("variable_declarator") || declaration.parent() == null
                    || declaration.parent().parent() == null) {
                return null;
            }
            for (Node a : declaration.parent().parent().find("assignment_expression")) {
                Node left = a.child("left");
                if (left != null && left.is("member_expression") && left.child("object") != null
                        && left.child("object").text().equals(filter.text()) && left.child("property") != null
                        && model.fields().contains(left.child("property").text())) {
                    return Scope.yes(left.child("property").text() + " (set at " + a.where() + ")");
                }
            }
            return null;
        }

        /** The tenant field an object literal filters on, or null. */
        private static String tenantKey(Node object, TenantModel model) {
            for (Node p : object.namedChildren()) {
                String key = p.is("pair") && p.child("key") != null ? unquote(p.child("key").text())
                        : p.is("shorthand_property_identifier") ? p.text() : null;
                if (key == null) {
                    continue;
                }
                for (String field : model.fields()) {
                    if (key.equals(field) || key.startsWith(field + ".")) {
                        return key;
                    }
                }
            }
            return null;
        }
    }

    /** One step of following a value into what a function returns. */
    @FunctionalInterface
    private interface Step {
        Scope judge(Module module, Node value, int depth);
    }

    /** The property {@code name} of an object literal (its value, or the shorthand identifier), or null. */
    private static Node property(Node object, String name) {
        for (Node p : object.namedChildren()) {
            if (p.is("pair") && p.child("key") != null && unquote(p.child("key").text()).equals(name)) {
                return p.child("value");
            }
            if (p.is("shorthand_property_identifier") && p.text().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String lastName(Node e) {
        if (e == null) {
            return null;
        }
        if (e.is("identifier")) {
            return e.text();
        }
        if (e.is("member_expression") && e.child("property") != null) {
            return e.child("property").text();
        }
        return null;
    }

    private static String unquote(String text) {
        return text.replaceAll("^['\"`]|['\"`]$", "");
    }

    private static String shortText(Node n) {
        String text = n.text().replaceAll("\\s+", " ");
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
