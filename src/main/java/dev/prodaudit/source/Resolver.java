package dev.prodaudit.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an expression stands for, as a reader of the code would tell: a name is followed to its declaration in the
 * enclosing scopes, an import to the export of the module it names (across files, re-exports included), and a
 * property to the object literal that defines it; what comes from a package is named by package and path
 * ({@code express-rate-limit} default, {@code @sentry/node} {@code .init}). No more than that: no types, no
 * calls followed into functions, no values that change.
 */
public final class Resolver {
    private static final int MAX_STEPS = 24;
    private static final Set<String> SCOPES = Set.of("program", "statement_block", "class_body", "switch_body");
    private static final Set<String> FUNCTIONS = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition", "generator_function_declaration", "generator_function");

    private final SourceIndex index;

    public Resolver(SourceIndex index) {
        this.index = index;
    }

    public SourceIndex index() {
        return index;
    }

    /** What an expression stands for. */
    public sealed interface Origin {
        /** Something a package provides: its {@code export} ("*" for the module itself) and the properties read from it. */
        record FromPackage(String packageName, String specifier, String export, List<String> members, Node at)
                implements Origin {
            /** Whether this is the package's main export itself (its module object or default), nothing read from it. */
            public boolean isMain() {
                return members.isEmpty() && (export.equals("*") || export.equals("default"));
            }

            /** The exported thing read: the last member, else the export name ("*" and "default" for the main one). */
            public String name() {
                return members.isEmpty() ? export : members.get(members.size() - 1);
            }

            FromPackage member(String name) {
                if (export.equals("*") && members.isEmpty()) {
                    // require('x').y and (import * as x).y are the named export y, as import { y } is
                    return new FromPackage(packageName, specifier, name, List.of(), at);
                }
                List<String> more = new ArrayList<>(members);
                more.add(name);
                return new FromPackage(packageName, specifier, export, List.copyOf(more), at);
            }
        }

        /** An expression of the application's own code that defines the value ({@code node}), in {@code module}. */
        record Defined(Module module, Node node) implements Origin {
        }

        /** A module of the application as a whole ({@code import * as x from './x'}, {@code require('./x')}). */
        record ModuleObject(Module module) implements Origin {
        }

        /** What the audit cannot follow (a parameter, a computed property, a value from a call), and why. */
        record Unknown(Node node, String why) implements Origin {
        }
    }

    /** What {@code expression} (in {@code module}) stands for. */
    public Origin resolve(Module module, Node expression) {
        return resolve(module, expression, 0);
    }

    /** The module a node belongs to. */
    public Optional<Module> moduleOf(Node node) {
        return index.module(node.tree().path());
    }

    private Origin resolve(Module module, Node e, int steps) {
        if (e == null) {
            return new Origin.Unknown(null, "nothing");
        }
        if (steps > MAX_STEPS) {
            return new Origin.Unknown(e, "too many steps to follow");
        }
        switch (e.type()) {
            case "parenthesized_expression", "await_expression", "non_null_expression", "as_expression",
                 "satisfies_expression", "type_assertion" -> {
                List<Node> inner = e.namedChildren();
                return inner.isEmpty() ? new Origin.Unknown(e, "empty") : resolve(module, inner.get(0), steps + 1);
            }
            case "identifier", "shorthand_property_identifier" -> {
                return identifier(module, e, steps);
            }
            case "member_expression" -> {
                Node property = e.child("property");
                Origin object = resolve(module, e.child("object"), steps + 1);
                return property == null ? new Origin.Unknown(e, "no property") : member(object, property.text(), e, steps);
            }
            case "subscript_expression" -> {
                String key = Bindings.stringValue(e.child("index"));
                return key == null ? new Origin.Unknown(e, "computed property")
                        : member(resolve(module, e.child("object"), steps + 1), key, e, steps);
            }
            case "call_expression" -> {
                Module.Import required = Bindings.required(e);
                if (required != null) {
                    return imported(module, required, e, steps);
                }
                return new Origin.Defined(module, e);
            }
            default -> {
                return new Origin.Defined(module, e);
            }
        }
    }

