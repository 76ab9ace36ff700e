/* vec -- arrays of GMP integers and rationals */
#include <stdint.h>
#include <stdlib.h>
#include "base/vec.h"

mpz_t *
gdt_zvec_new(size_t n)
{
    mpz_t *v;
    size_t i;

    if (n == 0 || n > SIZE_MAX / sizeof(mpz_t))
        return NULL;
    v = malloc(n * sizeof(mpz_t));
    if (v != NULL)
        for (i = 0; i < n; i++)
            mpz_init(v[i]);
    return v;
}

void
gdt_zvec_free(mpz_t *v, size_t n)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        mpz_clear(v[i]);
    free(v);
}

mpq_t *
gdt_qvec_new(size_t n)
{
    mpq_t *v;
    size_t i;

    if (n == 0 || n > SIZE_MAX / sizeof(mpq_t))
        return NULL;
    v = malloc(n * sizeof(mpq_t));
    if (v != NULL)
        for (i = 0; i < n; i++)
            mpq_init(v[i]);
    return v;
}

void
gdt_qvec_free(mpq_t *v, size_t n)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        mpq_clear(v[i]);
    free(v);
}
