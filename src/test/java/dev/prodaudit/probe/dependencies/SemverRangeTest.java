package dev.prodaudit.probe.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** npm's range semantics for the ranges real package.json files and advisories' vulnerable_versions use. */
class SemverRangeTest {

    @ParameterizedTest(name = "{1} in \"{0}\": {2}")
    @CsvSource(delimiter = ';', value = {
            "^4.17.15;4.17.21;true",
            "^4.17.15;5.0.0;false",
            "^4.17.15;4.17.14;false",
            "^0.2.3;0.2.9;true",
            "^0.2.3;0.3.0;false",
            "^0.0.3;0.0.4;false",
            "^1.2.5;2.0.0-beta.1;false",
            "^1.2.5;1.3.0-rc.1;false",
            "^1.2.5-rc.1;1.2.5-rc.2;true",
            "~1.2.3;1.2.9;true",
            "~1.2.3;1.3.0;false",
            "~1;1.9.0;true",
            ">=1.0.0 <1.2.6;1.2.5;true",
            ">=1.0.0 <1.2.6;1.2.6;false",
            "<4.17.19;4.17.15;true",
            "<4.17.19;4.17.19;false",
            "<=4.17.20;4.17.20;true",
            "1.x;1.99.0;true",
            "1.x;2.0.0;false",
            "1.2.*;1.2.7;true",
            "*;3.1.4;true",
            "'';3.1.4;true",
            "1.2;1.2.9;true",
            "1.2;1.3.0;false",
            "4.17.15;4.17.15;true",
            "=4.17.15;4.17.16;false",
            "<0.2.4 || >=1.0.0 <1.2.6;1.2.5;true",
            "<0.2.4 || >=1.0.0 <1.2.6;0.2.4;false",
            "^2.0.0 || ^3.0.0;3.4.0;true",
            "1.0.0 - 2.3;2.3.9;true",
            "1.0.0 - 2.3;2.4.0;false",
            "> 1.2;1.3.0;true",
            ">1.2;1.2.9;false",
    })
    void rangesAdmitVersionsAsNpmDoes(String range, String version, boolean admitted) {
        SemverRange r = SemverRange.parse(range).orElseThrow();
        assertEquals(admitted, r.satisfiedBy(SemverRange.Version.parse(version).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"github:expressjs/express", "file:../shared", "latest", "npm:lodash@^4"})
    void specsThatAreNotRangesAreNotParsed(String spec) {
        assertTrue(SemverRange.parse(spec).isEmpty());
    }
}
