package io.ringzero.report.symbols;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolizerTest {

    @Test
    void anAddressInAMappedLibraryIsNamedFromTheFilesSymbols() throws Exception {
        // this JVM's own mappings, read as the agent reads them, and libc's getpid as JNA finds it
        List<Run.CodeMap> maps = ownMaps();
        long getpid = Pointer.nativeValue(NativeLibrary.getInstance("c").getFunction("getpid"));
        Symbolizer s = Symbolizer.of(maps, null);
        // a return address is one past its call: the frame is named by the byte before it
        assertThat(s.frame(getpid + 1)).matches("(__)?getpid \\(libc\\.so\\.6\\)");
        assertThat(s.frame(0x10)).isEqualTo(Symbolizer.UNKNOWN);
    }

    @Test
    void aWordOfTheStackIsAReturnAddressOnlyAfterACallInstruction() throws Exception {
        // bytes before an address: call rel32; call *disp32(%rip); call *%rax; call *0x18(%rbx); a mov; nothing known
        assertThat(CallInstruction.isCallBefore(bytes("00 00 00 e8 10 20 30 40"))).isTrue();
        assertThat(CallInstruction.isCallBefore(bytes("00 00 ff 15 10 20 30 40"))).isTrue();
        assertThat(CallInstruction.isCallBefore(bytes("00 00 00 00 00 00 ff d0"))).isTrue();
        assertThat(CallInstruction.isCallBefore(bytes("00 00 00 00 00 ff 53 18"))).isTrue();
        assertThat(CallInstruction.isCallBefore(bytes("48 89 44 24 28 31 c0 90"))).isFalse();
        assertThat(CallInstruction.isCallBefore(bytes("00 00 00 00 00 00 00 00"))).isFalse();
        // a word that points into no mapped file (data, or the JIT's code) is not kept
        assertThat(Symbolizer.of(ownMaps(), null).returnAddress(0x10)).isNull();
    }

    private static byte[] bytes(String hex) {
        String[] h = hex.split(" ");
        byte[] b = new byte[h.length];
        for (int i = 0; i < h.length; i++) {
            b[i] = (byte) Integer.parseInt(h[i], 16);
        }
        return b;
    }

    private static List<Run.CodeMap> ownMaps() throws Exception {
        List<Run.CodeMap> maps = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.split(" +", 6);
            if (f.length == 6 && f[1].charAt(2) == 'x' && f[5].startsWith("/")) {
                String[] range = f[0].split("-");
                maps.add(new Run.CodeMap(range[0], range[1], f[2], f[5]));
            }
        }
        return maps;
    }

    @Test
    void compiledJavaCodeIsNamedFromThePerfMap(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("perf-1.map");
        Files.writeString(map, """
                0x00007fdce4ec7d20 0x00000000000001f0 int java.lang.Object.hashCode()
                0x00007fdce4940b80 0x0000000000017de0 Interpreter
                """);
        Symbolizer s = Symbolizer.of(List.of(), map);
        assertThat(s.frame(0x7fdce4ec7d21L)).isEqualTo("java.lang.Object.hashCode (jit)");
        assertThat(s.frame(0x7fdce4940b81L + 0x1000)).isEqualTo("Interpreter (jit)");
        assertThat(s.frame(0x7fdce4ec7d20L + 0x1f1)).isEqualTo(Symbolizer.UNKNOWN);
    }

    @Test
    void aFrameTheFramePointersLedToIsCheckedWhereAFileIsMappedAndNamedFromThePerfMapElsewhere(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("perf-1.map");
        Files.writeString(map, "0x0000000000001000 0x0000000000000100 void a.B.c()\n");
        Symbolizer s = Symbolizer.of(ownMaps(), map);
        // getpid's first byte in libc follows no call: a frame pointer that pointed at data, not a frame
        long getpid = Pointer.nativeValue(NativeLibrary.getInstance("c").getFunction("getpid"));
        assertThat(s.walked(getpid)).isNull();
        assertThat(s.walked(0x1010)).isEqualTo("a.B.c (jit)");
    }

    @Test
    void aDeletedLibraryKeepsItsFileName() {
        assertThat(Symbolizer.library("/root/.cache/JNA/temp/jna123.tmp (deleted)")).isEqualTo("jna123.tmp");
        assertThat(Symbolizer.library("/usr/lib/jvm/java-17/lib/server/libjvm.so")).isEqualTo("libjvm.so");
        // the copies libraries unpack for themselves carry their library's name
        assertThat(Symbolizer.library("/tmp/sqlite-3.54.1.0-b300ad39-d6ed-41ed-a0b1-a9655099d537-libsqlitejdbc.so (deleted)"))
                .isEqualTo("sqlite-3.54.1.0-libsqlitejdbc.so");
        assertThat(Symbolizer.library("/tmp/libnetty_transport_native_epoll_x86_649352267088688881772.so"))
                .isEqualTo("libnetty_transport_native_epoll_x86_64.so");
        assertThat(Symbolizer.library("/tmp/ringzero-0/libasyncProfiler-599d188a-587184.so")).isEqualTo("libasyncProfiler.so");
    }

    @Test
    void cxxNamesAreShownQualifiedWithoutTheirParameters() {
        assertThat(Demangler.demangle("_ZN11ClassLoader10load_classEP6SymbolbP10JavaThread")).isEqualTo("ClassLoader::load_class");
        assertThat(Demangler.demangle("_ZN9metaspace16VirtualSpaceNode12commit_rangeEmm")).isEqualTo("metaspace::VirtualSpaceNode::commit_range");
        assertThat(Demangler.demangle("_ZN6ThreadC2Ev")).isEqualTo("Thread::Thread");
        assertThat(Demangler.demangle("_ZN6ThreadD1Ev")).isEqualTo("Thread::~Thread");
        assertThat(Demangler.demangle("_ZL23install_signal_handlersv")).isEqualTo("install_signal_handlers");
        assertThat(Demangler.demangle("JIMAGE_GetResource")).isEqualTo("JIMAGE_GetResource");
        assertThat(Demangler.demangle("_ZN8ZBarrier4loadILb1EEEvv")).isEqualTo("ZBarrier::load::…");
    }
}
