package dev.prodaudit.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests: real DNS wire format over UDP on a loopback port, queries parsed and answers
 * built with dnsjava's {@link Message} and {@link Record} classes.
 *
 * <p>Why this rather than dnsmasq: it needs nothing installed (CI and a developer's machine run it as
 * they are, no apt-get, no root, no binary whose flags vary between versions), every test class gets
 * its own ephemeral port, and it can answer the ways a real resolver fails that dnsmasq cannot be told
 * to: SERVFAIL and REFUSED for chosen names, and a silent mode that reads queries and never answers (a
 * hung resolver). The probe still speaks to it over a real socket through dnsjava's own UDP client.
 *
 * <p>It behaves like a recursive resolver: it follows CNAMEs inside its zone and puts the whole chain in
 * the answer, answers NXDOMAIN for names it does not know and NOERROR with no records for names that
 * exist without records of the asked type. Replies are truncated (TC) to the query's EDNS size.
 */
public final class DnsResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile boolean silent;

    private DnsResponder(boolean silent) throws SocketException {
        this.silent = silent;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "dns-responder-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** A responder that answers from its zone. */
    public static DnsResponder answering() throws SocketException {
        return new DnsResponder(false);
    }

    /** A responder that reads every query and never answers. */
    public static DnsResponder silent() throws SocketException {
        return new DnsResponder(true);
    }

    /** {@code 127.0.0.1:port}, as targets.dnsServer takes it. */
    public String server() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    /** Forgets every record and rcode (between tests of one class). */
    public void clear() {
        zone.clear();
        rcodes.clear();
    }

    /** A TXT record of one or more character-strings (each at most 255 bytes). */
    public DnsResponder txt(String name, String... strings) {
        Name n = name(name);
        zone.computeIfAbsent(n, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new TXTRecord(n, DClass.IN, 300, List.of(strings)));
        return this;
    }

    /** A TXT record holding a long value, split into 255-byte strings as DNS providers do. */
    public DnsResponder longTxt(String name, String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return txt(name, parts.toArray(String[]::new));
    }

    public DnsResponder cname(String name, String target) {
        Name n = name(name);
        zone.computeIfAbsent(n, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new CNAMERecord(n, DClass.IN, 300, name(target)));
        return this;
    }

    /** A name that exists but holds no record of any type asked here (NOERROR, empty answer). */
    public DnsResponder empty(String name) {
        zone.computeIfAbsent(name(name), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        return this;
    }

    /** Answer queries for {@code name} with this rcode (e.g. {@link Rcode#SERVFAIL}). */
    public DnsResponder rcode(String name, int rcode) {
        rcodes.put(name(name), rcode);
        return this;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            queries.incrementAndGet();
            if (silent) {
                continue;
            }
            try {
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] out = answer(query);
                socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // A malformed query or a closed socket: a real server would drop it too.
            }
        }
    }

    private byte[] answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        Name current = question.getName();
        int rcode = Rcode.NOERROR;
        for (int hop = 0; hop < 10; hop++) {
            Integer forced = rcodes.get(current);
            if (forced != null) {
                rcode = forced;
                break;
            }
            List<Record> records = zone.get(current);
            if (records == null) {
                rcode = Rcode.NXDOMAIN;
                break;
            }
            Name next = null;
            for (Record r : records) {
                if (r.getType() == question.getType()) {
                    response.addRecord(r, Section.ANSWER);
                } else if (r instanceof CNAMERecord c && question.getType() != Type.CNAME) {
                    response.addRecord(r, Section.ANSWER);
                    next = c.getTarget();
                }
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        response.getHeader().setRcode(rcode);
        int max = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        return response.toWire(max);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            // The socket is closed, so the thread ends on its own; keep the caller's interrupt for its own loop.
            Thread.currentThread().interrupt();
        }
    }
}
