/* cmd_boundary -- gdtrace boundary: a learning rate at which the outcome
   changes, to D proven digits (by bisection on certified outcomes), or
   exactly where the class of a quadratic loss changes (--on class) */
#include <stdio.h>
#include <string.h>
#include "cli_impl.h"
#include "gdtrace/analyze.h"
#include "gdtrace/boundary.h"
#include "gdtrace/decimal.h"

/* --on class: the class of a one-parameter quadratic loss changes only
   where 1 - lr h is 1, 0 or -1 (lr 0, 1/h, 2/h); the first of those in
   [A, B] at which it is no longer A's, exactly. */
static int
boundary_class(const gdt_opts_sweep *w)
{
    const mpq_t *a = (const mpq_t *)&w->axes[0].a, *b = (const mpq_t *)&w->axes[0].b;
    const char *ca, *cb, *cc;
    mpq_t c[3];
    int i, found = -1;
    gdt_buf t;

    if (!w->has_affine)
        return cli_bad_option("on", "'%s': the class is proven for a loss of one parameter "
                              "whose gradient is affine (a quadratic)", "class");
    ca = gdt_analyze_affine1_class(*a, w->affine.h[0], w->affine.g0[0]);
    cb = gdt_analyze_affine1_class(*b, w->affine.h[0], w->affine.g0[0]);
    if (strcmp(ca, cb) == 0) {
        fprintf(stderr, "%s: --lr: '%s': both ends have the class '%s': no change to "
                "find\n", progname, w->text[0], ca);
        return EXIT_USAGE;
    }
    for (i = 0; i < 3; i++) {
        mpq_init(c[i]);
        if (mpq_sgn(w->affine.h[0]) != 0) {
            mpq_set_ui(c[i], (unsigned long)i, 1);
            mpq_div(c[i], c[i], w->affine.h[0]);
        }
    }
    /* 0, 1/h, 2/h ascending (h > 0) or descending (h < 0) */
    for (i = 0; i < 3 && found < 0; i++) {
        int j = mpq_sgn(w->affine.h[0]) < 0 ? 2 - i : i;
        if (mpq_cmp(c[j], *a) < 0 || mpq_cmp(c[j], *b) > 0)
            continue;
        cc = gdt_analyze_affine1_class(c[j], w->affine.h[0], w->affine.g0[0]);
        if (strcmp(cc, ca) != 0 || mpq_equal(c[j], *a))
            found = j;
    }
    gdt_buf_init(&t);
    if (found >= 0 && gdt_q_get_str(&t, c[found]) == GDT_OK) {
        /* the class just above: at the midpoint of the point and the next
           of 0, 1/h, 2/h above it (or B), between which it is constant */
        mpq_t next, mid;
        mpq_inits(next, mid, (mpq_ptr)0);
        mpq_set(next, *b);
        for (i = 0; i < 3; i++)
            if (mpq_cmp(c[i], c[found]) > 0 && mpq_cmp(c[i], next) < 0)
                mpq_set(next, c[i]);
        mpq_add(mid, c[found], next);
        mpq_div_2exp(mid, mid, 1);
        printf("lr        %s  (exactly)\n", t.s);
        printf("below     %s\n", mpq_equal(c[found], *a) ? "-" : ca);
        printf("at        %s\n",
               gdt_analyze_affine1_class(c[found], w->affine.h[0], w->affine.g0[0]));
        printf("above     %s\n", mpq_equal(c[found], *b) ? "-"
               : gdt_analyze_affine1_class(mid, w->affine.h[0], w->affine.g0[0]));
        mpq_clears(next, mid, (mpq_ptr)0);
    }
    gdt_buf_clear(&t);
    for (i = 0; i < 3; i++)
        mpq_clear(c[i]);
    return 0;
}

/* T's decimal (gdt_q_get_str_n's, trailing zeros stripped) padded with
   zeros to DIGITS significant digits: a proven trailing 0 is printed. */
static void
put_digits(const char *t, size_t digits)
{
    const char *e = strpbrk(t, "eE"), *p;
    size_t n = 0, len = e != NULL ? (size_t)(e - t) : strlen(t);
    int lead = 1, dot = memchr(t, '.', len) != NULL;

    for (p = t; p < t + len; p++) {
        if (*p < '0' || *p > '9')
            continue;
        if (*p != '0')
            lead = 0;
        n += !lead;
    }
    printf("%.*s%s", (int)len, t, n < digits && !dot ? "." : "");
    for (; n < digits; n++)
        putchar('0');
    fputs(e != NULL ? e : "", stdout);
}

int
cli_cmd_boundary(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_opts_sweep w;
    gdt_boundary_result res;
    gdt_error err;
    gdt_status st;
    mpq_t lo, hi;
    gdt_buf t;
    size_t digits = s->numfmt.kind == GDT_DIGITS_N ? (size_t)s->numfmt.n : 17;
    int rc;

    gdt_error_clear(&err);
    st = gdt_opts_sweep_init(&w, s, ss, o, cli_run_opts.stop, &err);
    if ((rc = cli_opts_failed(s, st, &err)) != 0)
        goto out;
    if (w.naxes != 1 || w.axes[0].target != GDT_SWEEP_LR || s->set[GDT_OPT_GRID] != NULL) {
        rc = cli_bad_option("lr", "'%s': boundary bisects along --lr A:B alone (no --grid)",
                            s->lr);
        goto out;
    }
    if (s->boundary_on_class) {
        rc = boundary_class(&w);
        goto out;
    }
    mpq_inits(lo, hi, (mpq_ptr)0);
    mpq_set(lo, w.axes[0].a);
    mpq_set(hi, w.axes[0].b);
    st = gdt_boundary_bisect(lo, hi, &w.so, digits, &res, &err);
    gdt_buf_init(&t);
    if (st == GDT_OK && (st = gdt_q_get_str_n(&t, lo, (int)digits)) == GDT_OK) {
        fputs("lr        ", stdout);
        put_digits(t.s, digits);
        printf("  (%zu digits, proven)\n", digits);
        printf("below     %s at step %lu\n", gdt_outcome_str(res.below), res.step_below);
        printf("above     %s at step %lu\n", gdt_outcome_str(res.above), res.step_above);
        printf("bisections %lu\n", res.bisections);
    } else if (st != GDT_OK) {
        fprintf(stderr, "%s: boundary: %s\n", progname, err.msg);
        rc = st == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    }
    gdt_buf_clear(&t);
    mpq_clears(lo, hi, (mpq_ptr)0);
out:
    gdt_opts_sweep_clear(&w);
    return rc;
}
