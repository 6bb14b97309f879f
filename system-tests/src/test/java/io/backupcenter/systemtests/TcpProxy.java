package io.backupcenter.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A TCP relay on a port of its own to a real server (here PostgreSQL), so a test can take the server away from the
 * system and give it back as an outage or restart would: {@link #cut()} drops every open connection and refuses new
 * ones, {@link #restore()} accepts again on the same port. The server itself is never touched.
 */
final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpProxy.class.getName());

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    TcpProxy(String host, int targetPort) {
        this.target = new InetSocketAddress(host, targetPort);
        this.port = BackupCenter.freePort();
        restore();
    }

    /** The port the system connects to instead of the server's. */
    int port() {
        return port;
    }

    /** The server is gone: open connections drop, new ones are refused. */
    synchronized void cut() {
        try {
            if (listener != null) {
                listener.close();
                listener = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        LOG.info("proxy :" + port + " cut: connections dropped, new ones refused");
    }

    /** The server is back: connections are accepted and relayed again. */
    synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            listener = socket;
            Thread acceptor = new Thread(() -> accept(socket), "proxy-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 2000);
                } catch (IOException unreachable) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException dropped) {
                // One side went away: the other goes too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing what is already gone.
        }
    }

    @Override
    public void close() {
        cut();
    }
}
