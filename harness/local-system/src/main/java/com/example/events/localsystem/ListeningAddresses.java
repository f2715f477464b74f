package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The addresses this machine's sockets listen on at a port, as Linux's {@code /proc/net}
 * lists them: what proves the local system listens on loopback only, which a connection
 * from this machine cannot tell.
 */
public final class ListeningAddresses {

    private static final String LISTEN = "0A";

    private ListeningAddresses() {
    }

    public static List<InetAddress> at(int port) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    String[] local = fields[1].split(":");
                    if (fields[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
                        addresses.add(address(local[0]));
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return addresses;
    }

    /** The kernel writes the address as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) {
        byte[] words = HexFormat.of().parseHex(hex);
        byte[] bytes = new byte[words.length];
        for (int word = 0; word < words.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = words[word + 3 - i];
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException(hex, ex);
        }
    }

}
