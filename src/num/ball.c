/* ball -- the ball domain's way in: the functions of num.h that name
   balls, over the ball module (ball_module.h), which is loaded the first
   time one of them needs it, so that a process without balls never maps
   Arb */
#include <stdint.h>
#include "gdtrace/num.h"
#include "num/ball_module.h"
#include "num/num-impl.h"

/* The module's table, once loaded (NULL: not yet, or it failed). */
static const gdt_ball_module *
loaded(void)
{
    return gdt_module_loaded(GDT_MODULE_BALL);
}

gdt_status
gdt_ball_load(gdt_error *err)
{
    const void *t;

    return gdt_module_get(&t, GDT_MODULE_BALL, GDT_BALL_ABI, sizeof(gdt_ball_module), err);
}

gdt_status
gdt_domain_init_ball(gdt_domain *d, mpfr_prec_t prec)
{
    const void *t;
    gdt_status st;

    gdt_domain_empty(d);
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX)
        return GDT_EVALUE;
    st = gdt_module_get(&t, GDT_MODULE_BALL, GDT_BALL_ABI, sizeof(gdt_ball_module), NULL);
    if (st != GDT_OK)
        return st;
    *d = (gdt_domain){ .ops = ((const gdt_ball_module *)t)->ops, .name = "ball", .prec = prec,
                       .rnd = MPFR_RNDN, .emin = MPFR_EMIN_DEFAULT, .emax = MPFR_EMAX_DEFAULT };
    gdt_domain_scratch_init(d, prec);
    return GDT_OK;
}

void
gdt_ball_thread_cleanup(void)
{
    const gdt_ball_module *m = loaded();

    /* a thread of a process that never loaded Arb has nothing of it */
    if (m != NULL)
        m->thread_cleanup();
}

gdt_status
gdt_ball_set_prec(gdt_domain *d, mpfr_prec_t prec)
{
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX)
        return GDT_EVALUE;
    d->prec = prec;
    mpfr_set_prec(d->tf, prec);
    return GDT_OK;
}

/* a ball domain exists only once the module is loaded */
gdt_status
gdt_ball_get_ends(mpq_t lo, mpq_t hi, const gdt_val *a, gdt_domain *d)
{
    const gdt_ball_module *m = loaded();

    return m != NULL ? m->get_ends(lo, hi, a, d) : GDT_EUNAVAILABLE;
}

gdt_status
gdt_ball_set_ends(gdt_val *r, const mpq_t lo, const mpq_t hi, gdt_domain *d)
{
    const gdt_ball_module *m = loaded();

    return m != NULL ? m->set_ends(r, lo, hi, d) : GDT_EUNAVAILABLE;
}

gdt_status
gdt_ball_const_pi(gdt_val *r, gdt_domain *d)
{
    const gdt_ball_module *m = loaded();

    return m != NULL ? m->const_pi(r, d) : GDT_EUNAVAILABLE;
}
