package dev.prodaudit.source;

import java.util.Map;

/** Reads a module's imports and exports from its tree (ES modules and CommonJS alike). */
final class Bindings {
    private Bindings() {
    }

    static void read(Node program, Map<String, Module.Import> imports, Map<String, Module.Export> exports) {
        for (Node statement : program.namedChildren()) {
            switch (statement.type()) {
                case "import_statement" -> importStatement(statement, imports);
                case "export_statement" -> exportStatement(statement, exports);
                case "expression_statement" -> {
                    Node e = statement.namedChildren().isEmpty() ? null : statement.namedChildren().get(0);
                    if (e != null && e.is("assignment_expression")) {
                        commonJsExport(e, exports);
                    }
                }
                default -> {
                }
            }
        }
        // require() binds wherever it is written (inside a function, an if): every declarator whose value is one.
        for (Node declarator : program.find("variable_declarator")) {
            Node value = declarator.child("value");
            Module.Import required = required(value);
            if (required != null) {
                bindPattern(declarator.child("name"), required, imports);
            }
        }
    }

    /** The import a require expression yields: {@code require('x')}, {@code require('x').y}, {@code require('x').default}. */
    static Module.Import required(Node value) {
        if (value == null) {
            return null;
        }
        if (value.is("await_expression") && !value.namedChildren().isEmpty()) {
            return required(value.namedChildren().get(0));
        }
        String specifier = requireSpecifier(value);
        if (specifier != null) {
            return new Module.Import(specifier, "*", value);
        }
        if (value.is("member_expression")) {
            String inner = requireSpecifier(value.child("object"));
            Node property = value.child("property");
            if (inner != null && property != null) {
                return new Module.Import(inner, property.text(), value);
            }
        }
        return null;
    }

    /** The specifier of {@code require('x')} or dynamic {@code import('x')}, else null. */
    static String requireSpecifier(Node n) {
        if (n == null || !n.is("call_expression")) {
            return null;
        }
        Node function = n.child("function");
        if (function == null || !(function.is("import") || function.is("identifier") && function.text().equals("require"))) {
            return null;
        }
        Node args = n.child("arguments");
        if (args == null || args.namedChildren().size() != 1) {
            return null;
        }
        return stringValue(args.namedChildren().get(0));
    }

    /** The value of a string literal (or a template string without substitutions), else null. */
    static String stringValue(Node n) {
        if (n == null) {
            return null;
        }
        if (n.is("string") || n.is("template_string")) {
            StringBuilder out = new StringBuilder();
            for (Node part : n.namedChildren()) {
                switch (part.type()) {
                    case "string_fragment" -> out.append(part.text());
                    case "escape_sequence" -> out.append(unescape(part.text()));
                    default -> {
                        return null; // a substitution: not a constant
                    }
                }
            }
            return out.toString();
        }
        return null;
    }

