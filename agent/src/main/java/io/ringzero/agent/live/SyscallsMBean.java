package io.ringzero.agent.live;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.count.Totals;
import io.ringzero.agent.record.Recorder;
import java.io.IOException;
import java.nio.file.Path;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * {@code io.ringzero:type=Syscalls}: the application's counts per syscall kind as flat attributes
 * ({@code read_calls}, {@code read_bytes}, {@code read_errors}, ... for every kind in {@link Syscall#NAMES}), their
 * totals ({@code calls}, {@code bytes}, {@code errors}), and {@code dump(path)}, which writes the run file now.
 */
public final class SyscallsMBean implements DynamicMBean {
    static final String NAME = "io.ringzero:type=Syscalls";
    private static final String[] FIELDS = {"calls", "bytes", "errors"};
    private static final int[] OFFSETS = {Counters.CALLS, Counters.BYTES, Counters.ERRORS};

    private final LiveViews views;
    private final MBeanInfo info;

    SyscallsMBean(LiveViews views) {
        this.views = views;
        MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[(Syscall.COUNT + 1) * FIELDS.length];
        int i = 0;
        for (int k = 0; k < Syscall.COUNT; k++) {
            for (String f : FIELDS) {
                attributes[i++] = new MBeanAttributeInfo(Syscall.NAMES[k] + "_" + f, "long", describe(f, Syscall.NAMES[k] + " calls"), true, false, false);
            }
        }
        for (String f : FIELDS) attributes[i++] = new MBeanAttributeInfo(f, "long", describe(f, "calls of every kind"), true, false, false);
        MBeanOperationInfo dump = new MBeanOperationInfo("dump", "Writes the run file as it is now to path; returns the absolute path written",
                new MBeanParameterInfo[] {new MBeanParameterInfo("path", "java.lang.String", "the file to write")}, "java.lang.String",
                MBeanOperationInfo.ACTION);
        info = new MBeanInfo(SyscallsMBean.class.getName(), "Syscalls from the application's JDK I/O, counted by RingZero since the agent started",
                attributes, null, new MBeanOperationInfo[] {dump}, null);
    }

    private static String describe(String field, String what) {
        switch (field) {
            case "calls": return "Syscalls: " + what;
            case "bytes": return "Bytes moved by " + what;
            default: return "Failed " + what;
        }
    }

    /**
     * Registers the MBean in the platform MBeanServer if it exists, without creating it: created by an agent's start-up,
     * it would start java.util.logging's LogManager before an application server (WildFly, JBoss) sets its own. The
     * platform server is the one with {@code java.lang:type=Runtime}; {@link MBeanServerFactory#findMBeanServer} only
     * copies the list of servers created so far. Returns whether there is nothing left to do.
     */
    static boolean registerInPlatformServer(LiveViews views) throws JMException {
        ObjectName runtime = new ObjectName("java.lang:type=Runtime");
        for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
            if (!server.isRegistered(runtime)) continue;
            boolean previous = Counters.setOwn(true);
            try {
                server.registerMBean(new SyscallsMBean(views), new ObjectName(NAME));
            } catch (InstanceAlreadyExistsException e) {
                // another copy of the agent (another class loader) registered first: it counts the same process
            } finally {
                Counters.setOwn(previous);
            }
            return true;
        }
        return false;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        boolean previous = Counters.setOwn(true);
        try {
            return value(Totals.of(false), name);
        } finally {
            Counters.setOwn(previous);
        }
    }

    /** All from one sum of the counters: the attributes of one call are of the same moment. */
    @Override
    public AttributeList getAttributes(String[] names) {
        boolean previous = Counters.setOwn(true);
        try {
            long[] now = Totals.of(false);
            AttributeList list = new AttributeList();
            for (String name : names) {
                try {
                    list.add(new Attribute(name, value(now, name)));
                } catch (AttributeNotFoundException e) {
                    // left out, as the interface asks
                }
            }
            return list;
        } finally {
            Counters.setOwn(previous);
        }
    }

    private static Long value(long[] counters, String name) throws AttributeNotFoundException {
        for (int f = 0; f < FIELDS.length; f++) {
            if (name.equals(FIELDS[f])) {
                long sum = 0;
                for (int k = 0; k < Syscall.COUNT; k++) sum += counters[k * Counters.STRIDE + OFFSETS[f]];
                return sum;
            }
            String suffix = "_" + FIELDS[f];
            if (name.endsWith(suffix)) {
                String kind = name.substring(0, name.length() - suffix.length());
                for (int k = 0; k < Syscall.COUNT; k++) {
                    if (Syscall.NAMES[k].equals(kind)) return counters[k * Counters.STRIDE + OFFSETS[f]];
                }
            }
        }
        throw new AttributeNotFoundException(name);
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        if (!"dump".equals(operation) || params == null || params.length != 1 || !(params[0] instanceof String)) {
            throw new ReflectionException(new NoSuchMethodException(operation), "operations: dump(String path)");
        }
        try {
            return views.recorder().dump(Path.of((String) params[0]));
        } catch (IOException | RuntimeException e) {
            throw new MBeanException(new IOException(e.toString()), "cannot write " + params[0] + ": " + e);
        }
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) { return new AttributeList(); }

    @Override
    public MBeanInfo getMBeanInfo() { return info; }
}
