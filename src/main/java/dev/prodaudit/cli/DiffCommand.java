package dev.prodaudit.cli;

import dev.prodaudit.input.InputException;
import dev.prodaudit.policy.ReportDiff;
import dev.prodaudit.policy.SavedReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code audit diff old.json new.json}: what changed between two JSON reports. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two JSON reports of 'audit run': new failures, fixed checks, other status changes,",
                "changed evidence, added and removed checks.",
                "Exit 0 without new failures, 1 with new failures (FAIL or ERROR now, not before), 2 on bad input."})
public final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand parent;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier JSON report.")
    String oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later JSON report.")
    String newFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    String output;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws InputException {
        Terminal terminal = parent.terminal();
        if (!format.equals("text") && !format.equals("json")) {
            throw new InputException("--format " + format, "unknown diff format '" + format + "'", "one of text, json");
        }
        Path cwd = terminal.workDir();
        SavedReport before = SavedReport.read(cwd.resolve(oldFile), oldFile, "report");
        SavedReport after = SavedReport.read(cwd.resolve(newFile), newFile, "report");
        ReportDiff diff = ReportDiff.of(before, after);
        if (output != null) {
            Path file = cwd.resolve(output);
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    write(diff, w);
                }
            } catch (IOException e) {
                throw new InputException(output, "cannot write the diff: " + e.getMessage(), null);
            }
        } else {
            try {
                write(diff, terminal.out());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            terminal.out().flush();
        }
        return diff.exitCode();
    }

    private void write(ReportDiff diff, Writer out) throws IOException {
        if (format.equals("json")) {
            diff.writeJson(out, Version.current());
        } else {
            diff.writeText(out);
        }
    }
}
