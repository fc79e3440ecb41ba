package dev.prodaudit.repo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dockerfile syntax as BuildKit reads it, and what the final stage runs as. */
class DockerfileTest {

    private static Workload workload(String text) {
        return Dockerfile.parse("Dockerfile", text).workload().orElseThrow();
    }

    @Test
    void continuationLinesJoinAndCommentsInsideThemAreDropped() {
        List<Instruction> in = DockerfileParser.parse("""
                FROM node:20
                RUN apt-get update \\
                # a comment inside the continuation
                    && apt-get install -y curl \\

                    && rm -rf /var/lib/apt/lists/*
                USER node
                """);
        assertEquals(List.of("FROM", "RUN", "USER"), in.stream().map(Instruction::keyword).toList());
        assertEquals(2, in.get(1).line());
        assertEquals(7, in.get(2).line());
        assertTrue(in.get(1).arguments().contains("&& rm -rf"), in.get(1).arguments());
    }

    @Test
    void aHeredocBodyIsNotReadAsInstructions() {
        Workload w = workload("""
                FROM node:20
                RUN <<EOF
                useradd app
                USER root
                EOF
                COPY <<-"CONF" /etc/app.conf
                \tUSER root
                \tCONF
                USER node
                HEALTHCHECK CMD node health.js
                """);
        assertEquals(Location.of("Dockerfile", 9), w.user().at());
        assertEquals(true, w.nonRoot().known().orElseThrow());
        assertEquals(Location.of("Dockerfile", 10), w.health().at());
    }

    @Test
    void globalArgsAreSubstitutedInFrom() {
        Workload w = workload("""
                ARG DISTROLESS=gcr.io/distroless/nodejs20-debian12
                ARG TAG
                FROM ${DISTROLESS}:${TAG:-nonroot}
                CMD ["server.js"]
                """);
        assertEquals("gcr.io/distroless/nodejs20-debian12:nonroot", w.image());
        assertInstanceOf(Setting.Defaulted.class, w.user());
        assertEquals(true, w.nonRoot().known().orElseThrow());
    }

    @Test
    void anArgWithoutDefaultInFromIsUndecided() {
        Workload w = workload("ARG BASE\nFROM $BASE\n");
        assertInstanceOf(Setting.Undecided.class, w.nonRoot());
    }

    @Test
    void theFinalStageDecidesAndAStageFromAnEarlierOneInheritsItsUser() {
        Workload built = workload("""
                FROM node:20 AS base
                USER node
                FROM base AS build
                RUN npm ci
                FROM base
                CMD ["node", "server.js"]
                """);
        assertEquals(Location.of("Dockerfile", 2), built.user().at());
        assertEquals(true, built.nonRoot().known().orElseThrow());

        Workload rootFinal = workload("""
                FROM node:20 AS build
                USER node
                RUN npm ci
                FROM node:20-alpine
                COPY --from=build /app /app
                """);
        assertEquals(false, rootFinal.nonRoot().known().orElseThrow(), "USER node in the build stage does not carry over");
        assertEquals(Location.of("Dockerfile", 4), rootFinal.user().at());
    }

    @Test
    void theEscapeDirectiveChangesTheContinuationCharacter() {
        List<Instruction> in = DockerfileParser.parse("""
                # escape=`
                FROM mcr.microsoft.com/windows/servercore
                RUN dir `
                    c:\\
                USER ContainerUser
                """);
        assertEquals(List.of("FROM", "RUN", "USER"), in.stream().map(Instruction::keyword).toList());
        assertEquals("dir c:\\", in.get(1).arguments().replaceAll("\\s+", " "));
    }

    @Test
    void rootSpellingsAndKnownNonRootBases() {
        for (String root : List.of("root", "0", "0:0", "root:root", "0:1000")) {
            assertTrue(Dockerfile.isRoot(root), root);
        }
        for (String user : List.of("node", "1000", "1000:1000", "app:root")) {
            assertFalse(Dockerfile.isRoot(user), user);
        }
        assertTrue(BaseImages.nonRootDefault("gcr.io/distroless/static-debian12:debug-nonroot").isPresent());
        assertTrue(BaseImages.nonRootDefault("cgr.dev/chainguard/node:latest").isPresent());
        assertFalse(BaseImages.nonRootDefault("cgr.dev/chainguard/node:latest-dev").isPresent());
        assertFalse(BaseImages.nonRootDefault("gcr.io/distroless/nodejs20-debian12").isPresent());
        assertFalse(BaseImages.nonRootDefault("node:20").isPresent(), "node runs as root unless USER node");
    }

    @Test
    void healthcheckNoneInTheFinalStageOverridesTheBaseStage() {
        Workload w = workload("""
                FROM node:20 AS base
                HEALTHCHECK CMD curl -f localhost
                FROM base
                HEALTHCHECK NONE
                """);
        assertInstanceOf(Setting.Missing.class, w.health());
        assertEquals(Location.of("Dockerfile", 4), w.health().at());
    }

    @Test
    void aFileWhoseFirstInstructionIsNotFromIsNoDockerfile() {
        assertFalse(Dockerfile.looksLikeDockerfile(DockerfileParser.parse("# Dockerfile notes\nUse FROM node.\n")));
        assertTrue(Dockerfile.looksLikeDockerfile(DockerfileParser.parse("# syntax=docker/dockerfile:1\nARG X=1\nFROM node\n")));
    }
}