    private static String unescape(String escape) {
        if (escape.length() < 2) {
            return escape;
        }
        return switch (escape.charAt(1)) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case '0' -> "\0";
            default -> escape.substring(1);
        };
    }

    private static void importStatement(Node statement, Map<String, Module.Import> imports) {
        String specifier = stringValue(statement.child("source"));
        for (Node clause : statement.namedChildren()) {
            if (clause.is("import_require_clause")) { // TypeScript: import x = require('y')
                Node name = clause.namedChildren().isEmpty() ? null : clause.namedChildren().get(0);
                String source = stringValue(clause.child("source"));
                if (name != null && name.is("identifier") && source != null) {
                    imports.put(name.text(), new Module.Import(source, "*", clause));
                }
            }
            if (!clause.is("import_clause") || specifier == null) {
                continue;
            }
            for (Node part : clause.namedChildren()) {
                switch (part.type()) {
                    case "identifier" -> imports.put(part.text(), new Module.Import(specifier, "default", part));
                    case "namespace_import" -> part.namedChildren().stream().filter(c -> c.is("identifier")).findFirst()
                            .ifPresent(id -> imports.put(id.text(), new Module.Import(specifier, "*", part)));
                    case "named_imports" -> {
                        for (Node spec : part.namedChildren()) {
                            if (!spec.is("import_specifier")) {
                                continue;
                            }
                            Node name = spec.child("name");
                            Node alias = spec.child("alias");
                            if (name != null) {
                                String exported = name.is("string") ? stringValue(name) : name.text();
                                imports.put((alias != null ? alias : name).text(),
                                        new Module.Import(specifier, exported, spec));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private static void exportStatement(Node statement, Map<String, Module.Export> exports) {
        boolean isDefault = statement.children().stream().anyMatch(c -> c.is("default"));
        String source = stringValue(statement.child("source"));
        Node declaration = statement.child("declaration");
        Node value = statement.child("value");
        if (isDefault) {
            Node exported = declaration != null ? declaration : value;
            if (exported != null) {
                exports.put("default", new Module.Export("default", exported, null));
            }
            return;
        }
        if (declaration != null) {
            if (declaration.is("lexical_declaration") || declaration.is("variable_declaration")) {
                for (Node d : declaration.namedChildren()) {
                    Node name = d.child("name");
                    if (d.is("variable_declarator") && name != null && name.is("identifier")) {
                        exports.put(name.text(), new Module.Export(name.text(), d.child("value"), null));
                    }
                }
            } else {
                Node name = declaration.child("name");
                if (name != null) {
                    exports.put(name.text(), new Module.Export(name.text(), declaration, null));
                }
            }
            return;
        }
        for (Node clause : statement.namedChildren()) {
            if (clause.is("namespace_export") && source != null) { // export * as ns from './x'
                clause.namedChildren().stream().findFirst().ifPresent(id -> exports.put(id.text(),
                        new Module.Export(id.text(), null, new Module.Import(source, "*", clause))));
            }
            if (!clause.is("export_clause")) {
                continue;
            }
            for (Node spec : clause.namedChildren()) {
                Node name = spec.child("name");
                Node alias = spec.child("alias");
                if (!spec.is("export_specifier") || name == null) {
                    continue;
                }
                String exportedAs = (alias != null ? alias : name).text();
                if (source != null) {
                    exports.put(exportedAs, new Module.Export(exportedAs, null,
                            new Module.Import(source, name.text(), spec)));
                } else {
                    exports.put(exportedAs, new Module.Export(exportedAs, name, null));
                }
            }
        }
        if (source != null && statement.children().stream().anyMatch(c -> c.is("*"))
                && statement.namedChildren().stream().noneMatch(c -> c.is("namespace_export"))) {
            // export * from './x': every name of ./x, resolved when asked for
            exports.putIfAbsent("*" + source, new Module.Export("*", null, new Module.Import(source, "*", statement)));
        }
    }

    /** {@code module.exports = x}, {@code module.exports.y = x}, {@code exports.y = x}. */
    private static void commonJsExport(Node assignment, Map<String, Module.Export> exports) {
        Node left = assignment.child("left");
        Node right = assignment.child("right");
        if (left == null || right == null || !left.is("member_expression")) {
            return;
        }
        String target = left.text().replaceAll("\\s+", "");
        if (target.equals("module.exports")) {
            exports.put("default", new Module.Export("default", right, null));
            if (right.is("object")) {
                for (Node property : right.namedChildren()) {
                    if (property.is("pair") && property.child("key") != null) {
                        String key = property.child("key").text().replaceAll("^['\"]|['\"]$", "");
                        exports.put(key, new Module.Export(key, property.child("value"), null));
                    } else if (property.is("shorthand_property_identifier")) {
                        exports.put(property.text(), new Module.Export(property.text(), property, null));
                    }
                }
            }
            return;
        }
        Node property = left.child("property");
        String object = left.child("object") == null ? "" : left.child("object").text().replaceAll("\\s+", "");
        if (property != null && (object.equals("module.exports") || object.equals("exports"))) {
            exports.put(property.text(), new Module.Export(property.text(), right, null));
        }
    }

    /** Binds the names of a declarator's pattern to what the require gives. */
    private static void bindPattern(Node pattern, Module.Import required, Map<String, Module.Import> imports) {
        if (pattern == null) {
            return;
        }
        if (pattern.is("identifier")) {
            imports.putIfAbsent(pattern.text(), required);
            return;
        }
        if (!pattern.is("object_pattern")) {
            return;
        }
        for (Node p : pattern.namedChildren()) {
            switch (p.type()) {
                case "shorthand_property_identifier_pattern" -> imports.putIfAbsent(p.text(),
                        new Module.Import(required.specifier(), p.text(), p));
                case "pair_pattern" -> {
                    Node key = p.child("key");
                    Node value = p.child("value");
                    if (key != null && value != null && value.is("identifier")) {
                        imports.putIfAbsent(value.text(), new Module.Import(required.specifier(), key.text(), p));
                    }
                }
                case "object_assignment_pattern" -> {
                    Node left = p.child("left");
                    if (left != null) {
                        imports.putIfAbsent(left.text(), new Module.Import(required.specifier(), left.text(), p));
                    }
                }
                default -> {
                }
            }
        }
    }
}
