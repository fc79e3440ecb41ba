package dev.prodaudit.probe.dependencies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Application packages written by tests: a package.json and the package-lock.json npm would write for it. */
final class Packages {
    /** express 4 with a lodash pinned at 4.17.15 (zipObjectDeep prototype pollution, command injection, ReDoS). */
    static final String LODASH_MANIFEST = """
            {"name": "api", "version": "1.0.0", "dependencies": {"express": "^4.21.0", "lodash": "4.17.15"},
             "devDependencies": {"typescript": "^5.6.2"}}
            """;
    static final String LODASH_LOCK = """
            {
              "name": "api", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
              "packages": {
                "": {"name": "api", "version": "1.0.0",
                     "dependencies": {"express": "^4.21.0", "lodash": "4.17.15"},
                     "devDependencies": {"typescript": "^5.6.2"}},
                "node_modules/express": {"version": "4.21.2",
                  "resolved": "https://registry.npmjs.org/express/-/express-4.21.2.tgz",
                  "dependencies": {"qs": "6.13.0"}},
                "node_modules/qs": {"version": "6.13.0",
                  "resolved": "https://registry.npmjs.org/qs/-/qs-6.13.0.tgz"},
                "node_modules/lodash": {"version": "4.17.15",
                  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz",
                  "integrity": "sha512-8xOcRHvCjnocdS5cpwXQXVzmmh5e5+saE2QGoeQmbKmRS6J3VQppPOIt0MnmE+4xlZoumy0GPG0D0MVIQbNA1A=="},
                "node_modules/typescript": {"version": "5.6.3", "dev": true,
                  "resolved": "https://registry.npmjs.org/typescript/-/typescript-5.6.3.tgz"}
              }
            }
            """;
    /** minimist 1.2.5 (prototype pollution, critical) pulled in through mkdirp 0.5.5. */
    static final String MINIMIST_MANIFEST = """
            {"name": "worker", "version": "1.0.0", "dependencies": {"mkdirp": "^0.5.5"}}
            """;
    static final String MINIMIST_LOCK = """
            {
              "name": "worker", "version": "1.0.0", "lockfileVersion": 2, "requires": true,
              "packages": {
                "": {"name": "worker", "version": "1.0.0", "dependencies": {"mkdirp": "^0.5.5"}},
                "node_modules/minimist": {"version": "1.2.5",
                  "resolved": "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz",
                  "integrity": "sha512-FM9nNUYrRBAELZQT3xeZQ7fmMOBg6nWNmJKTcgsJeaLstP/UODVpGsr5OhXhhXg6f+qtJ8uiZ+PUxkDWcgIXLw=="},
                "node_modules/mkdirp": {"version": "0.5.5",
                  "resolved": "https://registry.npmjs.org/mkdirp/-/mkdirp-0.5.5.tgz",
                  "integrity": "sha512-NKmAlESf6jMGym1++R0Ra7wvhV+wFW63FaSOFPwRahvea0gMUcGUhVeAg/0BC0wiv9ih5NYPB1Wn1UEI1/L+xQ==",
                  "dependencies": {"minimist": "^1.2.5"}, "bin": {"mkdirp": "bin/cmd.js"}}
              },
              "dependencies": {
                "minimist": {"version": "1.2.5"},
                "mkdirp": {"version": "0.5.5", "requires": {"minimist": "^1.2.5"}}
              }
            }
            """;

    private Packages() {
    }

    static Path write(Path folder, String manifest, String lock) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("package.json"), manifest);
        if (lock != null) {
            Files.writeString(folder.resolve("package-lock.json"), lock);
        }
        return folder;
    }
}
