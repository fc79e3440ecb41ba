package dev.prodaudit.probe.source;

import static dev.prodaudit.probe.source.SourceRuleHarness.findings;
import static dev.prodaudit.probe.source.SourceRuleHarness.judge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model output streamed or sent to clients must pass a masking call first; the chain is the evidence. */
class PiiMaskingTest {

    private static final String LLM_SERVICE = """
            const { AzureOpenAI } = require('openai');
            const client = new AzureOpenAI({ deployment: process.env.AZURE_OPENAI_LLM_DEPLOYMENT });
            async function streamAnswer(messages) {
              return client.chat.completions.create({ messages, stream: true });
            }
            module.exports = { streamAnswer };
            """;

    private static final String PII = """
            const EMAIL = /[\\w.+-]+@[\\w-]+\\.[\\w.]+/g;
            const PHONE = /\\+?\\d[\\d\\s().-]{7,}\\d/g;
            function maskPII(text) {
              return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
            }
            module.exports = { maskPII };
            """;

    private static String sseRoute(String written) {
        return """
                const express = require('express');
                const { streamAnswer } = require('../services/llm');
                const { maskPII } = require('../lib/pii');
                const router = express.Router();
                router.post('/stream', async (req, res) => {
                  res.setHeader('Content-Type', 'text/event-stream');
                  const stream = await streamAnswer(req.body.messages);
                  for await (const chunk of stream) {
                    const content = chunk.choices[0]?.delta?.content || '';
                    const safe = maskPII(content);
                    res.write(`data: ${JSON.stringify({ content: %s })}\\n\\n`);
                  }
                  res.write('data: [DONE]\\n\\n');
                  res.end();
                });
                module.exports = router;
                """.formatted(written);
    }

    @Test
    void commonJsSseStreamMaskedThroughAVariablePassesWithTheChainAcrossFiles() {
        Outcome outcome = judge("piiMasking", Map.of("src/services/llm.js", LLM_SERVICE, "src/lib/pii.js", PII,
                "src/routes/chat.js", sseRoute("safe")));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        Finding send = outcome.findings().get(0);
        assertEquals("src/routes/chat.js", send.file());
        assertEquals(11, send.line());
        assertEquals(1, outcome.findings().size(), "the [DONE] marker is not model output");
        String chain = send.message();
        assertTrue(chain.contains("LLM call client.chat.completions.create (src/services/llm.js:4)"), chain);
        assertTrue(chain.contains("for await loop over it (src/routes/chat.js:8)"), chain);
        assertTrue(chain.contains("masking call maskPII (src/routes/chat.js:10, defined src/lib/pii.js:3)"), chain);
        assertTrue(chain.indexOf("LLM call") < chain.indexOf("masking call")
                && chain.indexOf("masking call") < chain.indexOf("res.write (src/routes/chat.js:11)"), chain);
    }

    @Test
    void commonJsSseStreamWritingTheRawDeltaFailsAtTheWrite() {
        Outcome outcome = judge("piiMasking", Map.of("src/services/llm.js", LLM_SERVICE, "src/lib/pii.js", PII,
                "src/routes/chat.js", sseRoute("content")));
        assertEquals(Status.FAIL, outcome.status());
        Finding send = findings(outcome, Status.FAIL).get(0);
        assertEquals("src/routes/chat.js:11", send.where());
        assertTrue(send.message().contains("sends model output without a masking call: LLM call"
                + " client.chat.completions.create (src/services/llm.js:4) -> returned by streamAnswer"), send.message());
        assertTrue(send.message().endsWith("-> res.write (src/routes/chat.js:11)"), send.message());
    }

    private static Map<String, String> socketApp(String redact) {
        return Map.of(
                "src/socket/chat.js", """
                        import { ChatOpenAI } from '@langchain/openai';
                        import { redactPII as clean } from '../privacy/redact.js';
                        const model = new ChatOpenAI({ temperature: 0 });
                        export function registerChat(io) {
                          io.on('connection', (socket) => {
                            socket.on('chat:ask', async ({ question, conversationId }) => {
                              const stream = await model.stream(question);
                              for await (const chunk of stream) {
                                io.to(conversationId).emit('chat:token', { token: clean(chunk.content) });
                              }
                              socket.emit('chat:done', { conversationId });
                            });
                          });
                        }
                        """,
                "src/privacy/redact.js", redact);
    }

    @Test
    void esmSocketIoEmitThroughAnAliasedRedactionImportPasses() {
        Outcome outcome = judge("piiMasking", socketApp("""
                const PATTERNS = [/[\\w.+-]+@[\\w-]+\\.[\\w.]+/g, /\\+?\\d[\\d\\s().-]{7,}\\d/g];
                export const redactPII = (text) => PATTERNS.reduce((out, re) => out.replace(re, '[redacted]'), text);
                """));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertEquals(1, outcome.findings().size(), "chat:done sends no model output");
        String chain = outcome.findings().get(0).message();
        assertTrue(chain.startsWith("src/socket/chat.js:9 io.to(conversationId).emit('chat:token') sends model"
                + " output masked: LLM call model.stream (src/socket/chat.js:7)"), chain);
        assertTrue(chain.contains("masking call clean (redactPII) (src/socket/chat.js:9, defined"
                + " src/privacy/redact.js:2)"), chain);
    }