    private Origin identifier(Module module, Node id, int steps) {
        String name = id.text();
        Node declaration = declaration(id);
        if (isParameter(declaration)) {
            return new Origin.Unknown(id, "a parameter");
        }
        if (declaration != null) {
            if (declaration.is("for_in_statement")) {
                return new Origin.Unknown(id, "a loop variable");
            }
            if (declaration.is("variable_declarator")) {
                Node value = declaration.child("value");
                Node pattern = declaration.child("name");
                if (value == null) {
                    return new Origin.Unknown(id, "declared without a value");
                }
                if (pattern != null && pattern.is("object_pattern")) {
                    // const { a } = something: the property a of what something is
                    return member(resolve(module, value, steps + 1), propertyBound(pattern, name), id, steps);
                }
                return resolve(module, value, steps + 1);
            }
            return new Origin.Defined(module, declaration);
        }
        Module.Import imported = module.imports().get(name);
        if (imported != null) {
            return imported(module, imported, id, steps);
        }
        return new Origin.Unknown(id, "not declared in this module");
    }

    /** The property name a destructuring pattern binds to {@code local}. */
    private static String propertyBound(Node pattern, String local) {
        for (Node p : pattern.namedChildren()) {
            if (p.is("pair_pattern") && p.child("value") != null && p.child("value").text().equals(local)) {
                return p.child("key").text();
            }
        }
        return local;
    }

    private Origin imported(Module module, Module.Import imported, Node at, int steps) {
        if (!imported.relative()) {
            return new Origin.FromPackage(imported.packageName(), imported.specifier(), imported.name(), List.of(), at);
        }
        Optional<Module> target = index.resolve(module, imported.specifier());
        if (target.isEmpty()) {
            return new Origin.Unknown(at, imported.specifier() + " is not a source file the audit read");
        }
        if (imported.name().equals("*")) {
            Module.Export commonJs = target.get().exports().get("default");
            if (commonJs != null && commonJs.value() != null && isModuleExports(commonJs.value())) {
                return resolve(target.get(), commonJs.value(), steps + 1);
            }
            return new Origin.ModuleObject(target.get());
        }
        return exported(target.get(), imported.name(), at, steps + 1);
    }

    /** Whether an export's value is the right side of {@code module.exports = ...}. */
    private static boolean isModuleExports(Node value) {
        Node parent = value.parent();
        return parent != null && parent.is("assignment_expression") && parent.child("left") != null
                && parent.child("left").text().replaceAll("\\s+", "").equals("module.exports");
    }

    private Origin exported(Module module, String name, Node at, int steps) {
        if (steps > MAX_STEPS) {
            return new Origin.Unknown(at, "too many steps to follow");
        }
        Module.Export export = module.exports().get(name);
        if (export == null && name.equals("default")) {
            return new Origin.ModuleObject(module);
        }
        if (export == null) {
            for (Module.Export star : module.exports().values()) {
                if (star.name().equals("*") && star.from() != null) {
                    Optional<Module> from = index.resolve(module, star.from().specifier());
                    if (from.isPresent() && from.get().exports().containsKey(name)) {
                        return exported(from.get(), name, at, steps + 1);
                    }
                }
            }
            Module.Export commonJs = module.exports().get("default");
            if (commonJs != null && commonJs.value() != null) {
                return member(resolve(module, commonJs.value(), steps + 1), name, at, steps);
            }
            return new Origin.Unknown(at, module.path() + " exports no " + name);
        }
        if (export.from() != null) {
            return imported(module, export.from(), at, steps + 1);
        }
        return resolve(module, export.value(), steps + 1);
    }

