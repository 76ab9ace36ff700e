/* recipe.h -- the stepper's recipes of mixed-precision training: master
   weights and Kahan's compensated update (private to src/run; gd.c's
   hooks call it) */
#ifndef GDT_RUN_RECIPE_H
#define GDT_RUN_RECIPE_H

#include "gdtrace/gd.h"

/* What a stepper following a recipe holds beyond its registers. */
typedef struct gdt_recipe {
    /* master weights (HAS_MASTER): the parameters in MDOM, with lr
       rounded once into it; UD is the domain the update is computed in
       (&MDOM, or the stepper's own without a master) */
    int has_master;
    char master_name[32];
    gdt_domain mdom;
    gdt_domain *ud;
    gdt_domain *sd;     /* the stepper's own */
    gdt_val *w;         /* the master copy of each parameter */
    gdt_val *lr;        /* lr_i in MDOM */
    gdt_val *next;      /* scratch: the new values */
    gdt_val g, tmp, y, t;
    gdt_val inf_m, inf_d; /* +inf in MDOM and in the stepper's domain,
                           for the conversions of inf and nan */
    mpfr_t x;           /* a conversion's value, exactly */
    mpq_t q;
    /* --update kahan: the compensation term of each parameter, in UD */
    gdt_val *comp;
    /* --loss-scale (LS.on): S = 2^ls_exp, the growth tracker, whether the
       evaluated step's update is skipped; the unscaled partials (GM, in
       MDOM); S and 1/S in MDOM, S in the stepper's domain; the program's
       seed registers (dloss); the scale part of the states kept for
       --stop stall (PREV_X) and cycle (SAVED_X) */
    gdt_loss_scale ls;
    long ls_exp;
    unsigned long ls_tracker;
    int ls_skip;
    gdt_val *gm;
    gdt_val scale_m, inv_m, seed_d;
    size_t *seed_regs, nseed;
    long prev_x[2], saved_x[2];
    size_t n;
    int ready;
} gdt_recipe;

/* Set up S's recipe for --update kahan (S->update GDT_UPDATE_KAHAN)
   when S has none yet; from gdt_stepper_init. */
gdt_status gdt_recipe_kahan(gdt_stepper *s, gdt_error *err) GDT_MUST_CHECK;

/* The update of a stepper with a recipe: gdt_stepper_update's new
   parameters (and master copies, compensation terms) from its
   evaluated step; the caller counts the step. */
gdt_status gdt_recipe_update(gdt_stepper *s) GDT_MUST_CHECK;

/* Loss scaling around an evaluation of S: the seed registers set to S
   before it (gdt_recipe_seed), the partials unscaled into the master
   format after it and the step marked skipped when one is inf or nan
   (gdt_recipe_unscale); nothing without loss scaling. */
gdt_status gdt_recipe_seed(gdt_stepper *s) GDT_MUST_CHECK;
gdt_status gdt_recipe_unscale(gdt_stepper *s) GDT_MUST_CHECK;

/* 1 when S scales its loss and its unscaled partial I is zero (the
   step not skipped), 0 when it is not; -1 without loss scaling. */
int gdt_recipe_zero(const gdt_stepper *s, size_t i);

/* The scale's part of S's state (the exponent, the tracker) into X[2],
   and whether it equals X's; always equal without loss scaling. */
void gdt_recipe_keep_x(const gdt_stepper *s, long *x);
int gdt_recipe_same_x(const gdt_stepper *s, const long *x);

/* The state a stall or a cycle is judged on: N values in DOM, value J
   gdt_recipe_state(s, j): the master copies (or the parameters), then
   the compensation terms. */
size_t gdt_recipe_state_n(const gdt_stepper *s);
gdt_domain *gdt_recipe_state_dom(const gdt_stepper *s);
const gdt_val *gdt_recipe_state(const gdt_stepper *s, size_t j);

/* Give replica T the recipe of S (the same master format). */
gdt_status gdt_recipe_copy(gdt_stepper *t, const gdt_stepper *s, gdt_error *err)
    GDT_MUST_CHECK;

void gdt_recipe_free(gdt_recipe *r);

/* An array of N values of D, initialised (NULL when out of memory), and
   its release (V may be NULL); for the recipes and the optimizers. */
gdt_val *gdt_vals_new(size_t n, gdt_domain *d);
void gdt_vals_free(gdt_val *v, size_t n, gdt_domain *d);

#endif
