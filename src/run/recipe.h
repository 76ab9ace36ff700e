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
