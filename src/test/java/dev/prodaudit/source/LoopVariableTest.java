package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A loop's variable is declared by its loop, not looked up as a global or an import. */
class LoopVariableTest {

    @Test
    void forAwaitAndForLoopVariablesAreDeclaredByTheirLoop() {
        SourceIndex index = SourceIndex.of(Map.of("src/stream.js", """
                const { chunk } = require('./other');
                async function relay(stream, res) {
                  for await (const chunk of stream) {
                    res.write(chunk);
                  }
                  for (let i = 0; i < 3; i++) {
                    res.write(String(i));
                  }
                }
                """));
        Module module = index.module("src/stream.js").orElseThrow();
        Resolver resolver = new Resolver(index);
        Node written = module.root().find(n -> n.is("identifier") && n.text().equals("chunk")
                && n.parent().is("arguments")).get(0);
        Node loop = resolver.declaration(written);
        assertEquals("for_in_statement", loop.type());
        assertEquals("src/stream.js:3", loop.where());
        Resolver.Origin.Unknown origin = assertInstanceOf(Resolver.Origin.Unknown.class,
                resolver.resolve(module, written));
        assertEquals("a loop variable", origin.why());
        Node counter = module.root().find(n -> n.is("identifier") && n.text().equals("i")
                && n.parent().is("arguments")).get(0);
        assertEquals("variable_declarator", resolver.declaration(counter).type());
    }
}