    private Origin member(Origin object, String property, Node at, int steps) {
        if (object instanceof Origin.FromPackage p) {
            return p.member(property);
        }
        if (object instanceof Origin.ModuleObject m) {
            return exported(m.module(), property, at, steps + 1);
        }
        if (object instanceof Origin.Defined d && d.node().is("object")) {
            for (Node p : d.node().namedChildren()) {
                if (p.is("pair") && p.child("key") != null
                        && p.child("key").text().replaceAll("^['\"]|['\"]$", "").equals(property)) {
                    return resolve(d.module(), p.child("value"), steps + 1);
                }
                if (p.is("shorthand_property_identifier") && p.text().equals(property)) {
                    return resolve(d.module(), p, steps + 1);
                }
                if (p.is("method_definition") && p.child("name") != null && p.child("name").text().equals(property)) {
                    return new Origin.Defined(d.module(), p);
                }
            }
            return new Origin.Unknown(at, "the object has no " + property);
        }
        if (object instanceof Origin.Unknown u) {
            return u;
        }
        return new Origin.Unknown(at, "a property of a computed value");
    }

    /**
     * The declaration of the name {@code identifier} refers to, in the innermost enclosing scope that declares it:
     * a {@code variable_declarator}, a function or class declaration, a parameter (its identifier, which
     * {@link #isParameter} tells apart), or the {@code for_in_statement} whose loop variable it is
     * ({@code for (const chunk of stream)}, {@code for await}, {@code for ... in}); null when it is global or imported.
     */
    public Node declaration(Node identifier) {
        String name = identifier.text();
        for (Node scope = identifier.parent(); scope != null; scope = scope.parent()) {
            if (scope.is("for_in_statement") && scope.child("left") != null && binds(scope.child("left"), name)
                    && (scope.child("right") == null || !scope.child("right").contains(identifier))) {
                return scope;
            }
            if (scope.is("for_statement") && scope.child("initializer") != null) {
                Node declared = declares(scope.child("initializer"), name);
                if (declared != null) {
                    return declared;
                }
            }
            if (FUNCTIONS.contains(scope.type())) {
                Node parameter = parameter(scope, name);
                if (parameter != null) {
                    return parameter;
                }
            }
            if (!SCOPES.contains(scope.type())) {
                continue;
            }
            for (Node statement : scope.namedChildren()) {
                Node declared = declares(statement, name);
                if (declared != null) {
                    return declared;
                }
            }
        }
        return null;
    }

    /** The parameter's own identifier when {@code function} takes a parameter called {@code name}. */
    private static Node parameter(Node function, String name) {
        Node single = function.child("parameter");
        if (single != null && single.is("identifier") && single.text().equals(name)) {
            return single;
        }
        Node parameters = function.child("parameters");
        if (parameters == null) {
            return null;
        }
        for (Node id : parameters.find("identifier")) {
            if (id.text().equals(name) && id.ancestor("formal_parameters") != null
                    && id.ancestor("formal_parameters").equals(parameters)) {
                Node owner = id.parent();
                // a default value's identifiers are uses, not parameters
                if (owner != null && owner.is("assignment_pattern") && !id.equals(owner.child("left"))) {
                    continue;
                }
                return id;
            }
        }
        return null;
    }

    private static Node declares(Node statement, String name) {
        Node s = statement.is("export_statement") && statement.child("declaration") != null
                ? statement.child("declaration") : statement;
        switch (s.type()) {
            case "lexical_declaration", "variable_declaration" -> {
                for (Node d : s.namedChildren()) {
                    Node pattern = d.child("name");
                    if (d.is("variable_declarator") && pattern != null && binds(pattern, name)) {
                        return d;
                    }
                }
                return null;
            }
            case "function_declaration", "class_declaration", "generator_function_declaration" -> {
                Node n = s.child("name");
                return n != null && n.text().equals(name) ? s : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean binds(Node pattern, String name) {
        if (pattern.is("identifier")) {
            return pattern.text().equals(name);
        }
        return pattern.find(n -> (n.is("shorthand_property_identifier_pattern") || n.is("identifier"))
                && n.text().equals(name) && !"key".equals(n.field())).size() > 0;
    }

    /** Whether a node {@link #declaration} returned is a function's parameter. */
    public static boolean isParameter(Node declaration) {
        return declaration != null && declaration.is("identifier");
    }
}
