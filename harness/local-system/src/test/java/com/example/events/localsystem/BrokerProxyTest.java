package com.example.events.localsystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerProxyTest {

    private ServerSocket echo;

    private BrokerProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::echoLoop);
        proxy = BrokerProxy.start("test", URI.create("http://localhost:" + echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
            assertThat(roundTrip(client, "again")).isEqualTo("again");
        }
    }

    @Test
    void cutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.cut();

            assertThatThrownBy(() -> roundTrip(open, "during")).isInstanceOf(IOException.class);
            try (Socket fresh = connect()) {
                assertThatThrownBy(() -> roundTrip(fresh, "during")).isInstanceOf(IOException.class);
            }
        }

        proxy.restore();

        try (Socket afterwards = connect()) {
            assertThat(roundTrip(afterwards, "after")).isEqualTo("after");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.endpoint().getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /**
     * Sends the text and reads as many bytes back; a closed or reset connection is an
     * IOException.
     */
    private static String roundTrip(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes());
        out.flush();
        byte[] answer = socket.getInputStream().readNBytes(text.length());
        if (answer.length < text.length()) {
            throw new IOException("connection closed after " + answer.length + " bytes");
        }
        return new String(answer);
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket connection = echo.accept();
                Thread.ofVirtual().start(() -> {
                    try (connection;
                            InputStream in = connection.getInputStream();
                            OutputStream out = connection.getOutputStream()) {
                        in.transferTo(out);
                    }
                    catch (IOException ignored) {
                        // the test closed it
                    }
                });
            }
            catch (IOException closed) {
                return;
            }
        }
    }

}
