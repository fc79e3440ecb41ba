package dev.prodaudit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server that answers every connection with the same bytes, whatever the client says: what a probe meets when
 * REDIS_URL or MONGODB_URI points at the wrong port (a web server, an SSH daemon, a proxy's error page).
 */
public final class GarbageServer implements AutoCloseable {
    private final ServerSocket socket;
    private final byte[] reply;

    private GarbageServer(byte[] reply) throws IOException {
        this.reply = reply;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "garbage-server");
        accept.setDaemon(true);
        accept.start();
    }

    /** Answers with {@code reply} as soon as the client has sent something, then keeps the connection open. */
    public static GarbageServer answering(String reply) throws IOException {
        return new GarbageServer(reply.getBytes(StandardCharsets.ISO_8859_1));
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> answer(client), "garbage-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[8192];
            while (in.read(buf) > 0) {
                out.write(reply);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client gave up: that is the point
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
