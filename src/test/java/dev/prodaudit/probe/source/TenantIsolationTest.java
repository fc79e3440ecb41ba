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

/** Vector searches and queries on tenant collections must be scoped to one workspace; unscoped sites are listed. */
class TenantIsolationTest {

    private static final String CONVERSATION_MODEL = """
            const mongoose = require('mongoose');
            const conversationSchema = new mongoose.Schema({
              workspaceId: { type: mongoose.Schema.Types.ObjectId, ref: 'Workspace', required: true, index: true },
              userId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
              title: String,
            }, { timestamps: true });
            module.exports = mongoose.model('Conversation', conversationSchema);
            """;

    private static final String AUDIT_MODEL = """
            const { Schema, model } = require('mongoose');
            const healthSchema = new Schema({ status: String, checkedAt: Date });
            module.exports = model('HealthCheck', healthSchema);
            """;

    private static String conversationRoutes(String listFilter, String byIdCheck) {
        return """
                const router = require('express').Router();
                const Conversation = require('../models/conversation');
                const HealthCheck = require('../models/health');
                const { scoped } = require('../lib/tenant');

                router.get('/', async (req, res) => {
                  const items = await Conversation.find(%s).sort({ updatedAt: -1 });
                  res.json(items);
                });
                router.get('/:id', async (req, res) => {
                  const conversation = await Conversation.findById(req.params.id);
                  %s
                  res.json(conversation);
                });
                router.delete('/', async (req, res) => {
                  await Conversation.deleteMany(scoped(req, { userId: req.user.id }));
                  res.json(await HealthCheck.find());
                });
                module.exports = router;
                """.formatted(listFilter, byIdCheck);
    }

    private static final String TENANT_LIB = """
            function scoped(req, filter) {
              return { ...filter, workspaceId: req.user.workspaceId };
            }
            module.exports = { scoped };
            """;

    @Test
    void commonJsQueriesFilteredByWorkspacePassIncludingAHelperAndAnIdCheck() {
        Outcome outcome = judge("tenantIsolation", Map.of(
                "src/models/conversation.js", CONVERSATION_MODEL,
                "src/models/health.js", AUDIT_MODEL,
                "src/lib/tenant.js", TENANT_LIB,
                "src/routes/conversations.js", conversationRoutes("{ workspaceId: req.user.workspaceId }",
                        "if (!conversation || !conversation.workspaceId.equals(req.user.workspaceId)) return res.sendStatus(404);")));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertEquals(3, outcome.findings().size(), "HealthCheck has no tenant field and is not judged");
        assertTrue(outcome.findings().get(2).message().contains("Conversation.deleteMany (model Conversation, schema"
                + " src/models/conversation.js:2 has workspaceId) filters on workspaceId (src/lib/tenant.js:2)"),
                outcome.findings().get(2).message());
        assertTrue(outcome.findings().get(1).message().contains("conversation.workspaceId checked at"
                + " src/routes/conversations.js:12"), outcome.findings().get(1).message());
    }

    @Test
    void commonJsQueryWithoutTheWorkspaceFailsAndAnUncheckedFindByIdWarns() {
        Outcome outcome = judge("tenantIsolation", Map.of(
                "src/models/conversation.js", CONVERSATION_MODEL,
                "src/models/health.js", AUDIT_MODEL,
                "src/lib/tenant.js", TENANT_LIB,
                "src/routes/conversations.js", conversationRoutes("{ userId: req.user.id }", "")));
        assertEquals(Status.FAIL, outcome.status());
        Finding failed = findings(outcome, Status.FAIL).get(0);
        assertEquals("src/routes/conversations.js:7", failed.where());
        assertTrue(failed.message().contains("Conversation.find (model Conversation, schema src/models/conversation.js:2"
                + " has workspaceId) has no workspace/tenant filter: the filter { userId: req.user.id }"
                + " (src/routes/conversations.js:7) has no workspaceId"), failed.message());
        Finding unchecked = findings(outcome, Status.WARN).get(0);
        assertEquals("src/routes/conversations.js:11", unchecked.where());
        assertTrue(unchecked.message().contains("findById") && unchecked.message().contains("no later check"),
                unchecked.message());
    }

    private static Map<String, String> qdrantApp(String filter) {
        return Map.of(
                "src/services/qdrant.ts", """
                        import { QdrantClient } from '@qdrant/js-client-rest';
                        export const qdrant = new QdrantClient({ url: process.env.QDRANT_URL, apiKey: process.env.QDRANT_API_KEY });
                        export const COLLECTION = process.env.QDRANT_COLLECTION_NAME ?? 'documents';
                        """,
                "src/services/retrieval.ts", """
                        import { qdrant, COLLECTION } from './qdrant';

                        const WORKSPACE_KEY = 'metadata.workspaceId';

                        export async function retrieve(vector: number[], workspaceId: string) {
                          const hits = await qdrant.search(COLLECTION, {
                            vector,
                            limit: 8,
                            with_payload: true,
                            %s
                          });
                          return hits.map((h) => h.payload);
                        }
                        """.formatted(filter));
    }

