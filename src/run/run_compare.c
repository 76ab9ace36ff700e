/* run_compare -- drive a comparison to its end, handing each step to sinks */
#include <stdint.h>
#include "gdtrace/run.h"

/* Each sink's method M (when it has one) on ARGS, in turn, up to the first
   that does not return GDT_OK. */
#define EACH_SINK(st, out, n, m, ...)                                   \
    do {                                                                \
        size_t k_;                                                      \
        for (k_ = 0; (st) == GDT_OK && k_ < (n); k_++)                  \
            if ((out)[k_].m != NULL)                                    \
                (st) = (out)[k_].m((out)[k_].ctx, __VA_ARGS__);         \
    } while (0)

/* ST from the lanes themselves (each lane's own failure only stops it):
   out of memory, said in ERR. */
static gdt_status
lanes_failed(gdt_status st, gdt_error *err)
{
    if (st == GDT_OK || st == GDT_EINTERRUPTED)
        return st;
    return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
}

gdt_status
gdt_run_compare(gdt_compare *c, const gdt_compare_sink *out, size_t n,
                const gdt_run_info *info, const gdt_run_opts *opts, gdt_error *err)
{
    gdt_status st = GDT_OK;
    size_t i, k;

    for (i = 0; opts != NULL && i < c->n; i++)
        c->lanes[i].dom.stop = opts->stop; /* for the long conversions and sums */
    /* a value too long to print stops its lane */
    for (k = 0; k < n && out[k].numfmt == NULL; k++)
        ;
    for (i = 0; k < n && i < c->n; i++)
        c->lanes[i].st.numfmt = out[k].numfmt;
    EACH_SINK(st, out, n, begin, info, c, err);
    while (st == GDT_OK) {
        if (opts != NULL && opts->progress != NULL)
            opts->progress(opts->user, c->k);
        st = lanes_failed(gdt_compare_eval(c), err);
        EACH_SINK(st, out, n, step, c, err);
        if (st != GDT_OK || !gdt_compare_running(c) || gdt_run_stopped(opts))
            break;
        st = lanes_failed(gdt_compare_update(c), err);
    }
    if (st == GDT_EINTERRUPTED || (st == GDT_OK && gdt_run_stopped(opts))) {
        for (i = 0; i < c->n; i++)
            if (c->lanes[i].stop == GDT_STOP_NONE) {
                c->lanes[i].stop = GDT_STOP_INTERRUPTED;
                c->lanes[i].steps = c->k;
            }
        st = GDT_OK;
    }
    EACH_SINK(st, out, n, end, c, err);
    if (st == GDT_EINTERRUPTED) /* a stop asked for during the ends: not a failure */
        st = GDT_OK;
    return st;
}
