package dev.prodaudit.probe;

import dev.prodaudit.config.CiSettings;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a probe may use: the audited environment, the repository, the live targets, the time
 * budget of one check and the run's shared clients.
 *
 * @param historyDepth how many of the newest commits the git history walk reads ({@code --history-depth},
 *                     {@code historyDepth:} in audit.yaml); {@value #WHOLE_HISTORY} for all of them
 * @param deployment   the deploy time given on the command line and the audited commit (never null)
 * @param ci           audit.yaml's {@code ci:}: where the release's CI results live, which jobs count (never null)
 * @param offline      {@code --offline}: parts that need a live service or a provider's API are not run
 *                     ({@link Offline})
 */
public record ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients,
                           int historyDepth, Deployment deployment, CiSettings ci, boolean offline) {
    public static final int WHOLE_HISTORY = 0;

    public ProbeContext {
        if (historyDepth < 0) {
            throw new IllegalArgumentException("historyDepth must be 0 (all) or positive");
        }
        if (deployment == null) {
            deployment = Deployment.UNKNOWN;
        }
        if (ci == null) {
            ci = CiSettings.NONE;
        }
    }

    /** A context that runs every part. */
    public ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients,
                        int historyDepth, Deployment deployment, CiSettings ci) {
        this(env, repository, targets, timeout, clients, historyDepth, deployment, ci, false);
    }

    /** A context without a {@code ci:} section. */
    public ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients,
                        int historyDepth, Deployment deployment, boolean offline) {
        this(env, repository, targets, timeout, clients, historyDepth, deployment, CiSettings.NONE, offline);
    }

    /** A context without a {@code ci:} section that runs every part. */
    public ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients,
                        int historyDepth, Deployment deployment) {
        this(env, repository, targets, timeout, clients, historyDepth, deployment, CiSettings.NONE, false);
    }

    /** A context that knows nothing of the deploy. */
    public ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients,
                        int historyDepth) {
        this(env, repository, targets, timeout, clients, historyDepth, Deployment.UNKNOWN);
    }

    /** A context that walks the whole history. */
    public ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients) {
        this(env, repository, targets, timeout, clients, WHOLE_HISTORY, Deployment.UNKNOWN);
    }

    /** The same context with what is known of the deploy. */
    public ProbeContext withDeployment(Deployment known) {
        return new ProbeContext(env, repository, targets, timeout, clients, historyDepth, known, ci, offline);
    }

    /** The same context, running only what needs no live service ({@code --offline}) when {@code on}. */
    public ProbeContext offline(boolean on) {
        return new ProbeContext(env, repository, targets, timeout, clients, historyDepth, deployment, ci, on);
    }

    /** The same context with another time budget (a part of a {@code type: all} check). */
    public ProbeContext withTimeout(Duration budget) {
        return new ProbeContext(env, repository, targets, budget, clients, historyDepth, deployment, ci, offline);
    }

    /** The same context with audit.yaml's {@code ci:} section. */
    public ProbeContext withCi(CiSettings settings) {
        return new ProbeContext(env, repository, targets, timeout, clients, historyDepth, deployment, settings, offline);
    }
}
