package io.ringzero.agent.hook;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket's protocol and addresses from its inode, as the kernel lists them in /proc/self/net/{tcp,tcp6,udp,udp6,unix}
 * ("tcp 127.0.0.1:41234 -> 127.0.0.1:8080", "tcp 0.0.0.0:8080 (listening)", "unix /run/x.sock"). Found
 * descriptions are cached by inode (a socket's addresses do not change once it is connected); a miss reads the
 * tables again. An inode in none of them (a socket not yet bound, another family) stays "socket:[inode]".
 */
final class SocketTable {
    /** Bounded: a server that accepts a connection per request must not grow it for ever. */
    static final int MAX_CACHED = 4096;
    private static final String[] TABLES = {"tcp", "tcp6", "udp", "udp6", "unix"};
    private static final Map<String, String> BY_INODE = new ConcurrentHashMap<>();

    private SocketTable() { }

    /** {@code target} is a /proc/self/fd link, "socket:[inode]". */
    static String describe(String target) throws IOException {
        String inode = target.substring("socket:[".length(), target.length() - 1);
        String known = BY_INODE.get(inode);
        if (known != null) return known;
        for (String table : TABLES) {
            String found = find(table, read("/proc/self/net/" + table), inode);
            if (found == null) continue;
            // a socket not yet connected may connect later: only what will not change is kept
            if (isFinal(found)) {
                if (BY_INODE.size() >= MAX_CACHED) BY_INODE.clear();
                BY_INODE.put(inode, found);
            }
            return found;
        }
        return target;
    }

    /** Connected, listening or a named unix socket: what its addresses will stay. */
    private static boolean isFinal(String description) {
        return description.contains(" -> ") || description.endsWith(" (listening)") || description.startsWith("unix /");
    }

    /** The description of the socket with this inode in one table's text, or null. */
    static String find(String table, String text, String inode) {
        int start = text.indexOf('\n') + 1; // past the header
        while (start > 0 && start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            boolean unix = table.equals("unix");
            // a unix socket's path, the eighth field, may hold spaces: the rest of the line
            String[] f = text.substring(start, end).trim().split("\\s+", unix ? 8 : 0);
            start = end + 1;
            if (unix) {
                if (f.length >= 7 && f[6].equals(inode)) return f.length >= 8 ? "unix " + f[7] : "unix (unnamed)";
            } else if (f.length >= 10 && f[9].equals(inode)) {
                String local = address(f[1]);
                boolean tcp = table.startsWith("tcp");
                if (tcp && f[3].equals("0A")) return table + " " + local + " (listening)";
                String peer = address(f[2]);
                return peer.endsWith(":0") && isAny(f[2]) ? table + " " + local : table + " " + local + " -> " + peer;
            }
        }
        return null;
    }

    private static boolean isAny(String hexAddress) {
        String host = hexAddress.substring(0, hexAddress.indexOf(':'));
        for (int i = 0; i < host.length(); i++) if (host.charAt(i) != '0') return false;
        return true;
    }

    /**
     * "0100007F:1F90" (IPv4) or 32 hex digits and a port (IPv6): the kernel prints the address as 32-bit words in
     * the machine's byte order and the port as a number.
     */
    static String address(String hex) {
        int colon = hex.indexOf(':');
        String host = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        ByteBuffer bytes = ByteBuffer.allocate(host.length() / 2);
        for (int w = 0; w < host.length(); w += 8) {
            bytes.order(ByteOrder.nativeOrder()).putInt((int) Long.parseLong(host.substring(w, w + 8), 16));
        }
        try {
            InetAddress a = InetAddress.getByAddress(bytes.array()); // no name lookup: an address alone
            String text = a.getHostAddress();
            return a instanceof Inet6Address ? "[" + text + "]:" + port : text + ":" + port;
        } catch (java.net.UnknownHostException e) {
            return hex;
        }
    }

    private static String read(String file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16384);
        try (FileChannel ch = FileChannel.open(Paths.get(file))) {
            while (ch.read(b) >= 0) {
                if (!b.hasRemaining()) {
                    ByteBuffer larger = ByteBuffer.allocate(b.capacity() * 2);
                    b.flip();
                    larger.put(b);
                    b = larger;
                }
            }
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
