package dev.prodaudit.probe.source;

import dev.prodaudit.probe.Finding;
import java.util.List;

/**
 * One thing the application's code must do, judged from the parsed sources. A rule returns its findings, each
 * naming file:line and the code fact; the probe folds them (a FAIL wins over an ERROR over a WARN over a PASS).
 * A rule that cannot see what it needs (no Express app, no login route) says so with WARN or ERROR, never PASS.
 */
interface SourceRule {
    /** The name the catalogue's {@code require:} uses. */
    String name();

    /** One line for {@code audit explain}: what is looked for and which peer rule or library default it follows. */
    String explains();

    List<Finding> judge(SourceCode code);
}
