package cn.yiwang.id.server.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder the test can cut and restore, to show what the server does while a
 * dependency (Redis) is unreachable and that it recovers by itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    public TcpProxy(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public int port() {
        return this.port;
    }

    public synchronized void start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
        this.listener = server;
        Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-" + this.port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Refuses new connections and drops the open ones, as a dead Redis would. */
    public synchronized void stop() throws IOException {
        if (this.listener != null) {
            this.listener.close();
            this.listener = null;
        }
        for (Socket socket : this.sockets) {
            socket.close();
        }
        this.sockets.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(this.targetHost, this.targetPort);
                this.sockets.add(client);
                this.sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException ex) {
                // Closed by stop(), or the target refused: either way this connection is over.
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ex) {
                        // One side closed.
                    } finally {
                        try {
                            to.close();
                            from.close();
                        } catch (IOException ex) {
                            // Already closed.
                        }
                    }
                },
                "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
