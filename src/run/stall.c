/* stall.c -- the step from which a trajectory stalls (gdtrace/stall.h) */
#include "gdtrace/stall.h"

void
gdt_stall_init(gdt_stall *t)
{
    t->from = -1;
}

void
gdt_stall_step(gdt_stall *t, unsigned long k, int same, int grad_zero)
{
    if (k == 0 || !same || grad_zero)
        t->from = -1;          /* moved, or at a critical point */
    else if (t->from < 0)
        t->from = (long)k - 1; /* w_{k-1} is the value it keeps */
}

long
gdt_stall_at(const gdt_stall *t)
{
    return t->from;
}
