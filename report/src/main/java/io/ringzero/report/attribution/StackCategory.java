package io.ringzero.report.attribution;

import java.util.List;

/**
 * The category a kernel-recorded stack decides, from its innermost frames outwards ("symbol (library)", as
 * {@link io.ringzero.report.symbols.Symbolizer} names them): the first frame that says which layer made the call
 * decides. libc's wrappers and unknown frames say nothing; a HotSpot function says its subsystem (class loading, JIT,
 * GC, thread synchronisation); any other HotSpot function ({@code os::read}, {@code Monitor::wait},
 * {@code jio_snprintf}, {@code jni_GetObjectField}) says {@code jvm_other} only if no outer frame says more: a word
 * left on the stack by an earlier call can read as a return address, and a JNI library calls into the JVM too; the JDK's own native libraries behind Java-level I/O say {@link #JDK_NATIVE}; any other native library decides {@link Category#NATIVE_LIBRARY}, async-profiler's {@link Category#AGENT}.
 * A compiled Java method among the innermost frames is the native method that made the call, or its caller when the
 * native code keeps no frame pointer: a JDK class's says {@link #JDK_NATIVE}, another class's decides
 * {@code NATIVE_LIBRARY}, named after the class's package (the JNI library's file is not on the stack then).
 */
public final class StackCategory {

    private StackCategory() {
    }

    /** What one stack decides: a category, and for {@code NATIVE_LIBRARY} the library's file name; null if nothing. */
    public record Decision(Category category, String library) {
    }

    /** A native method of the JDK made the call: Java-level I/O, whether or not the agent counted it. */
    public static final Decision JDK_NATIVE = new Decision(Category.JAVA_IO, null);

    /** Libraries whose frames say nothing about who asked for the call (zlib: the JDK's zip natives' or a library's). */
    private static final List<String> CARRIERS = List.of("libc.so", "libc-", "libpthread", "libdl", "librt",
            "libm.so", "libstdc++", "libgcc_s", "libz.so");
    /** The JDK's libraries behind its Java-level I/O natives, which the agent counts. */
    private static final List<String> JDK_IO = List.of("libjava.so", "libnio.so", "libnet.so", "libextnet.so", "libzip.so",
            "libprefs.so", "libmanagement.so", "libmanagement_ext.so", "libattach.so", "libjsig.so", "libverify.so", "libinstrument.so");

