/* guard -- out-of-memory in GMP and MPFR, signals, temporary files, the
   standard descriptors: the process's state, which only the command owns */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gmp.h>
#include "guard.h"

volatile sig_atomic_t cli_guard_stop;

/* The live run's step, read by the out-of-memory hook. */
static const unsigned long *guard_step;
static const gdt_reporter *guard_reporter;

static const char *guard_progname = "gdtrace";

/* The temporary files to remove, and the child to kill, on a fatal signal.
   A slot is filled or emptied by one store, so that a handler sees either
   the path or NULL. */
#define GUARD_TEMPS 8
static const char *volatile guard_temps[GUARD_TEMPS];
static volatile pid_t guard_child;

/* Kill and reap the child, remove the temporary files: what a process
   that ends now must do first.  Async-signal-safe. */
static void
cleanup(void)
{
    pid_t pid = guard_child;
    size_t i;

    if (pid > 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        guard_child = 0;
    }
    for (i = 0; i < GUARD_TEMPS; i++) {
        const char *path = guard_temps[i];
        if (path != NULL)
            unlink(path);
    }
}

/* Write the decimal digits of V into BUF (no allocation: this runs when
   memory is gone). */
static size_t
utoa(char *buf, unsigned long v)
{
    char tmp[32];
    size_t n = 0, i;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

static void
out_of_memory(size_t size)
{
    char msg[256];
    size_t n = 0, len = strlen(guard_progname);

    if (len > 100)
        len = 100;
    memcpy(msg + n, guard_progname, len);
    n += len;
    memcpy(msg + n, ": out of memory at step ", 24);
    n += 24;
    n += utoa(msg + n, guard_step != NULL ? *guard_step : 0);
    memcpy(msg + n, " (", 2);
    n += 2;
    n += utoa(msg + n, (unsigned long)size);
    memcpy(msg + n, " bytes)\n", 8);
    n += 8;
    if (guard_reporter != NULL) {
        /* the records of steps held for a batched write: whole, and
           nothing else is pending in the stream (see gdt_reporter_held) */
        const char *held;
        size_t len = gdt_reporter_held(guard_reporter, &held), done = 0;
        int fd = fileno(guard_reporter->out);
        ssize_t w;

        while (done < len && (w = write(fd, held + done, len - done)) > 0)
            done += (size_t)w;
    }
    if (write(2, msg, n) < 0) {
        /* nothing more to do */
    }
    cleanup();
    _exit(1);
}

static void *
guard_alloc(size_t size)
{
    void *p = malloc(size);

    if (p == NULL)
        out_of_memory(size);
    return p;
}

static void *
guard_realloc(void *ptr, size_t old, size_t size)
{
    void *p = realloc(ptr, size);

    (void)old;
    if (p == NULL)
        out_of_memory(size);
    return p;
}

static void
guard_free(void *ptr, size_t size)
{
    (void)size;
    free(ptr);
}

void
cli_guard_step(const unsigned long *k)
{
    guard_step = k;
}

void
cli_guard_reporter(const gdt_reporter *r)
{
    guard_reporter = r;
}

void
cli_guard_memory(const char *progname)
{
    guard_progname = progname;
    mp_set_memory_functions(guard_alloc, guard_realloc, guard_free);
}

/* End the process by SIG, as if it had not been caught, after the
   cleanup. */
static void
die(int sig)
{
    struct sigaction sa;
    sigset_t set;

    cleanup();
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* SIGINT, SIGTERM: the first asks the run to stop; a second one ends the
   process now (a summary of a huge state cannot be written from here). */
static void
on_stop(int sig)
{
    int e = errno;
    pid_t pid = guard_child;

    if (cli_guard_stop)
        die(sig);
    cli_guard_stop = sig;
    if (pid > 0)
        kill(pid, SIGKILL);   /* the caller's wait for it ends */
    errno = e;
}

static void
on_fatal(int sig)
{
    die(sig);
}

static const int stop_signals[] = { SIGINT, SIGTERM };
static const int fatal_signals[] = { SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2 };
#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* Every signal the guard handles, for blocking them while a handler runs
   or a temporary file is being registered. */
static void
handled_set(sigset_t *set)
{
    size_t i;

    sigemptyset(set);
    for (i = 0; i < NELEMS(stop_signals); i++)
        sigaddset(set, stop_signals[i]);
    for (i = 0; i < NELEMS(fatal_signals); i++)
        sigaddset(set, fatal_signals[i]);
}

void
cli_guard_signals(void)
{
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof sa);
    handled_set(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_stop;
    for (i = 0; i < NELEMS(stop_signals); i++)
        sigaction(stop_signals[i], &sa, NULL);
    sa.sa_handler = on_fatal;
    for (i = 0; i < NELEMS(fatal_signals); i++)
        sigaction(fatal_signals[i], &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

int
cli_guard_stdio(void)
{
    int fd, closed = 0;

    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        closed |= 1 << fd;
        /* open returns the lowest free descriptor: this one */
        if (open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
            _exit(1);   /* no /dev/null: nothing safe to do */
    }
    return closed;
}

int
cli_guard_mkstemp(char *tmpl)
{
    sigset_t set, old;
    size_t i;
    int fd = -1, e = EMFILE;

    /* no signal between the file's creation and its registration */
    handled_set(&set);
    sigprocmask(SIG_BLOCK, &set, &old);
    for (i = 0; i < GUARD_TEMPS && guard_temps[i] != NULL; i++)
        ;
    if (i < GUARD_TEMPS) {
        fd = mkstemp(tmpl);
        e = errno;
        if (fd >= 0)
            guard_temps[i] = tmpl;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}

void
cli_guard_forget(const char *path)
{
    size_t i;

    for (i = 0; i < GUARD_TEMPS; i++)
        if (guard_temps[i] == path)
            guard_temps[i] = NULL;
}

void
cli_guard_child(pid_t pid)
{
    guard_child = pid;
}
