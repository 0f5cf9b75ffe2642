package io.ringzero.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Lines as a little-endian Linux prints them in /proc/net/{tcp,tcp6,udp,unix}. */
class SocketTableTest {
    static final String TCP = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
            + "   1: 0100007F:A5C8 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 20 4 30 10 -1\n";
    static final String TCP6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0000000000000000FFFF00000100007F:9571 0000000000000000FFFF00000100007F:9D72 01 00000000:00000000 00:00000000 00000000  1000        0 333 1\n"
            + "   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1\n";
    static final String UDP = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
            + "  10: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 555 2 0 0\n";
    static final String UNIX = "Num       RefCount Protocol Flags    Type St Inode Path\n"
            + "0000000000000000: 00000002 00000000 00010000 0001 01 666 /run/a <b>.sock\n"
            + "0000000000000000: 00000003 00000000 00000000 0001 03 777\n";

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the lines above are a little-endian machine's");
    }

    @Test
    void tcpNamesLocalAndPeerOrListening() {
        assertThat(SocketTable.find("tcp", TCP, "111")).isEqualTo("tcp 127.0.0.1:8080 (listening)");
        assertThat(SocketTable.find("tcp", TCP, "222")).isEqualTo("tcp 127.0.0.1:42440 -> 127.0.0.1:8080");
        assertThat(SocketTable.find("tcp", TCP, "999")).isNull();
    }

    @Test
    void tcp6ShowsMappedIpv4PlainAndIpv6InBrackets() {
        assertThat(SocketTable.find("tcp6", TCP6, "333")).isEqualTo("tcp6 127.0.0.1:38257 -> 127.0.0.1:40306");
        assertThat(SocketTable.find("tcp6", TCP6, "444")).isEqualTo("tcp6 [0:0:0:0:0:0:0:1]:8080 (listening)");
    }

    @Test
    void unconnectedUdpHasNoPeer() {
        assertThat(SocketTable.find("udp", UDP, "555")).isEqualTo("udp 0.0.0.0:5353");
    }

    @Test
    void unixSocketsByPathOrUnnamed() {
        assertThat(SocketTable.find("unix", UNIX, "666")).isEqualTo("unix /run/a <b>.sock");
        assertThat(SocketTable.find("unix", UNIX, "777")).isEqualTo("unix (unnamed)");
    }
}
