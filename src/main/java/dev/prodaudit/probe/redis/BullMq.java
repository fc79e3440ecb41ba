package dev.prodaudit.probe.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How BullMQ lays out a queue in Redis and names its connections, as its own source does (bullmq
 * {@code src/classes/queue-base.ts}, {@code worker.ts}, {@code queue-getters.ts}):
 * <ul>
 *   <li>keys are {@code <prefix>:<queue>:<type>}: {@code wait}, {@code paused} (before BullMQ 5 a paused queue's
 *       jobs moved there), {@code prioritized} (lists and sorted sets of waiting jobs), {@code active},
 *       {@code failed}, {@code completed}, {@code delayed}, and the {@code meta} hash, whose {@code paused} field is
 *       set while the queue is paused;</li>
 *   <li>a queue's client name is {@code <prefix>:<base64(queue name)>} ({@code QueueBase.clientName()}); a worker's
 *       blocking connection takes that name, or {@code <name>:w:<worker name>} when the worker is named
 *       ({@code Worker} constructor, {@code connectionName}); QueueEvents connections end in {@code :qe} and are not
 *       workers;</li>
 *   <li>{@code Queue.getWorkers()} reads CLIENT LIST and counts the clients whose name equals the queue's client name
 *       or starts with it followed by {@code :w:}.</li>
 * </ul>
 */
final class BullMq {

    private BullMq() {
    }

    /** {@code <prefix>:<base64(queue)>}: Node's {@code Buffer.from(name).toString('base64')}, padded. */
    static String clientName(String prefix, String queue) {
        return prefix + ":" + Base64.getEncoder().encodeToString(queue.getBytes(StandardCharsets.UTF_8));
    }

    /** BullMQ's getWorkers() matcher. */
    static boolean isWorker(String clientName, String prefix, String queue) {
        if (clientName == null || clientName.isEmpty()) {
            return false;
        }
        String base = clientName(prefix, queue);
        return clientName.equals(base) || clientName.startsWith(base + ":w:");
    }

    static String key(String prefix, String queue, String type) {
        return prefix + ":" + queue + ":" + type;
    }

    /** One client of CLIENT LIST: its fields ({@code id}, {@code name}, {@code age}, ...). */
    record Client(Map<String, String> fields) {
        String name() {
            return fields.getOrDefault("name", "");
        }

        /** Seconds since the client connected, -1 when not reported. */
        long ageSeconds() {
            try {
                return Long.parseLong(fields.getOrDefault("age", "-1"));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** CLIENT LIST: one client a line, space-separated {@code key=value} fields. */
    static List<Client> parseClientList(String list) {
        List<Client> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String line : list.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String kv : line.strip().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            out.add(new Client(fields));
        }
        return out;
    }

    /** A SCAN MATCH pattern that matches {@code literal} exactly (glob characters escaped). */
    static String globEscape(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]\\^".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
