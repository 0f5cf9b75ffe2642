package io.ringzero.agent.count;

/**
 * Told of each stack walk, in the application thread whose call was walked, while its stack is still that of the
 * call (so that a JFR event committed here carries the real stack trace). Implemented outside the bootstrap-injected
 * packages (io.ringzero.agent.live), which is why it is an interface: nothing here may name jdk.jfr.
 */
public interface SiteListener {
    /**
     * @param kind the syscall kind ({@link Syscall#NAMES})
     * @param api the JDK method the application called, or null when the JDK itself made the call
     * @param weight how many calls the walk stands for
     */
    void walked(int kind, String api, long weight);
}
