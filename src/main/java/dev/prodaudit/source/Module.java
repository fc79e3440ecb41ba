package dev.prodaudit.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed source file and what it binds at its top level: what it imports (ES {@code import} and CommonJS
 * {@code require}, wherever the require is written), and what it exports ({@code export ...}, {@code module.exports},
 * {@code exports.x}).
 */
public final class Module {
    private final SyntaxTree tree;
    private final Map<String, Import> imports;
    private final Map<String, Export> exports;

    Module(SyntaxTree tree) {
        this.tree = tree;
        Map<String, Import> imports = new LinkedHashMap<>();
        Map<String, Export> exports = new LinkedHashMap<>();
        Bindings.read(tree.root(), imports, exports);
        this.imports = Collections.unmodifiableMap(imports);
        this.exports = Collections.unmodifiableMap(exports);
    }

    /**
     * A binding of a local name to something another module provides. {@code name} is the export asked for:
     * {@code default} ({@code import x from}), {@code *} (the module object: {@code import * as x},
     * {@code const x = require(...)}) or a named export ({@code import { x }}, {@code const { x } = require(...)},
     * {@code require(...).x}).
     */
    public record Import(String specifier, String name, Node at) {
        /** Whether the specifier names a file of this repository ({@code ./auth}, {@code ../lib/log.js}). */
        public boolean relative() {
            return specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".")
                    || specifier.equals("..");
        }

        /** The package an absolute specifier names: {@code @sentry/node/tracing} is in {@code @sentry/node}. */
        public String packageName() {
            String[] parts = specifier.split("/");
            return specifier.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
        }
    }

    /**
     * What a module exports under a name: the expression ({@code value}), or, for {@code export { x } from './y'},
     * the module and name it passes on ({@code from}).
     */
    public record Export(String name, Node value, Import from) {
    }

    public String path() {
        return tree.path();
    }

    public SyntaxTree tree() {
        return tree;
    }

    public Node root() {
        return tree.root();
    }

    /** Local name to import, for every top-level import and require this module binds. */
    public Map<String, Import> imports() {
        return imports;
    }

    /** Exported name ({@code default} for the default export and for {@code module.exports = ...}) to export. */
    public Map<String, Export> exports() {
        return exports;
    }

    /** Whether the module imports the package (or a path inside it), however it binds it. */
    public boolean usesPackage(String packageName) {
        return imports.values().stream().anyMatch(i -> !i.relative() && i.packageName().equals(packageName))
                || !root().find(n -> Bindings.requireSpecifier(n) != null
                        && packageName.equals(new Import(Bindings.requireSpecifier(n), "*", n).packageName())).isEmpty();
    }

    /** The specifiers this module imports or requires anywhere (top-level or not, dynamic {@code import()} too). */
    public List<String> specifiers() {
        return root().find(n -> Bindings.requireSpecifier(n) != null || n.is("import_statement")).stream()
                .map(n -> n.is("import_statement") ? Bindings.stringValue(n.child("source"))
                        : Bindings.requireSpecifier(n))
                .filter(s -> s != null).distinct().toList();
    }

    @Override
    public String toString() {
        return path();
    }
}
