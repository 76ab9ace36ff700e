/* vec -- arrays of GMP integers and rationals, and of strings */
#include <stdint.h>
#include <stdlib.h>
#include "base/vec.h"

/* gdt_zvec_new and gdt_zvec_free, and their rational twins: an array of N
   values of type T, each set up by INIT and released by CLEAR. */
#define DEFINE_VEC(new, free_, T, INIT, CLEAR)                                 \
    T *                                                                        \
    new(size_t n)                                                              \
    {                                                                          \
        T *v;                                                                  \
        size_t i;                                                              \
                                                                               \
        if (n == 0 || n > SIZE_MAX / sizeof(T))                                \
            return NULL;                                                       \
        v = malloc(n * sizeof(T));                                             \
        if (v != NULL)                                                         \
            for (i = 0; i < n; i++)                                            \
                INIT(v[i]);                                                    \
        return v;                                                              \
    }                                                                          \
                                                                               \
    void                                                                       \
    free_(T *v, size_t n)                                                      \
    {                                                                          \
        size_t i;                                                              \
                                                                               \
        if (v == NULL)                                                         \
            return;                                                            \
        for (i = 0; i < n; i++)                                                \
            CLEAR(v[i]);                                                       \
        free(v);                                                               \
    }

DEFINE_VEC(gdt_zvec_new, gdt_zvec_free, mpz_t, mpz_init, mpz_clear)
DEFINE_VEC(gdt_qvec_new, gdt_qvec_free, mpq_t, mpq_init, mpq_clear)

void
gdt_strv_free(char **v, size_t n)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
