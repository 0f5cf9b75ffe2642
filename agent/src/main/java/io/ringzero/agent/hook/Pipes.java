package io.ringzero.agent.hook;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File descriptors known to be pipes: the parent's ends of a spawned process's standard streams. What
 * FileInputStream.available issues depends on the file type, which Java does not otherwise know.
 */
final class Pipes {
    private static final Set<Integer> FDS = ConcurrentHashMap.newKeySet();

    private Pipes() { }

    static void add(int fd) { FDS.add(fd); }

    static boolean contains(int fd) { return !FDS.isEmpty() && FDS.contains(fd); }

    static void closed(int fd) {
        if (!FDS.isEmpty()) FDS.remove(fd);
    }
}
