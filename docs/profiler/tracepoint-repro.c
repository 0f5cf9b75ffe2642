// Does a sampling tracepoint perf event keep counting after its first overflow? (docs/profiler.md)
// Build: gcc -O1 -pthread -o tracepoint-repro tracepoint-repro.c
// Run as root with tracefs mounted:  ./tracepoint-repro $(cat /sys/kernel/tracing/events/syscalls/sys_enter_write/id)
// Each line: who the event watches, how it is armed, sample_period, and the event's count after 10000 writes.
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WRITES 10000
static int fd, config;
static volatile long signals;
static volatile pid_t writer_tid;
static volatile int go;

static int open_event(pid_t pid, long period) {
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_TRACEPOINT;
    a.config = config;
    a.sample_period = period;
    a.sample_type = PERF_SAMPLE_CALLCHAIN;
    a.disabled = 1;
    a.wakeup_events = 1;
    int f = syscall(SYS_perf_event_open, &a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (f < 0) { perror("perf_event_open"); exit(1); }
    return f;
}

static void writes(void) {
    int dn = open("/dev/null", O_WRONLY);
    char c = 0;
    for (int i = 0; i < WRITES; i++) if (write(dn, &c, 1) != 1) exit(2);
    close(dn);
}

static long count(int f) { long n = 0; ioctl(f, PERF_EVENT_IOC_DISABLE, 0); if (read(f, &n, sizeof n) != sizeof n) return -1; return n; }

static void handler(int s, siginfo_t *si, void *u) { signals++; ioctl(fd, PERF_EVENT_IOC_REFRESH, 1); }

// async-profiler's arming: SIGPROF to the thread on overflow, re-armed with IOC_REFRESH(1) in the handler.
static void self_signal_refresh(long period) {
    signals = 0;
    fd = open_event(0, period);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGPROF, &sa, 0);
    struct f_owner_ex o = {F_OWNER_TID, syscall(SYS_gettid)};
    fcntl(fd, F_SETFL, O_ASYNC);
    fcntl(fd, F_SETSIG, SIGPROF);
    fcntl(fd, F_SETOWN_EX, &o);
    ioctl(fd, PERF_EVENT_IOC_RESET, 0);
    ioctl(fd, PERF_EVENT_IOC_REFRESH, 1);
    writes();
    printf("calling thread, SIGPROF + IOC_REFRESH(1), period %ld: count %ld, signals %ld\n", period, count(fd), signals);
    close(fd);
}

static volatile int pending;
static void flag_handler(int s, siginfo_t *si, void *u) { signals++; pending = 1; }

// The same, re-armed from the main loop after each signal: with IOC_REFRESH(1) alone, or IOC_DISABLE first.
static void self_rearm_from_loop(long period, int disable_first) {
    signals = 0; pending = 0;
    fd = open_event(0, period);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = flag_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGPROF, &sa, 0);
    struct f_owner_ex o = {F_OWNER_TID, syscall(SYS_gettid)};
    fcntl(fd, F_SETFL, O_ASYNC);
    fcntl(fd, F_SETSIG, SIGPROF);
    fcntl(fd, F_SETOWN_EX, &o);
    ioctl(fd, PERF_EVENT_IOC_RESET, 0);
    ioctl(fd, PERF_EVENT_IOC_REFRESH, 1);
    int dn = open("/dev/null", O_WRONLY);
    char c = 0;
    for (int i = 0; i < WRITES; i++) {
        if (write(dn, &c, 1) != 1) exit(2);
        if (pending) {
            pending = 0;
            if (disable_first) ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
            ioctl(fd, PERF_EVENT_IOC_REFRESH, 1);
        }
    }
    close(dn);
    printf("calling thread, SIGPROF, re-armed from the loop with %sIOC_REFRESH(1), period %ld: count %ld, signals %ld\n",
           disable_first ? "IOC_DISABLE + " : "", period, count(fd), signals);
    close(fd);
}

static void self_enable(long period) {
    int f = open_event(0, period);
    ioctl(f, PERF_EVENT_IOC_ENABLE, 0);
    writes();
    printf("calling thread, IOC_ENABLE, no signals, period %ld: count %ld\n", period, count(f));
    close(f);
}

static void *writer(void *x) { writer_tid = syscall(SYS_gettid); while (!go) ; writes(); return 0; }

static void other_thread(long period) {
    pthread_t t;
    writer_tid = 0; go = 0;
    pthread_create(&t, 0, writer, 0);
    while (!writer_tid) ;
    int f = open_event(writer_tid, period);
    ioctl(f, PERF_EVENT_IOC_ENABLE, 0);
    go = 1;
    pthread_join(t, 0);
    printf("other thread of the process, IOC_ENABLE, no signals, period %ld: count %ld\n", period, count(f));
    close(f);
}

static void other_process(long period) {
    int p[2];
    if (pipe(p)) exit(3);
    pid_t child = fork();
    if (child == 0) { char b; if (read(p[0], &b, 1) != 1) _exit(1); writes(); _exit(0); }
    int f = open_event(child, period);
    ioctl(f, PERF_EVENT_IOC_ENABLE, 0);
    if (write(p[1], "x", 1) != 1) exit(3);
    waitpid(child, 0, 0);
    printf("forked child, IOC_ENABLE, no signals, period %ld: count %ld\n", period, count(f));
    close(f);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s TRACEPOINT_ID\n", argv[0]); return 1; }
    config = atoi(argv[1]);
    printf("%d writes each\n", WRITES);
    self_signal_refresh(1);
    self_rearm_from_loop(1, 0);
    self_rearm_from_loop(1, 1);
    long periods[] = {0, 1, 10, 1000};
    for (int i = 0; i < 4; i++) self_enable(periods[i]);
    for (int i = 0; i < 3; i++) other_thread(periods[i]);
    for (int i = 0; i < 3; i++) other_process(periods[i]);
    return 0;
}