    @Test
    void typeScriptQdrantSearchWithAWorkspaceMustConditionPasses() {
        Outcome outcome = judge("tenantIsolation",
                qdrantApp("filter: { must: [{ key: WORKSPACE_KEY, match: { value: workspaceId } }] },"));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().startsWith("src/services/retrieval.ts:6 qdrant.search (Qdrant search) filters on"
                + " 'metadata.workspaceId' (must condition at src/services/retrieval.ts:10)"), outcome.evidence());
    }

    @Test
    void typeScriptQdrantSearchWithoutAFilterOrWithOnlyShouldFails() {
        Outcome none = judge("tenantIsolation", qdrantApp(""));
        assertEquals(Status.FAIL, none.status());
        assertTrue(none.evidence().contains("src/services/retrieval.ts:6 qdrant.search (Qdrant search) has no"
                + " workspace/tenant filter: the request (src/services/retrieval.ts:6) has no filter"), none.evidence());
        Outcome should = judge("tenantIsolation",
                qdrantApp("filter: { should: [{ key: WORKSPACE_KEY, match: { value: workspaceId } }] },"));
        assertEquals(Status.FAIL, should.status());
        assertTrue(should.evidence().contains("has no 'must' condition ('should' does not restrict)"), should.evidence());
    }

    private static Map<String, String> langchainApp(String search) {
        return Map.of(
                "src/rag/store.mjs", """
                        import { QdrantVectorStore } from '@langchain/qdrant';
                        import { embeddings } from './embeddings.mjs';
                        export const store = await QdrantVectorStore.fromExistingCollection(embeddings, {
                          url: process.env.QDRANT_URL,
                          collectionName: 'documents',
                        });
                        """,
                "src/rag/embeddings.mjs", """
                        import { AzureOpenAIEmbeddings } from '@langchain/openai';
                        export const embeddings = new AzureOpenAIEmbeddings();
                        """,
                "src/rag/retrieve.mjs", """
                        import { store } from './store.mjs';
                        const tenantFilter = (workspaceId) => ({
                          must: [{ key: 'metadata.workspace_id', match: { value: workspaceId } }],
                        });
                        export async function relevantChunks(question, workspaceId) {
                          return %s;
                        }
                        """.formatted(search));
    }

    @Test
    void esmLangChainSimilaritySearchWithATenantFilterHelperPasses() {
        Outcome outcome = judge("tenantIsolation",
                langchainApp("store.similaritySearch(question, 6, tenantFilter(workspaceId))"));
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().contains("'metadata.workspace_id'"), outcome.evidence());
    }

    @Test
    void esmLangChainSimilaritySearchWithoutAFilterFails() {
        Outcome outcome = judge("tenantIsolation", langchainApp("store.similaritySearch(question, 6)"));
        assertEquals(Status.FAIL, outcome.status());
        assertEquals("src/rag/retrieve.mjs:6", findings(outcome, Status.FAIL).get(0).where());
    }

    @Test
    void typeScriptMongooseModelAggregateAndChainedWhere() {
        Map<String, String> files = Map.of(
                "src/models/Document.ts", """
                        import { Schema, model, Types } from 'mongoose';
                        interface IDoc { tenantId: Types.ObjectId; title: string }
                        const documentSchema = new Schema<IDoc>({ tenantId: { type: Schema.Types.ObjectId, required: true }, title: String });
                        export const DocumentSource = model<IDoc>('DocumentSource', documentSchema);
                        """,
                "src/services/documents.ts", """
                        import { DocumentSource } from '../models/Document';
                        export async function stats(tenantId: string) {
                          const scoped = await DocumentSource.find().where('tenantId').equals(tenantId);
                          const counts = await DocumentSource.aggregate([{ $match: { tenantId } }, { $group: { _id: '$title' } }]);
                          const leaked = await DocumentSource.aggregate([{ $group: { _id: '$title' } }]);
                          return { scoped, counts, leaked };
                        }
                        """);
        Outcome outcome = judge("tenantIsolation", files);
        assertEquals(Status.FAIL, outcome.status());
        List<Finding> passed = findings(outcome, Status.PASS);
        assertEquals(List.of("src/services/documents.ts:3", "src/services/documents.ts:4"),
                passed.stream().map(Finding::where).toList());
        Finding failed = findings(outcome, Status.FAIL).get(0);
        assertEquals("src/services/documents.ts:5", failed.where());
        assertTrue(failed.message().contains("is not a $match"), failed.message());
    }

    @Test
    void noVectorSearchAndNoTenantModelWarnsSayingWhatWasLookedFor() {
        Outcome outcome = judge("tenantIsolation", Map.of("src/models/health.js", AUDIT_MODEL, "src/server.js", """
                const HealthCheck = require('./models/health');
                HealthCheck.find().then(console.log);
                """));
        assertEquals(Status.WARN, outcome.status());
        assertTrue(outcome.evidence().contains("none with a workspace/tenant/organization field"), outcome.evidence());
        assertTrue(outcome.findings().stream().anyMatch(f -> f.message().startsWith("no Qdrant search and no query")));
    }
}
