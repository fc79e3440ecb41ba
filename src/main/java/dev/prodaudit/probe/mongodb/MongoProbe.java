package dev.prodaudit.probe.mongodb;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.mongodb.MongoChecks.Item;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * {@code type: mongodb}: connects to MONGODB_URI ({@code targets.mongodb}) and verifies, read-only, what
 * {@link MongoSpec#checks()} lists: authentication enforced, replica set, indexes, TLS, encryption at rest, audit log,
 * TTL retention. Every check starts with {@code buildInfo}, whose version is part of the evidence. Commands sent:
 * buildInfo, hello (isMaster on servers without it), replSetGetStatus, listDatabases (from a client without
 * credentials), listIndexes and getCmdLineOpts; nothing else (see {@link MongoSession#READ_ONLY}).
 *
 * <p>The family's shape: this class dispatches and folds, {@link MongoSession} talks to the deployment,
 * {@link MongoChecks} judges the replies, and failures to get an answer arrive as {@link ProbeFailure}.
 */
public final class MongoProbe implements Probe<MongoSpec> {
    @Override
    public String type() {
        return "mongodb";
    }

    @Override
    public Class<MongoSpec> specType() {
        return MongoSpec.class;
    }

    @Override
    public Set<Evidence> evidence(MongoSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(MongoSpec spec) {
        return List.of(TargetKind.MONGODB);
    }

    @Override
    public Outcome run(MongoSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        MongoTarget target;
        try {
            target = MongoTarget.of(ctx);
        } catch (MongoTarget.Unusable e) {
            return Outcome.error(e.getMessage());
        }
        MongoSession session = MongoSession.open(ctx, target, start);
        String server;
        try {
            server = version(session.command("admin", new Document("buildInfo", 1))) + " at " + target.endpoint();
        } catch (ProbeFailure e) {
            return unreachable(spec, new MongoChecks(spec, target, session), e.getMessage());
        } catch (MongoSession.Refused e) {
            return unreachable(spec, new MongoChecks(spec, target, session),
                    "buildInfo on " + target.endpoint() + " failed: " + e.why());
        }
        MongoChecks checks = new MongoChecks(spec, target, session);
        List<Item> items = new ArrayList<>();
        for (String check : spec.checks()) {
            try {
                items.add(checks.judge(check));
            } catch (ProbeFailure e) {
                // The deployment stopped answering (or the time is up): what is left cannot be decided either.
                items.add(new Item(Status.ERROR, e.getMessage(), List.of(Finding.of(Status.ERROR, check + ": " + e.getMessage()))));
                break;
            }
        }
        return fold(items, server);
    }

    /**
     * The deployment could not be asked anything: what MONGODB_URI alone shows to FAIL (no credentials, no TLS) still
     * decides the check, with the live part (what the server would have answered) named as undecided; anything else
     * is ERROR with {@code reason}. A URI that looks right is not a PASS without the server's answer.
     */
    private static Outcome unreachable(MongoSpec spec, MongoChecks checks, String reason) {
        List<Item> items = new ArrayList<>();
        for (String check : spec.checks()) {
            Item fromUri = checks.fromUriAlone(check);
            if (fromUri != null && fromUri.status() == Status.FAIL) {
                items.add(fromUri);
            }
        }
        if (items.isEmpty()) {
            return Outcome.error(reason);
        }
        items.add(new Item(Status.ERROR, reason, List.of(Finding.of(Status.ERROR, reason))));
        return fold(items, null, "live part undecided");
    }

    /**
     * The items combine by {@link Status#combine}; the evidence is what the deciding items found, the items a FAIL
     * outranks as undecided, then the server's version (null: not known).
     */
    static Outcome fold(List<Item> items, String server) {
        return fold(items, server, "undecided");
    }

    private static Outcome fold(List<Item> items, String server, String undecidedLabel) {
        Status status = Status.combine(items.stream().map(Item::status).toList());
        List<String> lead = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Item i : items) {
            if (i.status() == status) {
                lead.add(i.summary());
            } else if (i.status() == Status.ERROR) {
                undecided.add(i.summary());
            }
            findings.addAll(i.findings());
        }
        return new Outcome(status, String.join("; ", lead) + Outcome.undecided(status, undecidedLabel, undecided)
                + (server == null ? "" : "; " + server), Outcome.relabel(status, undecidedLabel, findings));
    }

    /** "MongoDB 7.0.12", "MongoDB 7.0.12 Enterprise" */
    static String version(Document buildInfo) {
        Object v = buildInfo.get("version");
        Object modules = buildInfo.get("modules");
        boolean enterprise = modules instanceof List<?> l && l.contains("enterprise");
        return "MongoDB " + (v == null ? "(unknown version)" : v) + (enterprise ? " Enterprise" : "");
    }
}
