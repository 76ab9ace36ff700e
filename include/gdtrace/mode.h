/* gdtrace/mode.h -- number modes by name: the registry of domains */
#ifndef GDTRACE_MODE_H
#define GDTRACE_MODE_H

#include <stddef.h>
#include <mpfr.h>
#include "gdtrace/num.h"
#include "gdtrace/status.h"

/* What a mode is, for the options that apply to it. */
typedef enum gdt_mode_class {
    GDT_MODE_EXACT,  /* exact: GMP, never rounded */
    GDT_MODE_MPFR,   /* mpfr: any precision (--prec), any rounding */
    GDT_MODE_IEEE,   /* an IEEE 754 binary format emulated on MPFR (on
                        doubles up to binary32, the same results) */
    GDT_MODE_NATIVE, /* the machine's float or double */
    GDT_MODE_INT,    /* wrapping two's-complement integers */
    GDT_MODE_BALL    /* certified: the exact-real value as Arb balls
                        (compare --modes only; run and sweep say
                        --certify) */
} gdt_mode_class;

/* A mode: the one registry of names, aliases and formats that parsing,
   --help, the error messages and the domains read. */
typedef struct gdt_mode {
    const char *name;     /* the canonical name: "binary64" */
    const char *alias[2]; /* its other names ("double", "float64"), NULL
                             when fewer */
    gdt_mode_class cls;
    mpfr_prec_t prec;     /* IEEE and native: the format's precision p,
                             the hidden bit included; int: the width in
                             bits; 0 for exact and mpfr */
    mpfr_exp_t emax;      /* IEEE and native: the format's largest exponent
                             E (IEEE 754's emax; emin = 1 - E) */
    const char *format;   /* native: the IEEE format it computes in
                             ("binary64"); NULL for the others */
} gdt_mode;

/* The mode named NAME or one of its aliases; NULL when NAME is no mode. */
const gdt_mode *gdt_mode_find(const char *name);

/* The I-th IEEE format (GDT_MODE_IEEE), in the order help lists them:
   binary16, bfloat16, binary32, binary64, binary128; NULL when I is past
   the last. */
const gdt_mode *gdt_mode_ieee(size_t i);

/* The class of mode NAME (aliases included); -1 when NAME is no mode. */
int gdt_mode_class_of(const char *name);

/* The name an alias stands for ("binary64" for "double" and "float64"),
   NAME itself when it is no alias; NULL when NAME is no mode.  Two names
   are the same mode when their canonical names are equal. */
const char *gdt_mode_canonical(const char *name);

/* The size of the text gdt_mode_names writes, its NUL included, at most. */
#define GDT_MODE_NAMES_SIZE 256

/* Write the names of the modes of --mode (all but certified) to OUT as
   one line for help and error
   messages, "exact, mpfr, binary16 (half, float16), ...", and return OUT. */
const char *gdt_mode_names(char out[GDT_MODE_NAMES_SIZE]);

/* The same for the modes of class CLS (a gdt_mode_class) only, in the
   registry's order: "int8, int16, int32, int64" for GDT_MODE_INT; all
   modes when CLS is -1. */
const char *gdt_mode_names_of(int cls, char out[GDT_MODE_NAMES_SIZE]);

/* Set D up for mode NAME.  PREC applies to mpfr only; RND to every rounded
   mode (native modes have no A, away from zero: GDT_EVALUE).  GDT_EVALUE
   for an unknown name.  Clear D with gdt_domain_clear in every case (num.h).
   binary16, bfloat16 and binary32 compute on the machine's doubles (values
   in gdt_val.d), with the results and flags of gdt_domain_init_ieee's
   emulation (values in gdt_val.f). */
gdt_status gdt_domain_init_mode(gdt_domain *d, const char *name, mpfr_prec_t prec,
                                mpfr_rnd_t rnd) GDT_MUST_CHECK;

#endif
