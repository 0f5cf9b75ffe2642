package io.ringzero.agent.instrument;

import io.ringzero.agent.count.CallSites;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replaces every call to a counted JDK native, in the JDK classes that make it, with a call to its hook.
 *
 * <p>A plain {@link ClassFileTransformer} patching bytes ({@link CallSitePatcher}), not ByteBuddy's AgentBuilder:
 * the rewrite needs no type model, and the AgentBuilder's own class loading and type resolution cost 1.7 s
 * (with MemberSubstitution 8.9 s) of start-up on a 2-core machine; nor ASM, whose interpreted read and write of
 * the classes already loaded cost ~75 ms of start-up.
 */
public final class Installer implements ClassFileTransformer {
    private final List<String> uncovered = new CopyOnWriteArrayList<>();
    private final AtomicInteger rewritten = new AtomicInteger();
    /** Caller class (internal name) -> replacements in it. */
    private final Map<String, Map<String, String[]>> plan = new HashMap<>();
    /** Replacements in every other class loaded from now on (public natives the application calls itself). */
    private final Map<String, String[]> anyClass = new HashMap<>();
    /** The owners of those natives as they appear in a class file: a class not naming one is left unread. */
    private final List<String> anyClassOwners = new ArrayList<>();
    private Instrumentation inst;
    private Module hookModule;

    public List<String> uncovered() { return uncovered; }

    /** How many call instructions were rewritten so far (classes loaded later add to it). */
    public int rewrittenCalls() { return rewritten.get(); }

