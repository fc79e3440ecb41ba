package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names followed the way a reader follows them: through scopes, imports, re-exports and object literals. */
class ResolverTest {

    private static Node lastUse(Module m, String name) {
        List<Node> uses = m.root().find(n -> n.is("identifier") && n.text().equals(name));
        return uses.get(uses.size() - 1);
    }

    @Test
    void reExportChainsLeadToTheDefinition() {
        SourceIndex index = SourceIndex.of(Map.of(
                "src/index.ts", "import { limiter } from './middleware';\napp.use(limiter);\n",
                "src/middleware/index.ts", "export { limiter } from './rate';\nexport * from './other';\n",
                "src/middleware/rate.ts", "import rateLimit from 'express-rate-limit';\nexport const limiter = rateLimit({ limit: 5 });\n",
                "src/middleware/other.ts", "export const logger = 1;\n"));
        Resolver resolver = new Resolver(index);
        Module main = index.module("src/index.ts").orElseThrow();
        Resolver.Origin.Defined d = assertInstanceOf(Resolver.Origin.Defined.class, resolver.resolve(main, lastUse(main, "limiter")));
        assertEquals("src/middleware/rate.ts:2", d.node().where());
        assertTrue(d.node().is("call_expression"));
    }

    @Test
    void commonJsFormsBindWhatTheyRequire() {
        SourceIndex index = SourceIndex.of(Map.of("src/a.js", """
                const { rateLimit: limit } = require('express-rate-limit');
                const Sentry = require('@sentry/node');
                const RedisStore = require('rate-limit-redis').default;
                limit; Sentry.init; RedisStore;
                """));
        Resolver resolver = new Resolver(index);
        Module m = index.module("src/a.js").orElseThrow();
        Resolver.Origin.FromPackage limit = assertInstanceOf(Resolver.Origin.FromPackage.class, resolver.resolve(m, lastUse(m, "limit")));
        assertEquals(List.of("express-rate-limit", "rateLimit"), List.of(limit.packageName(), limit.export()));
        Node init = m.root().find("member_expression").stream().filter(n -> n.text().equals("Sentry.init")).findFirst().orElseThrow();
        Resolver.Origin.FromPackage sentryInit = assertInstanceOf(Resolver.Origin.FromPackage.class, resolver.resolve(m, init));
        assertEquals("@sentry/node", sentryInit.packageName());
        assertEquals("init", sentryInit.name());
        Resolver.Origin.FromPackage store = assertInstanceOf(Resolver.Origin.FromPackage.class, resolver.resolve(m, lastUse(m, "RedisStore")));
        assertEquals("default", store.export());
    }

    @Test
    void aParameterShadowsTheImportOfTheSameName() {
        SourceIndex index = SourceIndex.of(Map.of("src/a.js", """
                const limiter = require('./rate');
                function mount(app, limiter) { app.use(limiter); }
                """));
        Resolver resolver = new Resolver(index);
        Module m = index.module("src/a.js").orElseThrow();
        Resolver.Origin.Unknown u = assertInstanceOf(Resolver.Origin.Unknown.class, resolver.resolve(m, lastUse(m, "limiter")));
        assertEquals("a parameter", u.why());
    }

    @Test
    void propertiesOfExportedObjectsAndTypeScriptImportRequire() {
        SourceIndex index = SourceIndex.of(Map.of(
                "src/a.ts", "import limits = require('./limits');\nconst x = limits.auth;\n",
                "src/limits.js", "const rateLimit = require('express-rate-limit');\nmodule.exports = { auth: rateLimit({ max: 3 }) };\n",
                "src/view.tsx", "export const View = () => <div className=\"x\">{1}</div>;\n"));
        Resolver resolver = new Resolver(index);
        Module m = index.module("src/a.ts").orElseThrow();
        Node auth = m.root().find("member_expression").get(0);
        Resolver.Origin.Defined d = assertInstanceOf(Resolver.Origin.Defined.class, resolver.resolve(m, auth));
        assertEquals("src/limits.js:2", d.node().where());
        assertTrue(index.module("src/view.tsx").orElseThrow().root().find("jsx_self_closing_element").isEmpty());
        assertTrue(!index.module("src/view.tsx").orElseThrow().tree().hasErrors());
    }
}
