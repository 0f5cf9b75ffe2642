package io.ringzero.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringzero.agent.hook.Bridge;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridges the hooks call natives through, held to the JDK the tests run on: every native the installer
 * routes to a hook is what some bridge method of its class calls, and the binding rules pick natives first.
 */
class NativeBridgesTest {

    @Test
    void everyRoutedNativeIsCalledBySomeBridge() throws Exception {
        List<String> unbridged = new ArrayList<>();
        int routed = 0;
        for (Target t : Targets.all()) {
            Class<?> owner = boot(t.owner());
            if (owner == null) continue;
            for (Method nat : owner.getDeclaredMethods()) {
                if (!nat.getName().equals(t.nativeName()) || !Modifier.isNative(nat.getModifiers())) continue;
                if (Installer.hookFor(nat, Class.forName(t.hookClass()), t.hookMethod()) == null) continue;
                routed++;
                if (!bridged(nat)) unbridged.add(t.owner() + "." + nat.getName());
            }
        }
        assertThat(routed).as("natives routed to hooks on this JDK").isGreaterThan(40);
        assertThat(unbridged).as("routed natives no bridge method calls").isEmpty();
    }

    /** Some wanted interface whose host (the first candidate declaring any of its methods) binds a method to nat. */
    private static boolean bridged(Method nat) {
        for (Object[] wanted : Bridge.wanted()) {
            Method[] api = ((Class<?>) wanted[0]).getMethods();
            for (int i = 1; i < wanted.length; i++) {
                Class<?> host = boot((String) wanted[i]);
                if (host == null) continue;
                Method[] hostMethods = host.getDeclaredMethods();
                boolean any = false;
                for (Method m : api) {
                    Method target = NativeBridges.target(m, hostMethods);
                    if (target != null) any = true;
                    if (nat.equals(target)) return true;
                }
                if (any) break; // this candidate is the host
            }
        }
        return false;
    }

    @Test
    void aNativeWinsOverItsRenamedFormAndOverAJavaMethodOfTheSameName() throws Exception {
        Method[] host = Host.class.getDeclaredMethods();
        assertThat(NativeBridges.target(Api.class.getMethod("read", Host.class, int.class), host))
                .isEqualTo(Host.class.getDeclaredMethod("read", int.class));
        assertThat(NativeBridges.target(Api.class.getMethod("list", Object.class), host))
                .as("JDK 21+ style: a Java wrapper and a private native with 0")
                .isEqualTo(Host.class.getDeclaredMethod("list0"));
        assertThat(NativeBridges.target(Api.class.getMethod("cached"), host))
                .as("natives first: a Java method of the name only when there is no native")
                .isEqualTo(Host.class.getDeclaredMethod("cached0"));
        assertThat(NativeBridges.target(Api.class.getMethod("plain"), host))
                .isEqualTo(Host.class.getDeclaredMethod("plain"));
        assertThat(NativeBridges.target(Api.class.getMethod("absent"), host)).isNull();
        assertThat(NativeBridges.target(Api.class.getMethod("wrongReturn", Host.class, int.class), host))
                .as("a signature that does not fit is not bound").isNull();
    }

    @Test
    void theGeneratedClassNamesEveryInterfaceMethod() {
        byte[] bytes = NativeBridges.bytes(Api.class, Api.class.getMethods(), Host.class, Host.class.getDeclaredMethods());
        List<String> names = new ArrayList<>();
        new net.bytebuddy.jar.asm.ClassReader(bytes).accept(new net.bytebuddy.jar.asm.ClassVisitor(net.bytebuddy.jar.asm.Opcodes.ASM9) {
            @Override
            public net.bytebuddy.jar.asm.MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                names.add(name + desc);
                return null;
            }
        }, 0);
        assertThat(names).contains("<clinit>()V", "read(Lio/ringzero/agent/instrument/NativeBridgesTest$Host;I)I",
                "list(Ljava/lang/Object;)[Ljava/lang/String;", "cached()Z", "absent()V");
    }

    @Test
    void aGeneratedBridgeIsVerifiedAndCallsItsHost() throws Exception {
        byte[] bytes = NativeBridges.bytes(Plain.class, Plain.class.getMethods(), JavaHost.class, JavaHost.class.getDeclaredMethods());
        MethodHandles.privateLookupIn(JavaHost.class, MethodHandles.lookup())
                .defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
        Plain p = Bridge.to(Plain.class);
        assertThat(p.twice(new JavaHost(), 21)).as("a private instance method").isEqualTo(42);
        assertThat(p.sum(1L, 2, 3.5)).as("static, with two-slot arguments").isEqualTo(6.5);
        assertThat(p.secret(new JavaHost())).as("a private field").isEqualTo(7L);
        assertThat(p.name(new JavaHost())).as("a receiver passed as Object").isEqualTo("host");
        assertThatThrownBy(p::missing).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("missing");
    }

    public interface Plain {
        int twice(JavaHost h, int n);
        double sum(long a, int b, double c);
        long secret(JavaHost h);
        String name(Object h);
        void missing();
    }

    @SuppressWarnings("unused")
    static final class JavaHost {
        private final long secret = 7;
        private int twice(int n) { return 2 * n; }
        private static double sum(long a, int b, double c) { return a + b + c; }
        private String name() { return "host"; }
    }

    public interface Api {
        int read(Host h, int n);
        String[] list(Object h);
        boolean cached();
        int plain();
        void absent();
        long wrongReturn(Host h, int n);
    }

    @SuppressWarnings("unused")
    static final class Host {
        private native int read(int n);
        private int read0(int n) { return n; }
        String[] list() { return list0(); }
        private native String[] list0();
        private static native boolean cached0();
        static boolean cached() { return true; }
        static int plain() { return 1; }
        private native int wrongReturn(int n);
    }

    private static Class<?> boot(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
