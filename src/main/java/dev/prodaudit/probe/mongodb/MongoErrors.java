package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.ProbeFailure;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import dev.prodaudit.config.Redactor;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Turns what the driver throws into one-line reasons without stack traces, driver class names or passwords.
 * Driver messages can be long ("Timed out while waiting for a server that matches ... Client view of cluster state
 * is ..."); the reasons here name the endpoint and the cause.
 */
final class MongoErrors {
    /** MongoDB's error code for a command the user may not run (or may not run without authenticating). */
    static final int UNAUTHORIZED = 13;
    static final int AUTHENTICATION_FAILED = 18;
    static final int NAMESPACE_NOT_FOUND = 26;
    static final int COMMAND_NOT_FOUND = 59;
    private static final int MAX = 240;

    private MongoErrors() {
    }

    /** The first line of a throwable's message, without passwords, clipped. */
    static String oneLine(Throwable e) {
        String text = Redactor.stripUriPasswords(ProbeFailure.reason(e, "MongoDB"));
        return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
    }

    /** "Unauthorized (13): not authorized on admin to execute command ..." */
    static String describe(MongoCommandException e) {
        String name = e.getErrorCodeName();
        String msg = e.getErrorMessage();
        String text = (name == null || name.isBlank() ? "error" : name) + " (" + e.getErrorCode() + ")"
                + (msg == null || msg.isBlank() ? "" : ": " + msg.strip().lines().findFirst().orElse(""));
        text = Redactor.stripUriPasswords(text);
        return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
    }

    /** True when the server refused a command for lack of authentication or privileges. */
    static boolean unauthorized(MongoCommandException e) {
        return e.getErrorCode() == UNAUTHORIZED || "Unauthorized".equals(e.getErrorCodeName())
                || e.getErrorMessage() != null && (e.getErrorMessage().contains("requires authentication")
                || e.getErrorMessage().startsWith("not authorized"));
    }

    /** The reason a server of the cluster could not be reached, from the exception its monitor recorded. */
    static ProbeFailure unreachable(ServerAddress address, Throwable e) {
        String where = address == null ? "the MongoDB server" : address.toString();
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new ProbeFailure(ProbeFailure.Kind.REFUSED, "connection refused by " + where);
            }
            if (t instanceof UnknownHostException) {
                return new ProbeFailure(ProbeFailure.Kind.DNS, "cannot resolve " + (address == null ? "the host" : address.getHost()));
            }
            if (t instanceof NoRouteToHostException) {
                return new ProbeFailure(ProbeFailure.Kind.REFUSED, "no route to " + where);
            }
            if (t instanceof SSLException) {
                return new ProbeFailure(ProbeFailure.Kind.TLS, "TLS handshake with " + where + " failed (" + oneLine(t) + ")");
            }
            if (t instanceof MongoSocketReadTimeoutException) {
                return new ProbeFailure(ProbeFailure.Kind.TIMEOUT, where + " accepted the connection but did not answer");
            }
            if (t instanceof SocketTimeoutException) {
                return new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "connecting to " + where + " timed out");
            }
            if (t instanceof MongoSecurityException s) {
                return authFailed(s);
            }
            root = t;
        }
        if (e instanceof MongoSocketReadException) {
            return new ProbeFailure(ProbeFailure.Kind.IO, where + " closed the connection (" + oneLine(e)
                    + "); is it a MongoDB server, and does it expect TLS?");
        }
        if (e instanceof MongoSocketOpenException) {
            return new ProbeFailure(ProbeFailure.Kind.IO, "cannot connect to " + where + " (" + oneLine(root) + ")");
        }
        return new ProbeFailure(ProbeFailure.Kind.IO, where + ": " + oneLine(root));
    }

    /** "authentication failed for user 'app' (auth source admin): Authentication failed." */
    static ProbeFailure authFailed(MongoSecurityException e) {
        MongoCredential c = e.getCredential();
        String who = c == null ? "" : " for user '" + c.getUserName() + "'" + (c.getSource() == null ? "" : " (auth source " + c.getSource() + ")");
        String why = e.getCause() instanceof MongoCommandException ce ? describe(ce) : e.getCause() != null ? oneLine(e.getCause()) : null;
        return new ProbeFailure(ProbeFailure.Kind.AUTH, "authentication failed" + who + (why == null ? "" : ": " + why)
                + "; check the user and password of MONGODB_URI");
    }
}
