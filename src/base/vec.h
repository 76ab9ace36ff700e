/* vec.h -- arrays of GMP integers and rationals, and of strings (not
   installed) */
#ifndef GDTRACE_VEC_H
#define GDTRACE_VEC_H

#include <stddef.h>
#include <gmp.h>

/* N new integers (rationals), all 0; NULL when out of memory or N == 0.
   Free with gdt_zvec_free (gdt_qvec_free), which accept NULL. */
mpz_t *gdt_zvec_new(size_t n);
void gdt_zvec_free(mpz_t *v, size_t n);
mpq_t *gdt_qvec_new(size_t n);
void gdt_qvec_free(mpq_t *v, size_t n);

/* Free the N strings of V and V itself; V may be NULL. */
void gdt_strv_free(char **v, size_t n);

#endif
