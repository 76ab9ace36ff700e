/* outcome.c -- the one table of outcomes (gdtrace/outcome.h) */
#include <string.h>
#include "gdtrace/outcome.h"

static const char *const outcome_names[GDT_OUTCOME_COUNT] = {
    [GDT_OUTCOME_NONE] = "none",
    [GDT_OUTCOME_CONVERGED] = "converged",
    [GDT_OUTCOME_STALLED] = "stalled",
    [GDT_OUTCOME_CYCLE] = "cycle",
    [GDT_OUTCOME_DIVERGED] = "diverged",
    [GDT_OUTCOME_BOUNDED] = "bounded",
    [GDT_OUTCOME_SIZE_LIMIT] = "size-limit",
    [GDT_OUTCOME_INTERRUPTED] = "interrupted",
    [GDT_OUTCOME_ERROR] = "error",
    [GDT_OUTCOME_UNDECIDED] = "undecided",
    [GDT_OUTCOME_CONTRACTING] = "contracting",
};

const char *
gdt_outcome_str(gdt_outcome o)
{
    if ((unsigned)o >= GDT_OUTCOME_COUNT)
        return NULL;
    return outcome_names[o];
}

gdt_outcome
gdt_outcome_parse(const char *s)
{
    for (int i = 1; i < GDT_OUTCOME_COUNT; i++)
        if (strcmp(s, outcome_names[i]) == 0)
            return (gdt_outcome)i;
    return GDT_OUTCOME_NONE;
}

gdt_outcome
gdt_outcome_of_stop(gdt_stop stop, unsigned long period)
{
    switch (stop) {
    case GDT_STOP_GRAD_ZERO: return GDT_OUTCOME_CONVERGED;
    case GDT_STOP_MAX_ITER: return GDT_OUTCOME_BOUNDED;
    case GDT_STOP_CYCLE: return period <= 1 ? GDT_OUTCOME_STALLED : GDT_OUTCOME_CYCLE;
    case GDT_STOP_SIZE_LIMIT: return GDT_OUTCOME_SIZE_LIMIT;
    case GDT_STOP_INTERRUPTED: return GDT_OUTCOME_INTERRUPTED;
    case GDT_STOP_ERROR: return GDT_OUTCOME_ERROR;
    case GDT_STOP_STALL: return GDT_OUTCOME_STALLED;
    case GDT_STOP_NONFINITE: return GDT_OUTCOME_DIVERGED;
    case GDT_STOP_CONTRACTING: return GDT_OUTCOME_CONTRACTING;
    case GDT_STOP_NONE:
    case GDT_STOP_AT:
    case GDT_STOP_PRECISION_LIMIT: break; /* run --certify only */
    }
    return GDT_OUTCOME_NONE;
}

gdt_verdict
gdt_outcome_against(gdt_outcome rounded, gdt_outcome certified)
{
    int flag;

    if (certified == GDT_OUTCOME_DIVERGED)
        flag = 1;
    else if (certified == GDT_OUTCOME_BOUNDED || certified == GDT_OUTCOME_CONTRACTING)
        flag = 0;
    else
        return GDT_VERDICT_UNDECIDED;
    return (rounded == GDT_OUTCOME_DIVERGED) == flag ? GDT_VERDICT_AGREE
                                                     : GDT_VERDICT_DISAGREE;
}

const char *
gdt_verdict_str(gdt_verdict v)
{
    static const char *const names[GDT_VERDICT_COUNT] = { "none", "agree", "disagree",
                                                          "undecided" };

    return (unsigned)v < GDT_VERDICT_COUNT ? names[v] : NULL;
}