    @Test
    void aRedactionFunctionThatReturnsItsInputUnchangedDoesNotMask() {
        Outcome outcome = judge("piiMasking", socketApp("""
                // TODO: real redaction before launch
                export const redactPII = (text) => text;
                """));
        assertEquals(Status.FAIL, outcome.status());
        String message = findings(outcome, Status.FAIL).get(0).message();
        assertTrue(message.contains("redactPII) returns its input unchanged (src/privacy/redact.js:2)"), message);
    }

    private static Map<String, String> typeScriptApp(String returned) {
        return Map.of(
                "src/services/answer.service.ts", """
                        import { OpenAIClient, AzureKeyCredential } from '@azure/openai';
                        import { scrubSensitive } from '../utils/scrub';

                        export class AnswerService {
                          private client = new OpenAIClient(process.env.AZURE_OPENAI_ENDPOINT!,
                            new AzureKeyCredential(process.env.AZURE_OPENAI_API_KEY!));

                          async answer(question: string): Promise<string> {
                            const result = await this.client.getChatCompletions(
                              process.env.AZURE_OPENAI_LLM_DEPLOYMENT!, [{ role: 'user', content: question }]);
                            return %s;
                          }
                        }

                        export const answerService = new AnswerService();
                        """.formatted(returned),
                "src/utils/scrub.ts", """
                        export function scrubSensitive(text: string): string {
                          return text.replace(/\\b\\d{13,16}\\b/g, '[card]').replace(/\\S+@\\S+/g, '[email]');
                        }
                        """,
                "src/routes/ask.ts", """
                        import { Router, Request, Response } from 'express';
                        import { answerService } from '../services/answer.service';

                        const router = Router();
                        router.post('/ask', async (req: Request, res: Response) => {
                          const answer = await answerService.answer(req.body.question);
                          res.status(200).json({ answer });
                        });
                        export default router;
                        """);
    }

    @Test
    void typeScriptServiceClassThatScrubsBeforeReturningPasses() {
        Outcome outcome = judge("piiMasking",
                typeScriptApp("scrubSensitive(result.choices[0].message?.content ?? '')"));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        String chain = outcome.findings().get(0).message();
        assertTrue(chain.contains("LLM call this.client.getChatCompletions (src/services/answer.service.ts:9)"
                + " -> masking call scrubSensitive (src/services/answer.service.ts:11, defined src/utils/scrub.ts:1)"
                + " -> returned by answerService.answer (src/services/answer.service.ts:8)"
                + " -> res.status(200).json (src/routes/ask.ts:7)"), chain);
    }

    @Test
    void typeScriptServiceClassReturningTheRawAnswerFails() {
        Outcome outcome = judge("piiMasking", typeScriptApp("result.choices[0].message?.content ?? ''"));
        assertEquals(Status.FAIL, outcome.status());
        assertEquals("src/routes/ask.ts:7", findings(outcome, Status.FAIL).get(0).where());
    }

    @Test
    void anAppThatSendsNoModelOutputWarnsAndAuthTokensAreNotModelOutput() {
        Outcome outcome = judge("piiMasking", Map.of("src/routes/auth.js", """
                const jwt = require('jsonwebtoken');
                const router = require('express').Router();
                const { issueTokens } = require('../services/tokens');
                router.post('/login', async (req, res) => {
                  const token = jwt.sign({ sub: req.body.email }, process.env.JWT_ACCESS_SECRET);
                  const { accessToken, refreshToken } = await issueTokens(req.body.email);
                  res.json({ token, accessToken, refreshToken });
                });
                router.get('/health', (req, res) => res.send({ status: 'ok' }));
                module.exports = router;
                """));
        assertEquals(Status.WARN, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().startsWith("no send of model output found: looked for res.write/send/json/end"),
                outcome.evidence());
    }

    @Test
    void aParameterNamedLikeModelOutputCountsWhenItsOriginCannotBeFollowed() {
        Outcome outcome = judge("piiMasking", Map.of("src/socket/relay.js", """
                function relayDelta(socket, delta) {
                  socket.emit('answer:delta', delta);
                }
                function relayMasked(socket, delta) {
                  socket.emit('answer:delta', anonymizeText(delta));
                }
                module.exports = { relayDelta, relayMasked };
                """));
        assertEquals(Status.FAIL, outcome.status());
        List<Finding> failed = findings(outcome, Status.FAIL);
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).message().contains("`delta`, named like model output (origin not followed)"
                + " (src/socket/relay.js:1)"), failed.get(0).message());
        assertEquals("src/socket/relay.js:5", findings(outcome, Status.PASS).get(0).where());
    }

    @Test
    void namesSayModelOutputUnlessTheyNameAnAuthToken() {
        assertTrue(PiiMasking.namedLikeModelOutput("chunk"));
        assertTrue(PiiMasking.namedLikeModelOutput("answerText"));
        assertTrue(PiiMasking.namedLikeModelOutput("streamed_tokens"));
        assertTrue(!PiiMasking.namedLikeModelOutput("accessToken"));
        assertTrue(!PiiMasking.namedLikeModelOutput("reset_token"));
        assertTrue(!PiiMasking.namedLikeModelOutput("conversationId"));
    }
}
