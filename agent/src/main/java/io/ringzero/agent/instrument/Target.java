package io.ringzero.agent.instrument;

import java.util.List;

/**
 * One JDK native method to count: the class that declares it, its name, the hook that replaces calls to it,
 * and the classes whose bytecode calls it (the declaring class first).
 */
record Target(String owner, String nativeName, String hookClass, String hookMethod, List<String> callers) {
    static Target of(String owner, String nativeName, String hookClass, String hookMethod, String... otherCallers) {
        List<String> callers = new java.util.ArrayList<>();
        callers.add(owner);
        callers.addAll(List.of(otherCallers));
        return new Target(owner, nativeName, hookClass, hookMethod, List.copyOf(callers));
    }
}