    public void install(Instrumentation inst) {
        this.inst = inst;
        planAll(null);
        inst.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && plan.containsKey(c.getName().replace('.', '/'))) loaded.add(c);
        }
        try {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Throwable e) {
            uncovered.add("retransformation failed: " + e);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain pd, byte[] bytes) {
        if (className == null) return null;
        Map<String, String[]> replacements = loader == null ? plan.get(className) : null;
        if (replacements == null) {
            // any other class may call a public native directly: only one whose bytes name its owner is parsed
            if (anyClass.isEmpty() || !namesAnOwner(bytes)) return null;
            replacements = anyClass;
        }
        try {
            CallSitePatcher.Result patched = CallSitePatcher.patch(bytes, replacements);
            if (patched == null) return null;
            if (replacements == anyClass) readHooks(module);
            rewritten.addAndGet(patched.rewritten());
            return patched.classFile();
        } catch (Throwable e) {
            uncovered.add(className.replace('/', '.') + " (transformation failed: " + e + ")");
            return null;
        }
    }

    /** A class outside the JDK that now calls a hook: in a named module, it must be let read the hooks' module. */
    private void readHooks(Module module) {
        if (module != null && module.isNamed() && inst != null && !module.canRead(hookModule)) {
            inst.redefineModule(module, java.util.Set.of(hookModule), Map.of(), Map.of(), java.util.Set.of(), Map.of());
        }
    }

    /** As Latin-1 text, the bytes are searched by String.indexOf, which the JIT compiles to vector instructions. */
    private boolean namesAnOwner(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String owner : anyClassOwners) if (text.contains(owner)) return true;
        return false;
    }

    /** The plan: caller class (internal name) -> "owner/internal/Name.method(desc)" -> {hook owner, name, descriptor}. */
    Map<String, Map<String, String[]>> plan() { return plan; }

    /** Plans with the hooks from {@code hookLoader}: the boot loader (null) in the agent, the class path in a test. */
    void planAll(ClassLoader hookLoader) {
        Map<String, Boolean> matched = new LinkedHashMap<>();
        // Each getDeclaredMethods call copies every Method of the class: asked once per class, not per target.
        Map<Class<?>, Method[]> declared = new HashMap<>();
        Map<String, Class<?>> hookClasses = new HashMap<>();
        // Targets by owner, then by native name: each owner's methods are walked once, not once per target
        // (interpreted, that walk was most of the planning's ~15 ms).
        Map<String, Map<String, List<Target>>> byOwner = new LinkedHashMap<>();
        for (Target t : Targets.all()) {
            Map<String, List<Target>> byName = byOwner.get(t.owner());
            if (byName == null) byOwner.put(t.owner(), byName = new HashMap<>());
            List<Target> named = byName.get(t.nativeName());
            if (named == null) byName.put(t.nativeName(), named = new ArrayList<>(2));
            named.add(t);
        }
        for (Map.Entry<String, Map<String, List<Target>>> o : byOwner.entrySet()) {
            Class<?> owner = JvmNames.load(o.getKey(), null);
            if (owner == null) continue;
            for (Method nat : methodsOf(owner, declared)) {
                if (!Modifier.isNative(nat.getModifiers())) continue;
                List<Target> named = o.getValue().get(nat.getName());
                if (named == null) continue;
                for (Target t : named) plan(t, nat, hookLoader, matched, declared, hookClasses);
            }
        }
        // Plain loops, no lambdas: each lambda's bootstrap costs milliseconds on the start-up path.
        for (Map.Entry<String, Boolean> e : matched.entrySet()) {
            if (!e.getValue()) uncovered.add(e.getKey() + " (no hook for this JDK's signature)");
        }
    }

    private void plan(Target t, Method nat, ClassLoader hookLoader, Map<String, Boolean> matched,
                      Map<Class<?>, Method[]> declared, Map<String, Class<?>> hookClasses) {
        String id = t.owner() + "." + nat.getName();
        matched.putIfAbsent(id, false);
        Class<?> hooks = hookClasses.get(t.hookClass());
        if (hooks == null && !hookClasses.containsKey(t.hookClass())) hookClasses.put(t.hookClass(), hooks = JvmNames.load(t.hookClass(), hookLoader));
        Method hook = hooks == null ? null : hookFor(nat, methodsOf(hooks, declared), t.hookMethod());
        if (hook == null) return;
        matched.put(id, true);
        String key = t.callOwner().replace('.', '/') + "." + nat.getName() + JvmNames.descriptor(nat);
        String[] replacement = {JvmNames.internal(hook.getDeclaringClass()), hook.getName(), JvmNames.descriptor(hook)};
        // Callers are planned by name, not loaded: a caller this JDK lacks is simply never transformed.
        for (String caller : t.callers()) {
            if (caller.equals(Target.ANY_CLASS)) {
                anyClass.put(key, replacement);
                anyClassOwners.add(t.callOwner().replace('.', '/'));
                hookModule = hook.getDeclaringClass().getModule();
                CallSites.nameDirectCall(hook.getDeclaringClass().getName() + "." + hook.getName(), t.owner() + "." + nat.getName());
                continue;
            }
            String internal = caller.replace('.', '/');
            Map<String, String[]> forCaller = plan.get(internal);
            if (forCaller == null) plan.put(internal, forCaller = new HashMap<>());
            forCaller.put(key, replacement);
        }
    }

    /**
     * A public static hook whose parameters accept the receiver (if any) and the native's parameters; of
     * several, the one with the most parameters of exactly the native's types (a hook taking {@code Object}
     * for another JDK's receiver must not win over the exact one).
     */
    static Method hookFor(Method nat, Class<?> hooks, String name) {
        return hooks == null ? null : hookFor(nat, hooks.getDeclaredMethods(), name);
    }

    private static Method[] methodsOf(Class<?> c, Map<Class<?>, Method[]> declared) {
        Method[] m = declared.get(c);
        if (m == null) declared.put(c, m = c.getDeclaredMethods());
        return m;
    }

    private static Method hookFor(Method nat, Method[] hooks, String name) {
        List<Class<?>> want = new ArrayList<>();
        if (!Modifier.isStatic(nat.getModifiers())) want.add(nat.getDeclaringClass());
        want.addAll(List.of(nat.getParameterTypes()));
        Method best = null;
        int bestExact = -1;
        for (Method h : hooks) {
            if (!h.getName().equals(name) || !Modifier.isStatic(h.getModifiers()) || !Modifier.isPublic(h.getModifiers())) continue;
            if (h.getParameterCount() != want.size() || h.getReturnType() != nat.getReturnType()) continue;
            Class<?>[] params = h.getParameterTypes();
            boolean fits = true;
            int exact = 0;
            for (int i = 0; i < want.size() && fits; i++) {
                fits = params[i].isAssignableFrom(want.get(i));
                if (params[i] == want.get(i)) exact++;
            }
            if (fits && exact > bestExact) {
                best = h;
                bestExact = exact;
            }
        }
        return best;
    }


}
