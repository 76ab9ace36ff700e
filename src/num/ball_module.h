/* ball_module.h -- what the ball module (gdtrace-ball.so, num_ball.c on
   Arb) gives the library: its table (not installed)

   Arb's libraries (and FLINT's, NTL's, libstdc++ behind them) cost a
   process ten milliseconds before main; only the ball domain needs them,
   so num_ball.c is a module of its own (base/module.h), loaded by
   ball.c the first time a ball domain is set up.  The module holds the
   domain's methods; ball.c the functions of num.h that name balls. */
#ifndef GDTRACE_BALL_MODULE_H
#define GDTRACE_BALL_MODULE_H

#include "gdtrace/num.h"
#include "base/module.h"

/* Raise it when the table or what its functions take changes (gdt_domain
   and gdt_val included): a module of another ABI is refused. */
#define GDT_BALL_ABI 1

typedef struct gdt_ball_module {
    gdt_module_head head; /* { GDT_BALL_ABI, sizeof (gdt_ball_module) } */
    const gdt_domain_ops *ops;  /* the ball domain's methods */
    /* gdt_ball_thread_cleanup, gdt_ball_get_ends, gdt_ball_set_ends,
       gdt_ball_const_pi */
    void (*thread_cleanup)(void);
    gdt_status (*get_ends)(mpq_t lo, mpq_t hi, const gdt_val *a, gdt_domain *d);
    gdt_status (*set_ends)(gdt_val *r, const mpq_t lo, const mpq_t hi, gdt_domain *d);
    gdt_status (*const_pi)(gdt_val *r, gdt_domain *d);
} gdt_ball_module;

/* The module's one symbol (base/module.c looks it up by this name). */
extern const gdt_ball_module gdt_module_ball_v1;

#endif