    /** The JDK's classes, and RingZero's hooks that stand in for them. */
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "io.ringzero.");

    private static final List<String> CLASS_LOADING = List.of("ClassLoader", "ClassPath", "ClassFileParser", "ClassFileStream",
            "SystemDictionary", "KlassFactory", "metaspace::", "Metaspace", "FileMapInfo", "MetaspaceShared", "ImageFileReader", "JImage", "ClassLoaderExt",
            "LambdaFormInvokers", "JVM_DefineClass", "JVM_LookupDefineClass", "JVM_FindClass", "JVM_FindLoadedClass",
            "jni_FindClass", "jni_DefineClass", "Verifier", "ClassVerifier", "Rewriter", "LinkResolver", "InstanceKlass::link", "InstanceKlass::initialize");
    private static final List<String> JIT = List.of("CompileBroker", "ci", "Compile::", "C2Compiler", "Compiler::", "CompileQueue",
            "CompilationPolicy", "TieredThresholdPolicy", "Compilation::", "GraphBuilder", "LinearScan", "PhaseChaitin", "Matcher",
            "CodeCache", "nmethod", "NMethodSweeper", "JVMCI", "Deoptimization", "CodeBuffer");
    private static final List<String> GC = List.of("G1", "GC", "CollectedHeap", "ConcurrentGC", "WorkerThread", "WorkGang",
            "Parallel", "PS", "Serial", "Z", "Shenandoah", "CardTable", "Universe::heap", "MemAllocator", "TenuredGeneration",
            "DefNewGeneration", "CardGeneration", "Generation::", "GenCollectedHeap", "SerialHeap", "VM_GenCollect", "BlockOffset",
            "Epsilon", "OopStorage", "ReferenceProcessor", "StringDedup");
    private static final List<String> THREAD_SYNC = List.of("ObjectMonitor", "ObjectSynchronizer", "Parker", "JavaThread::sleep",
            "JVM_Sleep", "JVM_Yield", "Unsafe_Park", "Unsafe_Unpark", "SharedRuntime::complete_monitor", "JVM_MonitorWait",
            "JVM_MonitorNotify", "os::naked_yield", "JVM_RawMonitor");
    public static Decision of(List<String> frames) {
        boolean jvmSeen = false;
        for (int i = 0; i < frames.size(); i++) {
            String f = frames.get(i);
            int open = f.lastIndexOf(" (");
            if (open < 0 || !f.endsWith(")")) {
                continue; // an address no mapping holds
            }
            String symbol = f.substring(0, open), library = f.substring(open + 2, f.length() - 1);
            if (library.equals("jit")) {
                if (!symbol.contains(".")) {
                    continue; // the interpreter, a stub
                }
                if (JDK_PACKAGES.stream().anyMatch(symbol::startsWith) && !symbol.startsWith("com.sun.jna.")) {
                    return JDK_NATIVE;
                }
                if (i != 1 || frames.get(0).startsWith(io.ringzero.report.symbols.Symbolizer.UNKNOWN)) {
                    // a signal handler's call (the profiler's) has the interrupted Java code below an unnamed libc frame
                    return null;
                }
                int cls = symbol.lastIndexOf('.', symbol.lastIndexOf('.') - 1);
                return new Decision(Category.NATIVE_LIBRARY, cls < 0 ? symbol : symbol.substring(0, cls) + " (JNI)");
            }
            if (CARRIERS.stream().anyMatch(library::startsWith)) {
                continue;
            }
            if (library.startsWith("libasyncProfiler")) {
                return new Decision(Category.AGENT, null);
            }
            if (library.startsWith("ld-linux")) {
                return new Decision(Category.JVM_OTHER, null); // the dynamic loader: loading a native library
            }
            if (library.equals("libjimage.so")) {
                return new Decision(Category.CLASS_LOADING, null);
            }
            if (JDK_IO.contains(library)) {
                return JDK_NATIVE;
            }
            if (!library.equals("libjvm.so")) {
                return library.startsWith("libjli") ? new Decision(Category.JVM_OTHER, null)
                        : new Decision(Category.NATIVE_LIBRARY, library);
            }
            jvmSeen = true;
            Category c = jvmSubsystem(symbol);
            if (c != null) {
                return new Decision(c, null);
            }
        }
        return jvmSeen ? new Decision(Category.JVM_OTHER, null) : null;
    }

    /**
     * The stack's frames up to the one that decides its category (the syscall's own frame alone when none does): what
     * {@link #of} needs of it, so that stacks that decide alike merge.
     */
    public static List<String> decidingFrames(List<String> frames) {
        Decision whole = of(frames);
        for (int n = 1; n < frames.size(); n++) {
            if (java.util.Objects.equals(of(frames.subList(0, n)), whole) && (whole != null || n == 1)) {
                return List.copyOf(frames.subList(0, n));
            }
        }
        return List.copyOf(frames);
    }

    /** A HotSpot function's subsystem by its (qualified) name; null for any other function or an unknown symbol. */
    static Category jvmSubsystem(String symbol) {
        if (symbol.startsWith("[")) {
            return null;
        }
        if (THREAD_SYNC.stream().anyMatch(symbol::startsWith)) {
            return Category.THREAD_SYNC;
        }
        if (CLASS_LOADING.stream().anyMatch(symbol::startsWith)) {
            return Category.CLASS_LOADING;
        }
        if (JIT.stream().anyMatch(symbol::startsWith)) {
            return Category.JIT;
        }
        if (GC.stream().anyMatch(symbol::startsWith)) {
            return Category.GC;
        }
        return null;
    }
}
