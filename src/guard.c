/* guard -- out-of-memory in GMP and MPFR, SIGINT and SIGTERM, SIGPIPE */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gmp.h>
#include "gdtrace/guard.h"

volatile unsigned long gdt_guard_step;
volatile sig_atomic_t gdt_guard_stop;

static const char *guard_progname = "gdtrace";

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
    n += utoa(msg + n, gdt_guard_step);
    memcpy(msg + n, " (", 2);
    n += 2;
    n += utoa(msg + n, (unsigned long)size);
    memcpy(msg + n, " bytes)\n", 8);
    n += 8;
    if (write(2, msg, n) < 0) {
        /* nothing more to do */
    }
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
gdt_guard_memory(const char *progname)
{
    guard_progname = progname;
    mp_set_memory_functions(guard_alloc, guard_realloc, guard_free);
}

static void
on_signal(int sig)
{
    gdt_guard_stop = sig;
}

void
gdt_guard_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_DFL);
}
