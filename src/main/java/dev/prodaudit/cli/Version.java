package dev.prodaudit.cli;

import dev.prodaudit.audit.ToolVersion;
import picocli.CommandLine;

/** The version stamped into the jar by the build. */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        return ToolVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"prodaudit " + current(), "Java " + System.getProperty("java.version")};
    }
}
