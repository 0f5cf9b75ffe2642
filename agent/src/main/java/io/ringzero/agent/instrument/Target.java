package io.ringzero.agent.instrument;

import java.util.List;

/**
 * One JDK native method to count: the class that declares it, its name, the hook that replaces calls to it,
 * the classes whose bytecode calls it (the declaring class first), and the class the call instructions name
 * (the declaring class, or the abstract class a virtual call goes through).
 */
record Target(String owner, String nativeName, String hookClass, String hookMethod, List<String> callers, String callOwner) {
    /** In {@link #callers}: any class, the application's included, that names the native in a call. */
    static final String ANY_CLASS = "*";

    static Target of(String owner, String nativeName, String hookClass, String hookMethod, String... otherCallers) {
        List<String> callers = new java.util.ArrayList<>();
        callers.add(owner);
        callers.addAll(List.of(otherCallers));
        return new Target(owner, nativeName, hookClass, hookMethod, List.copyOf(callers), owner);
    }

    /** A public native that the application calls itself: every class loaded after the agent may name it. */
    static Target calledByAnyClass(String owner, String nativeName, String hookClass, String hookMethod) {
        return new Target(owner, nativeName, hookClass, hookMethod, List.of(owner, ANY_CLASS), owner);
    }

    /** A public native that callers reach through a virtual call on {@code callOwner}, its abstract superclass. */
    static Target viaSuper(String owner, String nativeName, String hookClass, String hookMethod, String callOwner, String... callers) {
        return new Target(owner, nativeName, hookClass, hookMethod, List.of(callers), callOwner);
    }
}
