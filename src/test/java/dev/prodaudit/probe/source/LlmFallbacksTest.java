package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat and embedding calls run under a handler that maps provider errors to a message for the user. */
class LlmFallbacksTest {
    @TempDir
    Path repo;

    private static final String CLIENT_CJS = """
            const { AzureOpenAI } = require('openai');
            const client = new AzureOpenAI({
              endpoint: process.env.AZURE_OPENAI_ENDPOINT,
              apiKey: process.env.AZURE_OPENAI_API_KEY,
              apiVersion: process.env.AZURE_OPENAI_API_VERSION,
              timeout: Number(process.env.LLM_INVOKE_TIMEOUT ?? 60000),
            });
            module.exports = { client };
            """;

    @Test
    void commonJsCallsUnderACatchThatMapsRateLimitsAndContentFiltersPassThroughAMappingFunction() {
        Outcome outcome = RuleRun.judge("llmFallbacks", repo, Map.of(
                "src/llm/client.js", CLIENT_CJS,
                "src/llm/errors.js", """
                        function toUserMessage(err) {
                          if (err.status === 429) return 'The assistant is busy, please retry in a minute.';
                          if (err.code === 'content_filter') return 'This question cannot be answered.';
                          if (err.name === 'APIConnectionTimeoutError') return 'The assistant timed out, please retry.';
                          return 'The assistant is unavailable right now.';
                        }
                        module.exports = { toUserMessage };
                        """,
                "src/services/chat.js", """
                        const { client } = require('../llm/client');
                        const { toUserMessage } = require('../llm/errors');
                        async function answer(messages) {
                          try {
                            const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });
                            return completion.choices[0].message.content;
                          } catch (err) {
                            return toUserMessage(err);
                          }
                        }
                        async function embed(text) {
                          return client.embeddings.create({ model: 'text-embedding-3-small', input: text })
                            .catch((err) => { throw new Error(err.status === 429 ? 'rate limited' : 'embedding failed'); });
                        }
                        module.exports = { answer, embed };
                        """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
        assertTrue(RuleRun.findings(outcome).contains("PASS src/services/chat.js:5 client.chat.completions.create() at"
                + " src/services/chat.js:5: provider errors are mapped to a message (catch at src/services/chat.js:7)"),
                RuleRun.findings(outcome).toString());
        assertTrue(RuleRun.findings(outcome).stream().anyMatch(f -> f.startsWith("PASS src/services/chat.js:12")),
                RuleRun.findings(outcome).toString());
    }

    @Test
    void aCallWithoutAnyHandlerFailsAndALoggingCatchWarns() {
        Outcome outcome = RuleRun.judge("llmFallbacks", repo, Map.of(
                "src/llm/client.js", CLIENT_CJS,
                "src/routes/chat.js", """
                        const express = require('express');
                        const { client } = require('../llm/client');
                        const router = express.Router();
                        router.post('/ask', async (req, res) => {
                          const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: req.body.messages });
                          res.json({ answer: completion.choices[0].message.content });
                        });
                        router.post('/embed', async (req, res) => {
                          try {
                            res.json(await client.embeddings.create({ model: 'text-embedding-3-small', input: req.body.text }));
                          } catch (err) {
                            console.error('embedding failed', err);
                            throw err;
                          }
                        });
                        module.exports = router;
                        """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().startsWith("client.chat.completions.create() at src/routes/chat.js:5 (openai"
                + " AzureOpenAI) is in no try/catch or .catch"), outcome.evidence());
        assertTrue(RuleRun.findings(outcome).contains("WARN src/routes/chat.js:10 client.embeddings.create() at"
                + " src/routes/chat.js:10: the handler only logs or rethrows (catch at src/routes/chat.js:11); the user"
                + " sees no fallback message"), RuleRun.findings(outcome).toString());
    }

    @Test
    void esmLangchainModelCalledFromAServiceIsCoveredByItsCallersCatch() {
        Outcome outcome = RuleRun.judge("llmFallbacks", repo, Map.of(
                "src/llm.mjs", """
                        import { AzureChatOpenAI } from '@langchain/openai';
                        const model = new AzureChatOpenAI({ temperature: 0, timeout: 60000 });
                        export async function generate(prompt) {
                          return model.invoke(prompt);
                        }
                        """,
                "src/routes/ask.mjs", """
                        import { generate } from '../llm.mjs';
                        export async function ask(req, res) {
                          try {
                            res.json({ answer: await generate(req.body.question) });
                          } catch (err) {
                            const busy = err?.response?.status === 429 || /timeout/i.test(err.message);
                            res.status(busy ? 503 : 502).json({ error: busy ? 'The assistant is busy, please retry' : 'No answer right now' });
                          }
                        }
                        """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("model.invoke() at src/llm.mjs:4: provider errors are mapped to a"
                + " message (catch at src/routes/ask.mjs:5, around the call of generate() at src/routes/ask.mjs:4)"),
                outcome.evidence());
    }

    @Test
    void typeScriptAzureClientInAClassFieldWithAGenericFallbackWarnsAndUncalledHelperFails() {
        Outcome outcome = RuleRun.judge("llmFallbacks", repo, Map.of("src/services/llm.ts", """
                import { OpenAIClient, AzureKeyCredential } from '@azure/openai';
                export class LlmService {
                  private client = new OpenAIClient(process.env.AZURE_OPENAI_ENDPOINT!, new AzureKeyCredential(process.env.AZURE_OPENAI_API_KEY!));
                  async chat(messages: any[]): Promise<string> {
                    try {
                      const result = await this.client.getChatCompletions('chat', messages);
                      return result.choices[0].message?.content ?? '';
                    } catch (e) {
                      return 'Sorry, something went wrong.';
                    }
                  }
                  async embed(texts: string[]) {
                    return this.client.getEmbeddings('embedding', texts);
                  }
                }
                """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(RuleRun.findings(outcome).stream().anyMatch(f -> f.startsWith("WARN src/services/llm.ts:6")
                && f.contains("errors get one generic answer")), RuleRun.findings(outcome).toString());
        assertTrue(RuleRun.findings(outcome).stream().anyMatch(f -> f.startsWith("FAIL src/services/llm.ts:13")
                && f.contains("(@azure/openai OpenAIClient)") && f.contains("embed(), which the audit finds no caller of")),
                RuleRun.findings(outcome).toString());
    }

    @Test
    void codeWithoutAnyLlmCallWarns() {
        Outcome outcome = RuleRun.judge("llmFallbacks", repo, Map.of("src/app.js",
                "const express = require('express');\nmodule.exports = express();\n"));
        assertEquals(Status.WARN, outcome.status(), outcome.toString());
    }
}
