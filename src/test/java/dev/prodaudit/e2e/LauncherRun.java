package dev.prodaudit.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One run of the {@code audit} launcher script, as a user runs it: {@code sh audit ARGS} in a folder, in this
 * process's environment less the variables that would change what the launcher does (CI, PRODAUDIT_CDS, JAVA_HOME) or what the
 * JVM prints (JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS), plus those the test sets.
 */
record LauncherRun(int exitCode, String out, String err) {

    /** Runs {@code launcher} in {@code dir}; {@code scratch} receives the captured output. */
    static LauncherRun of(Path launcher, Path dir, Map<String, String> environment, Path scratch, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("PRODAUDIT_CDS");
        pb.environment().remove("CI"); // .ci/run sets it; each test says whether it runs as a CI job
        pb.environment().remove("JAVA_HOME"); // the launcher would run it; each test names its JVM (PATH or JAVA_HOME)
        pb.environment().putAll(environment);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("./audit " + String.join(" ", args) + " did not finish");
        }
        // The java launcher announces JDK_JAVA_OPTIONS on stderr; that line is the test's doing, not the audit's.
        String errText = Files.readString(err).lines().filter(l -> !l.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS"))
                .collect(Collectors.joining("\n"));
        return new LauncherRun(p.exitValue(), Files.readString(out), errText);
    }
}
