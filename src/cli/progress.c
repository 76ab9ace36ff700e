/* progress -- the progress line on standard error: the step (or points
   done), steps per second, the size of w and the time left, redrawn at
   most four times a second, the clock read only every so many calls */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli_impl.h"

/* At most this often a redraw, in seconds; the clock is read about every
   tenth of it (the number of calls between two reads adapts). */
#define REDRAW 0.25
#define CHECK (REDRAW / 10)

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int
cli_progress_wanted(const gdt_opts *s, int quiet_stdout)
{
    const char *on = s->set[GDT_OPT_PROGRESS], *off = s->set[GDT_OPT_NO_PROGRESS];

    if (on != NULL && (off == NULL || s->argpos[GDT_OPT_PROGRESS] > s->argpos[GDT_OPT_NO_PROGRESS]))
        return 2;
    if (off != NULL)
        return 0;
    /* when stdout is the same terminal, its records would be torn by the
       redrawn line: only when nothing goes there before the end */
    return isatty(2) && (quiet_stdout || !isatty(1));
}

void
cli_progress_init(struct cli_progress *p, int on, unsigned long total, const char *unit)
{
    memset(p, 0, sizeof *p);
    p->on = on != 0;
    p->forced = on == 2;
    p->tty = isatty(2);
    p->total = total;
    p->unit = unit;
    p->t0 = p->last_check = p->last_draw = now();
    p->every = 1;
    p->next_check = 0;
}

/* "1:02:03", "2:03" or "3s"; "?" when unknown. */
static void
put_time(char *buf, size_t size, double sec)
{
    unsigned long t;

    if (!(sec >= 0) || sec > 1e9) {
        snprintf(buf, size, "?");
        return;
    }
    t = (unsigned long)(sec + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else if (t >= 60)
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
    else
        snprintf(buf, size, "%lus", t);
}

/* A count with a suffix: 950, 12.3k, 4.56M. */
static void
put_count(char *buf, size_t size, double n)
{
    if (n >= 1e9)
        snprintf(buf, size, "%.3gG", n / 1e9);
    else if (n >= 1e6)
        snprintf(buf, size, "%.3gM", n / 1e6);
    else if (n >= 1e4)
        snprintf(buf, size, "%.3gk", n / 1e3);
    else
        snprintf(buf, size, "%.0f", n);
}

/* Draw the line for N done at time T. */
static void
draw(struct cli_progress *p, unsigned long n, double t)
{
    char line[256], rate[32], left[32], size[64] = "";
    double dt = t - p->last_draw, r;
    int len;

    /* the rate since the last line (the whole run's for the first) */
    r = dt > 0 && n >= p->last_n && p->drawn ? (double)(n - p->last_n) / dt
        : t > p->t0 ? (double)n / (t - p->t0) : 0;
    put_count(rate, sizeof rate, r);
    put_time(left, sizeof left, r > 0 ? (double)(p->total - (n < p->total ? n : p->total)) / r
                                      : -1);
    if (p->stepper != NULL) {
        size_t digits;
        double lg;
        gdt_stepper_size(p->stepper, &digits, &lg);
        if (digits > 0)
            snprintf(size, sizeof size, "  w: %zu digit%s", digits, digits == 1 ? "" : "s");
        else if (isnan(lg))
            snprintf(size, sizeof size, "  |w|: nan");
        else if (isinf(lg))
            snprintf(size, sizeof size, lg > 0 ? "  |w|: inf" : "  |w|: 0");
        else /* 10^lg with 3 digits, whatever its exponent */
            snprintf(size, sizeof size, "  |w|: %.2fe%+ld",
                     pow(10, lg - floor(lg)), (long)floor(lg));
    }
    len = snprintf(line, sizeof line, "%s %lu/%lu (%.0f%%)  %s %ss/s%s  left %s", p->unit, n,
                   p->total, p->total > 0 ? 100.0 * (double)n / (double)p->total : 100.0,
                   rate, p->unit, size, left);
    if (len < 0)
        return;
    if (p->tty)  /* in place: back to the column 0, the line, the rest cleared */
        fprintf(stderr, "\r%s\033[K", line);
    else         /* a file or a pipe: one line each */
        fprintf(stderr, "%s\n", line);
    fflush(stderr);
    p->drawn = 1;
    p->last_draw = t;
    p->last_n = n;
}

void
cli_progress_update(struct cli_progress *p, unsigned long n)
{
    double t, dt;

    if (!p->on || n < p->next_check)
        return;
    t = now();
    dt = t - p->last_check;
    /* read the clock about every CHECK seconds: twice the calls between
       two reads when they came quicker, half when slower */
    if (dt < CHECK / 2 && p->every < (1UL << 30))
        p->every *= 2;
    else if (dt > CHECK * 2 && p->every > 1)
        p->every /= 2;
    p->last_check = t;
    p->next_check = n + p->every;
    /* the first line at once when asked for (--progress), else after a
       moment, so that a short run shows none */
    if (p->drawn ? t - p->last_draw >= REDRAW : p->forced || t - p->t0 >= REDRAW)
        draw(p, n, t);
}

void
cli_progress_step(void *user, unsigned long step)
{
    cli_progress_update(user, step);
}

void
cli_progress_end(struct cli_progress *p, unsigned long n)
{
    if (!p->on || !p->drawn)
        return;
    p->on = 0;      /* once */
    if (p->tty) {   /* the line cleared: the terminal as it was */
        fputs("\r\033[K", stderr);
    } else {        /* a last line with the final count */
        draw(p, n, now());
    }
    fflush(stderr);
}
