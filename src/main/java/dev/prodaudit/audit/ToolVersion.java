package dev.prodaudit.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version stamped into the jar by the build; "dev" when run from classes. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String current() {
        try (InputStream in = ToolVersion.class.getClassLoader().getResourceAsStream("prodaudit/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
