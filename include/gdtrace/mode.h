/* gdtrace/mode.h -- number modes by name: the registry of domains */
#ifndef GDTRACE_MODE_H
#define GDTRACE_MODE_H

#include <mpfr.h>
#include "gdtrace/num.h"
#include "gdtrace/status.h"

/* What a mode is, for the options that apply to it. */
typedef enum gdt_mode_class {
    GDT_MODE_EXACT,  /* exact: GMP, never rounded */
    GDT_MODE_MPFR,   /* mpfr: any precision (--prec), any rounding */
    GDT_MODE_IEEE,   /* an IEEE 754 binary format emulated on MPFR */
    GDT_MODE_NATIVE, /* the machine's float or double */
    GDT_MODE_INT     /* wrapping two's-complement integers */
} gdt_mode_class;

/* The class of mode NAME (aliases included); -1 when NAME is no mode. */
int gdt_mode_class_of(const char *name);

/* The name an alias stands for ("binary64" for "double" and "float64"),
   NAME itself when it is no alias; NULL when NAME is no mode.  Two names
   are the same mode when their canonical names are equal. */
const char *gdt_mode_canonical(const char *name);

/* The names of all modes, as one line for help and error messages:
   "exact, mpfr, binary16 (half, float16), ...". */
const char *gdt_mode_names(void);

/* The I-th IEEE format of the mode table by its canonical name, narrowest
   first: "binary16", "bfloat16", "binary32", "binary64", "binary128";
   NULL past the last. */
const char *gdt_mode_ieee_format(size_t i);

/* Set D up for mode NAME.  PREC applies to mpfr only; RND to every rounded
   mode (native modes have no A, away from zero: GDT_EVALUE).  GDT_EVALUE
   for an unknown name.  Clear D with gdt_domain_clear in every case (num.h). */
gdt_status gdt_domain_init_mode(gdt_domain *d, const char *name, mpfr_prec_t prec,
                                mpfr_rnd_t rnd) GDT_MUST_CHECK;

#endif
