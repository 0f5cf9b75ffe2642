package io.ringzero.report.attribution;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributionTest {

    @Test
    void threadsAreCategorisedByTheNamesHotSpotGivesThem() {
        assertThat(Category.ofThread("C2 CompilerThre")).isEqualTo(Category.JIT);
        assertThat(Category.ofThread("C1 CompilerThre")).isEqualTo(Category.JIT);
        assertThat(Category.ofThread("GC Thread#3")).isEqualTo(Category.GC);
        assertThat(Category.ofThread("G1 Service")).isEqualTo(Category.GC);
        assertThat(Category.ofThread("VM Thread")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("VM Periodic Tas")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("java")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("ringzero-record")).isEqualTo(Category.AGENT);
        assertThat(Category.ofThread("main")).isEqualTo(Category.UNEXPLAINED);
        assertThat(Category.ofThread("javaagent-pool")).isEqualTo(Category.UNEXPLAINED);
        assertThat(Category.ofThread("(unnamed)")).isEqualTo(Category.UNEXPLAINED);
    }

    @Test
    void javaLevelCountsComeOutOfTheApplicationThreadsOnly() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 1300L, List.of(
                new Run.KernelThread(10, "(unnamed)", 1050, Map.of("write", 1000L, "futex", 50L)),
                new Run.KernelThread(11, "C2 CompilerThre", 200, Map.of("gettid", 150L, "write", 50L)),
                new Run.KernelThread(12, "ringzero-record", 50, Map.of("read", 50L))), null);
        // the agent counted 1020 writes, more than the application threads made: java_io takes at most those
        Attribution a = Attribution.of(List.of(run(k)), Map.of("write", 1020L, "read", 40L));
        assertThat(a.byCategory()).containsEntry(Category.JAVA_IO, 1000L).containsEntry(Category.JIT, 200L)
                .containsEntry(Category.AGENT, 50L).containsEntry(Category.THREAD_SYNC, 50L).doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.byKind().get("write")).containsEntry(Category.JAVA_IO, 1000L).containsEntry(Category.JIT, 50L)
                .doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.total()).isEqualTo(1300);
        assertThat(a.explained()).isEqualTo(1300);
        assertThat(a.threads()).extracting(Attribution.Thread::tid).containsExactly(10L, 11L, 12L);
        assertThat(a.threadCount(Category.JIT)).isEqualTo(1);
    }

    @Test
    void theProfilersSignalsAndTheTracersReturnProbesOnTheApplicationThreadsAreTheAgents() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 1010L, List.of(
                new Run.KernelThread(10, "main", 1010, Map.of("ioctl", 700L, "rt_sigreturn", 250L, "mmap", 50L, "uretprobe", 10L))),
                // the tracer's uretprobe returns have the stack of the code that called the probed function
                List.of(new Run.KernelStack(10, "uretprobe", 6, List.of("[unknown]", "Java_sun_nio_fs_UnixNativeDispatcher_realpath0 (libnio.so)"))));
        Run.Profile cpu = new Run.Profile("cpu", "cpu", "stopped", true, 10_000_000L, null, null, 300L, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        Attribution a = Attribution.of(List.of(run(k, cpu)), Map.of("ioctl", 2L));
        // 2 ioctl from the application's Java code; 2 per sample and 1 rt_sigreturn per sample from the profiler
        assertThat(a.byKind().get("ioctl")).containsEntry(Category.JAVA_IO, 2L).containsEntry(Category.AGENT, 600L)
                .containsEntry(Category.UNEXPLAINED, 98L);
        assertThat(a.byKind().get("rt_sigreturn")).containsEntry(Category.AGENT, 250L).doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.byKind().get("mmap")).containsEntry(Category.UNEXPLAINED, 50L);
        assertThat(a.byKind().get("uretprobe")).containsExactly(Map.entry(Category.AGENT, 10L));
    }

    @Test
    void theAgentsOwnIoOnTheApplicationThreadsIsTheAgents() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 80L, List.of(
                new Run.KernelThread(10, "main", 70, Map.of("read", 70L)),
                new Run.KernelThread(11, "ringzero-record", 10, Map.of("read", 10L))), null);
        Run.Syscall ownReads = new Run.Syscall("read", 30, 0, 0, 0, Map.of(), null, List.of());
        Run r = new Run("ringzero.run/2", true, null, null, null, null, null, List.of(), new Run.AgentOwn(List.of(ownReads)),
                List.of(), List.of(), k, null, null, null, null);
        Attribution a = Attribution.of(List.of(new LoadedRun(Path.of("run.json"), r, "run")), Map.of("read", 40L));
        // 40 of main's reads are the application's Java I/O; of the agent's 30, 10 were on its own thread, so 20 on main
        assertThat(a.byKind().get("read")).containsEntry(Category.JAVA_IO, 40L).containsEntry(Category.AGENT, 30L)
                .containsEntry(Category.UNEXPLAINED, 10L);
    }

    @Test
    void stacksPlaceTheApplicationThreadsCallsBeforeTheJavaLevelCounts() {
        List<String> jimage = List.of("__pread64 (libc.so.6)", "JIMAGE_GetResource (libjimage.so)",
                "ClassPathImageEntry::open_stream_for_loader (libjvm.so)");
        List<String> javaRead = List.of("__read (libc.so.6)", "readBytes (libjava.so)", "java.io.FileInputStream.readBytes (jit)");
        List<String> netty = List.of("epoll_wait (libc.so.6)", "io.netty.channel.epoll.Native.epollWait0 (jit)");
        List<String> jitOnMain = List.of("[unknown] (libc.so.6)", "Mutex::lock (libjvm.so)", "CompileBroker::compile_method_base (libjvm.so)");
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 1500L, List.of(
                new Run.KernelThread(10, "main", 1300, Map.of("pread64", 200L, "read", 800L, "epoll_wait", 250L, "futex", 50L)),
                new Run.KernelThread(11, "C2 CompilerThre", 200, Map.of("futex", 200L))),
                List.of(new Run.KernelStack(10, "read", 790, javaRead), new Run.KernelStack(10, "pread64", 200, jimage),
                        new Run.KernelStack(10, "epoll_wait", 250, netty), new Run.KernelStack(10, "futex", 20, jitOnMain),
                        new Run.KernelStack(11, "futex", 200, jitOnMain)));
        Attribution a = Attribution.of(List.of(run(k)), Map.of("read", 800L, "pread64", 200L));
        // the JDK's own jimage reads are class loading, even where the agent counted as many preads (it did not: the
        // figure is made up to show the stack goes first); the Java-level reads stay java_io
        assertThat(a.byKind().get("pread64")).containsExactly(Map.entry(Category.CLASS_LOADING, 200L));
        assertThat(a.byKind().get("read")).containsEntry(Category.JAVA_IO, 800L);
        assertThat(a.byKind().get("epoll_wait")).containsExactly(Map.entry(Category.NATIVE_LIBRARY, 250L));
        assertThat(a.libraries()).containsExactly(Map.entry("io.netty.channel.epoll (JNI)", 250L));
        // main waiting for a compilation is the JIT's; the rest of its futexes are its own waits
        assertThat(a.byKind().get("futex")).containsEntry(Category.JIT, 220L).containsEntry(Category.THREAD_SYNC, 30L);
        assertThat(a.topStacks(Category.CLASS_LOADING, 3)).extracting(Attribution.Stack::frames).containsExactly(jimage);
        assertThat(a.topStacks(Category.JAVA_IO, 3)).extracting(Attribution.Stack::frames).containsExactly(javaRead);
        // a compiler thread's stack is the JIT's by its name, and stays out of the application's
        assertThat(a.topStacks(Category.JIT, 3)).extracting(Attribution.Stack::thread).containsExactly("C2 CompilerThre", "main");
    }

    @Test
    void onTheJvmsThreadsAStackThatNamesASubsystemDecidesOverTheName() {
        List<String> gcPause = List.of("madvise (libc.so.6)", "os::pd_free_memory (libjvm.so)", "G1CollectedHeap::do_collection_pause (libjvm.so)");
        List<String> vmWait = List.of("[unknown] (libc.so.6)", "Monitor::wait (libjvm.so)", "VMThread::wait_for_operation (libjvm.so)");
        List<String> resolve = List.of("[unknown] (libc.so.6)", "Mutex::lock (libjvm.so)", "SystemDictionary::resolve_instance_class_or_null (libjvm.so)");
        List<String> gcWait = List.of("[unknown] (libc.so.6)", "Monitor::wait (libjvm.so)", "ObjectMonitor::wait (libjvm.so)");
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 100L, List.of(
                new Run.KernelThread(20, "VM Thread", 50, Map.of("madvise", 30L, "futex", 20L)),
                new Run.KernelThread(21, "C2 CompilerThre", 40, Map.of("futex", 40L)),
                new Run.KernelThread(22, "G1 Service", 10, Map.of("futex", 10L))),
                List.of(new Run.KernelStack(20, "madvise", 30, gcPause), new Run.KernelStack(20, "futex", 20, vmWait),
                        new Run.KernelStack(21, "futex", 15, resolve), new Run.KernelStack(22, "futex", 10, gcWait)));
        Attribution a = Attribution.of(List.of(run(k)), Map.of());
        // the VM thread's GC pause is the GC's; its own waits stay the VM thread's
        assertThat(a.byKind().get("madvise")).containsExactly(Map.entry(Category.GC, 30L));
        // the compiler resolving a class is class loading; a wait on a JVM thread stays its thread's (no thread_sync)
        assertThat(a.byKind().get("futex")).containsEntry(Category.JVM_OTHER, 20L).containsEntry(Category.CLASS_LOADING, 15L)
                .containsEntry(Category.JIT, 25L).containsEntry(Category.GC, 10L).doesNotContainKey(Category.THREAD_SYNC);
        assertThat(a.topStacks(Category.GC, 3)).extracting(Attribution.Stack::thread).containsExactly("VM Thread", "G1 Service");
    }

    @Test
    void aStackDecidesByItsInnermostFrameThatNamesALayer() {
        assertThat(StackCategory.of(List.of("syscall (libc.so.6)", "ttyLocker::release_tty_if_locked (libjvm.so)",
                "ciEnv::get_klass_by_name_impl (libjvm.so)"))).isEqualTo(new StackCategory.Decision(Category.JIT, null));
        assertThat(StackCategory.of(List.of("mmap (libc.so.6)", "os::commit_memory_or_exit (libjvm.so)",
                "G1PageBasedVirtualSpace::commit (libjvm.so)"))).isEqualTo(new StackCategory.Decision(Category.GC, null));
        assertThat(StackCategory.of(List.of("[unknown] (libc.so.6)", "ObjectMonitor::EnterI (libjvm.so)")))
                .isEqualTo(new StackCategory.Decision(Category.THREAD_SYNC, null));
        // a wait the helpers' names would hide (JavaThread::, os::)
        assertThat(StackCategory.of(List.of("[unknown] (libc.so.6)", "os::PlatformEvent::park (libjvm.so)", "JavaThread::sleep (libjvm.so)")))
                .isEqualTo(new StackCategory.Decision(Category.THREAD_SYNC, null));
        // only helpers of the VM: its own
        assertThat(StackCategory.of(List.of("write (libc.so.6)", "os::write (libjvm.so)")))
                .isEqualTo(new StackCategory.Decision(Category.JVM_OTHER, null));
        // a HotSpot function of no subsystem lets an outer frame decide: words an earlier call left (jio_snprintf
        // building the path) before the class path's own frame, a JNI library's call into the JVM
        assertThat(StackCategory.of(List.of("__open (libc.so.6)", "os::vsnprintf (libjvm.so)", "jio_snprintf (libjvm.so)",
                "ClassPathDirEntry::open_stream (libjvm.so)"))).isEqualTo(new StackCategory.Decision(Category.CLASS_LOADING, null));
        assertThat(StackCategory.of(List.of("__open (libc.so.6)", "JNIHandleBlock::allocate_handle (libjvm.so)", "handleOpen (libjava.so)")))
                .isSameAs(StackCategory.JDK_NATIVE);
        assertThat(StackCategory.of(List.of("sendto (libc.so.6)", "Java_io_netty_Native_sendTo (libnetty_transport_native_epoll_x86_64.so)")))
                .isEqualTo(new StackCategory.Decision(Category.NATIVE_LIBRARY, "libnetty_transport_native_epoll_x86_64.so"));
        assertThat(StackCategory.of(List.of("ioctl (libc.so.6)", "[unknown] (libasyncProfiler-1a2b.so)")))
                .isEqualTo(new StackCategory.Decision(Category.AGENT, null));
        // libc alone, an unknown address: nothing decided
        assertThat(StackCategory.of(List.of("mprotect (libc.so.6)"))).isNull();
        assertThat(StackCategory.of(List.of("mprotect (libc.so.6)", "inflateInit2_ (libz.so.1.2.13)", "Java_java_util_zip_Inflater_init (libzip.so)")))
                .isSameAs(StackCategory.JDK_NATIVE);
        assertThat(StackCategory.of(List.of("getppid (libc.so.6)", "[unknown]"))).isNull();
        // the JDK's I/O natives and RingZero's hooks for them: Java-level I/O, placed by the agent's counts
        assertThat(StackCategory.of(List.of("fstatat64 (libc.so.6)", "java.io.UnixFileSystem.getBooleanAttributes0 (jit)")))
                .isSameAs(StackCategory.JDK_NATIVE);
        assertThat(StackCategory.of(List.of("fstatat64 (libc.so.6)", "Interpreter (jit)",
                "io.ringzero.agent.hook.FileHooks.getBooleanAttributes0 (jit)"))).isSameAs(StackCategory.JDK_NATIVE);
        // the profiler's calls from its signal handler: the interrupted Java code is below an unnamed libc frame
        assertThat(StackCategory.of(List.of("ioctl (libc.so.6)", "[unknown] (libc.so.6)", "org.h2.value.Transfer.readString (jit)"))).isNull();
        assertThat(StackCategory.of(List.of("[unknown] (libc.so.6)", "org.h2.value.Transfer.readString (jit)"))).isNull();
    }

    @Test
    void noAttributionUnlessEveryRunHasPerThreadCounts() {
        Run.KernelOracle perf = new Run.KernelOracle("perf", Map.of("write", 5L), 5L);
        assertThat(Attribution.of(List.of(run(perf)), Map.of())).isNull();
    }

    private static LoadedRun run(Run.KernelOracle k) {
        return run(k, null);
    }

    private static LoadedRun run(Run.KernelOracle k, Run.Profile profile) {
        Run r = new Run("ringzero.run/2", true, null, null, null, null, null, List.of(), null, List.of(), List.of(), k, profile, null, null, null);
        return new LoadedRun(Path.of("run.json"), r, "run");
    }
}
