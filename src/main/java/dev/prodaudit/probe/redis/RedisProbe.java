package dev.prodaudit.probe.redis;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: redis}: the Redis of {@code targets.redis} (REDIS_URL) and its BullMQ queues, live and read-only
 * ({@link ReadOnlyCommands} is the complete list of commands it sends). Each name in {@code checks} is its own
 * finding; the worst decides the check.
 *
 * <ul>
 *   <li>{@code auth}: a second connection without credentials gets NOAUTH to PING, and the URL carries a password;</li>
 *   <li>{@code persistence}: RDB snapshots ({@code CONFIG GET save}) or AOF ({@code appendonly}, else INFO
 *       {@code aof_enabled}) is on, and neither the last RDB save nor the last AOF write failed;</li>
 *   <li>{@code backup}: the last RDB save succeeded and is younger than {@code maxBackupAge} (LASTSAVE);</li>
 *   <li>{@code memory}: {@code maxmemory} > 0 and {@code maxmemory-policy} is {@code policy} (noeviction, which
 *       BullMQ requires), from CONFIG GET or else INFO memory;</li>
 *   <li>{@code workers}: each queue has a worker connected, found in CLIENT LIST the way BullMQ's getWorkers() does;</li>
 *   <li>{@code queues}: waiting, active, failed, delayed and completed counts of each queue; a paused queue, a missing
 *       one or more failed jobs than {@code maxFailed} FAIL;</li>
 *   <li>{@code restarted}: every worker connection of each queue is younger than the deploy (CLIENT LIST {@code age}),
 *       and the commit the API reports is the audited one ({@link DeployChecks});</li>
 *   <li>{@code cache}: no {@code cachePrefix} key was cached before the deploy (bounded SCAN, PTTL).</li>
 * </ul>
 * When a managed Redis disables CONFIG (renamed away, or refused by an ACL), a check reads INFO where INFO has the
 * field, and otherwise reports SKIP with the reason. A server that refuses the connection, does not answer in time
 * or refuses the credentials makes what is not yet decided ERROR with a one-line reason; a definite FAIL already
 * seen (or seen from the URL alone: no password) still decides the check.
 */
public final class RedisProbe implements Probe<RedisSpec> {

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public Class<RedisSpec> specType() {
        return RedisSpec.class;
    }

    @Override
    public Set<Evidence> evidence(RedisSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(RedisSpec spec) {
        return List.of(TargetKind.REDIS);
    }

    @Override
    public Outcome run(RedisSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        RedisTarget target;
        try {
            target = RedisTarget.of(ctx);
        } catch (RedisTarget.Invalid e) {
            return Outcome.error(e.getMessage());
        }
        Deadline deadline = Deadline.of(ctx.timeout(), start);
        HungTargets hung = HungTargets.of(ctx);
        List<Finding> findings = new ArrayList<>();
        boolean needsConnection = spec.checks().stream().anyMatch(c -> !c.equals(RedisSpec.AUTH)) || target.hasPassword();
        RedisSession.Lease conn = null;
        int decided = 0;
        DeployChecks.Facts deploy = null;
        try {
            if (needsConnection) {
                conn = RedisSession.of(ctx, target).lease(deadline, hung);
            }
            for (String check : spec.checks()) {
                switch (check) {
                    case RedisSpec.AUTH -> findings.add(RedisChecks.auth(target, conn, deadline, hung));
                    case RedisSpec.PERSISTENCE -> findings.add(RedisChecks.persistence(conn));
                    case RedisSpec.BACKUP -> findings.add(RedisChecks.backup(conn, spec.backupAge(), spec.backupAgeText()));
                    case RedisSpec.MEMORY -> findings.add(RedisChecks.memory(conn, spec.policy()));
                    case RedisSpec.WORKERS -> findings.addAll(RedisChecks.workers(conn, spec.prefix(), spec.queues()));
                    case RedisSpec.QUEUES -> findings.addAll(RedisChecks.queues(conn, spec.prefix(), spec.queues(), spec.maxFailed()));
                    case RedisSpec.RESTARTED, RedisSpec.CACHE -> {
                        if (deploy == null) {
                            deploy = DeployChecks.Facts.learn(ctx, start, spec.checks(RedisSpec.RESTARTED));
                        }
                        if (check.equals(RedisSpec.RESTARTED)) {
                            findings.addAll(DeployChecks.restarted(conn, spec.prefix(), spec.queues(), deploy,
                                    spec.graceSpan(), Instant.now()));
                        } else {
                            findings.add(DeployChecks.cache(conn, spec.cachePrefix(), spec.cacheTtlVariable(),
                                    DeployChecks.ttlSeconds(ctx, spec.cacheTtlVariable(), spec.cacheTtlDefault()), spec.sample(), deploy,
                                    spec.graceSpan(), Instant.now()));
                        }
                    }
                    default -> throw new IllegalStateException("unknown redis check " + check);
                }
                decided++;
            }
        } catch (ProbeFailure f) {
            // The server stopped answering (or never did): what was already decided stands, and a definite FAIL
            // seen from the URL alone (auth without a password) survives; the rest is undecided.
            List<String> left = spec.checks().subList(decided, spec.checks().size());
            if (left.contains(RedisSpec.AUTH) && !target.hasPassword()) {
                findings.add(RedisChecks.urlWithoutPassword(target, f));
            }
            if (left.stream().anyMatch(c -> !c.equals(RedisSpec.AUTH) || target.hasPassword())) {
                findings.add(Finding.of(Status.ERROR, f.getMessage()));
            }
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
        return fold(findings);
    }

    /** {@link Outcome#fromAll}: the findings combine by the status algebra; the evidence joins the deciding ones. */
    static Outcome fold(List<Finding> findings) {
        return Outcome.fromAll(findings);
    }
}
