/* run -- drive a stepper to its end, handing each step to a sink */
#include <limits.h>
#include <stddef.h>
#include "gdtrace/run.h"
#include "run/burst.h"

int
gdt_run_stopped(const gdt_run_opts *opts)
{
    return opts != NULL && opts->stop != NULL && *opts->stop != 0;
}

/* K mod EVERY (> 0), without a division for the usual EVERY of 1: three
   a step, each some tens of cycles, were a tenth of a printed step of W3 */
static inline unsigned long
mod_every(unsigned long k, unsigned long every)
{
    return every == 1 ? 0 : k % every;
}

/* The first step from K on that a sink printing every EVERY steps prints
   (ULONG_MAX for none), the last step aside. */
static unsigned long
next_printed(unsigned long k, unsigned long every)
{
    unsigned long r;

    if (every == 0)
        return ULONG_MAX;
    r = mod_every(k, every);
    if (r == 0)
        return k;
    return k > ULONG_MAX - (every - r) ? ULONG_MAX : k + (every - r);
}

gdt_status
gdt_run_steps(gdt_stepper *s, const gdt_run_sink *out, const gdt_run_info *info,
              const gdt_run_opts *opts, gdt_error *err)
{
    gdt_status st, st2;
    int skip = info->resumed;

    s->numfmt = out->numfmt; /* a value too long to print stops the run */
    s->numfmt_fits = NULL;
    s->fields = out->fields; /* and only what is printed is computed */
    if (opts != NULL)
        s->dom->stop = opts->stop; /* for the long conversions and sums */
    st = out->begin(out->ctx, info, s, err);
    if (st == GDT_EINTERRUPTED) { /* while converting the header's values */
        s->stop = GDT_STOP_INTERRUPTED;
        return GDT_OK;
    }
    if (st != GDT_OK)
        return st;
    for (;;) {
        /* the steps up to the next one printed, in a tight loop where it
           applies; it stops where a rule may end the run */
        if (!skip)
            gdt_burst_steps(s, next_printed(s->k, out->every), opts);
        if (opts != NULL && opts->progress != NULL)
            opts->progress(opts->user, s->k);
        /* a stop asked for during the burst or the update: this step is
           the last, evaluated and printed as the last (its loss too) */
        if (gdt_run_stopped(opts) && s->stop == GDT_STOP_NONE)
            s->stop = GDT_STOP_INTERRUPTED;
        s->print = out->every == 0               ? GDT_PRINT_SUMMARY
                   : mod_every(s->k, out->every) == 0 ? GDT_PRINT_STEP
                                            : GDT_PRINT_IF_LAST;
        st = gdt_stepper_eval(s, err);
        if (st != GDT_OK)
            break;
        if (s->print == GDT_PRINT_IF_LAST && s->stop != GDT_STOP_NONE)
            s->print = GDT_PRINT_STEP; /* the last step */
        st = skip || s->print != GDT_PRINT_STEP ? GDT_OK : out->step(out->ctx, s, err);
        skip = 0;
        if (st == GDT_EINTERRUPTED) {
            /* stopped while converting the record's huge values: so is
               the summary */
            s->stop = GDT_STOP_INTERRUPTED;
            s->evaluated = 0;
            break;
        }
        if (st != GDT_OK)
            return st;
        if (s->stop != GDT_STOP_NONE)
            break;
        if (gdt_run_stopped(opts)) {
            s->stop = GDT_STOP_INTERRUPTED;
            break;
        }
        /* the next step printed: the update may evaluate it too */
        s->eval_ahead = out->every != 0 && mod_every(s->k + 1, out->every) == 0;
        st = gdt_stepper_update(s, err);
        s->eval_ahead = 0;
        if (st != GDT_OK)
            break;
    }
    /* a stop request is a way to stop, not a failure */
    if (st == GDT_EINTERRUPTED) {
        s->stop = GDT_STOP_INTERRUPTED;
        st = GDT_OK;
    }
    st2 = out->end(out->ctx, s, err);
    if (st2 == GDT_EINTERRUPTED && s->evaluated) {
        /* requested while a huge value of the summary was converted: the
           summary without the values */
        s->evaluated = 0;
        st2 = out->end(out->ctx, s, err);
    }
    if (st2 == GDT_EINTERRUPTED)   /* a second request ends the process */
        st2 = GDT_OK;
    return st == GDT_OK ? st2 : st;
}
