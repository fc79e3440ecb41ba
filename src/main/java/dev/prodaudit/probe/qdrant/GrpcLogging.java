package dev.prodaudit.probe.qdrant;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps gRPC and its shaded Netty quiet. Both log through {@code java.util.logging} (shaded Netty falls back to JUL
 * because the CLI's SLF4J binding is slf4j-nop), and JUL's default console handler prints WARNING and above on
 * stderr: a refused or hung Qdrant would otherwise add "io.grpc.internal..." and "An exceptionCaught() event was
 * fired" lines to the report. The probe reports every failure itself, as one line of the check's evidence, so these
 * loggers are turned off when the probe family is loaded (before any gRPC class is used).
 *
 * <p>This is the only logging setting of the CLI, and it is here rather than in {@code Main} because it belongs to the
 * gRPC transport of this family. The loggers are held in a static field: JUL keeps only weak references, and a
 * collected logger would forget its level.
 */
final class GrpcLogging {
    /** {@code io.grpc} covers grpc-core and the shaded Netty ({@code io.grpc.netty.shaded.io.netty...}). */
    private static final List<Logger> SILENCED = List.of(Logger.getLogger("io.grpc"), Logger.getLogger("io.perfmark"));

    static {
        for (Logger logger : SILENCED) {
            logger.setLevel(Level.OFF);
        }
    }

    private GrpcLogging() {
    }

    /** Loads this class, which turns the loggers off; idempotent. */
    static void silence() {
        // The work is done once, by the static initialiser.
    }
}
