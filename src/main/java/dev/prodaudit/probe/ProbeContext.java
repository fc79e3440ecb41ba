package dev.prodaudit.probe;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a probe may use: the audited environment, the repository, the live targets, the time
 * budget of one check and the run's shared clients.
 */
public record ProbeContext(Env env, Path repository, Targets targets, Duration timeout, SharedClients clients) {
}
