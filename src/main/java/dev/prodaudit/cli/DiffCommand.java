package dev.prodaudit.cli;

import dev.prodaudit.input.InputException;
import dev.prodaudit.policy.ReportDiff;
import dev.prodaudit.policy.SavedReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code audit diff old.json new.json}: what changed between two JSON reports. */
public final class DiffCommand implements Subcommand {
    private final Terminal terminal;
    private final CommandModel model;

    public DiffCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommandModel.of(this, "diff",
                        "Compare two JSON reports of 'audit run': new failures, fixed checks, other status changes,",
                        "changed evidence, added and removed checks.",
                        "Exit 0 without new failures, 1 with new failures (FAIL or ERROR now, not before), 2 on bad input.")
                .parameter(0, "OLD", "The earlier JSON report.")
                .parameter(1, "NEW", "The later JSON report.")
                .text("--format", "FORMAT", "text", "text (default) or json.")
                .text("--output", "FILE", "Write to FILE instead of stdout.")
                .flag("--debug", "Print stack traces for errors.");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException {
        String format = model.text("--format");
        String output = model.text("--output");
        String oldFile = model.parameter(0);
        String newFile = model.parameter(1);
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
                    write(diff, format, w);
                }
            } catch (IOException e) {
                throw new InputException(output, "cannot write the diff: " + e.getMessage(), null);
            }
        } else {
            try {
                write(diff, format, terminal.out());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            terminal.out().flush();
        }
        return diff.exitCode();
    }

    private static void write(ReportDiff diff, String format, Writer out) throws IOException {
        if (format.equals("json")) {
            diff.writeJson(out, Version.current());
        } else {
            diff.writeText(out);
        }
    }
}
