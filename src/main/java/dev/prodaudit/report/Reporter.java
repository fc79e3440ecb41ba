package dev.prodaudit.report;

import java.io.IOException;
import java.io.Writer;

/** Writes a finished report in one format. */
public interface Reporter {

    /** The name used with {@code --format} and {@code --report NAME=FILE}. */
    String format();

    void write(AuditReport report, Writer out) throws IOException;
}
