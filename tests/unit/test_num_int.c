/* test_num_int -- the wrapping integer domains (int8, int16, int32, int64),
   as NumPy's and PyTorch's integer tensors wrap: checked on tables of
   cases, against GMP's exact integers reduced modulo 2^width, and against
   the notes' int64 run as NumPy computed it.  Failures print got, want and
   every input.  Under valgrind the random counts are cut. */
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace/num.h"
#include "testutil.h"

static gdt_buf out, out2; /* texts under test */

/* random counts are divided by this under valgrind */
static long slow = 1;

static const char *const int_names[4] = {"int8", "int16", "int32", "int64"};

static void
test_int_cases(void **state)
{
    static const struct {
        const char *dom; enum op op; const char *a, *b, *c; long n;
        gdt_status st; const char *want; unsigned flags;
    } t[] = {
        {"int8", OP_ADD, "127", "1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_ADD, "100", "27", "0", 0, GDT_OK, "127", 0},
        {"int8", OP_ADD, "-128", "-1", "0", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_SUB, "-128", "1", "0", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_SUB, "-1", "127", "0", 0, GDT_OK, "-128", 0},
        {"int8", OP_SUB, "0", "-128", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "-128", "-1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "16", "8", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "-16", "8", "0", 0, GDT_OK, "-128", 0},
        {"int8", OP_MUL, "100", "100", "0", 0, GDT_OK, "16", GDT_FLAG_OVERFLOW},
        {"int8", OP_NEG, "-128", "0", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_NEG, "127", "0", "0", 0, GDT_OK, "-127", 0},
        {"int8", OP_DIV, "-128", "-1", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_DIV, "6", "3", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_POW, "3", "0", "0", 5, GDT_OK, "-13", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "2", "0", "0", 7, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "-2", "0", "0", 7, GDT_OK, "-128", 0},
        {"int8", OP_POW, "2", "0", "0", 8, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "0", "0", "0", 0, GDT_OK, "1", 0},
        {"int8", OP_POW, "-1", "0", "0", LONG_MAX, GDT_OK, "-1", 0},
        {"int8", OP_POW, "2", "0", "0", -1, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_POW, "1", "0", "0", -1, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_FMS, "-128", "1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "10", "-3", "100", 0, GDT_OK, "-126",
         GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "-128", "-1", "-1", 0, GDT_OK, "127",
         GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "16", "16", "127", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "2", "64", "-1", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "1", "1", "1", 0, GDT_OK, "0", 0},
        {"int8", OP_FMS, "-1", "128", "0", 0, GDT_ERANGE, NULL, 0},
        {"int16", OP_ADD, "32767", "1", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_MUL, "256", "256", "0", 0, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int16", OP_MUL, "-32768", "-1", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_POW, "181", "0", "0", 2, GDT_OK, "32761", 0},
        {"int16", OP_POW, "182", "0", "0", 2, GDT_OK, "-32412",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_NEG, "-32768", "0", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_ADD, "2147483647", "1", "0", 0, GDT_OK, "-2147483648",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_MUL, "65536", "65536", "0", 0, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_MUL, "-2147483648", "-1", "0", 0, GDT_OK, "-2147483648",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_POW, "3", "0", "0", 21, GDT_OK, "1870418611",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_POW, "-2", "0", "0", 31, GDT_OK, "-2147483648", 0},
        {"int32", OP_DIV, "-2147483648", "-1", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int64", OP_ADD, "9223372036854775807", "1", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_SUB, "-9223372036854775808", "1", "0", 0, GDT_OK,
         "9223372036854775807", GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "-9223372036854775808", "-1", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "4294967296", "4294967296", "0", 0, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "-4294967296", "2147483648", "0", 0, GDT_OK,
         "-9223372036854775808", 0},
        {"int64", OP_NEG, "-9223372036854775808", "0", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_DIV, "-9223372036854775808", "-1", "0", 0, GDT_EDOMAIN,
         NULL, 0},
        {"int64", OP_POW, "3", "0", "0", 40, GDT_OK, "-6289078614652622815",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "7", "0", "0", 30, GDT_OK, "1576789505350337489",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "-3", "0", "0", 41, GDT_OK, "420491770248316829",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "10", "0", "0", 20, GDT_OK, "7766279631452241920",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "10", "0", "0", 18, GDT_OK, "1000000000000000000", 0},
        {"int64", OP_POW, "-2", "0", "0", 63, GDT_OK, "-9223372036854775808", 0},
        {"int64", OP_POW, "2", "0", "0", 63, GDT_OK, "-9223372036854775808",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "2", "0", "0", 64, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "2", "0", "0", LONG_MAX, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "-9223372036854775808", "-9223372036854775808",
         "0", 0, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "-1", "9223372036854775807", "-9223372036854775808",
         0, GDT_OK, "-1", 0},
        {"int64", OP_FMS, "1", "9223372036854775807", "-9223372036854775808",
         0, GDT_OK, "1", GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "3", "3", "9223372036854775807", 0, GDT_OK,
         "9223372036854775798", 0},
    };
    gdt_domain d;
    gdt_val a, b, c, r;
    mpq_t qa, qb, qc;
    size_t i;
    gdt_status st;
    gdt_numfmt f = {GDT_DIGITS_EXACT, 0, 0};

    (void)state;
    mpq_inits(qa, qb, qc, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, t[i].dom), GDT_OK);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        q_of(qa, t[i].a);
        q_of(qb, t[i].b);
        q_of(qc, t[i].c);
        st = d.ops->set_q(&a, qa, &d);
        if (st == GDT_OK)
            st = d.ops->set_q(&b, qb, &d);
        if (st == GDT_OK)
            st = d.ops->set_q(&c, qc, &d);
        if (st == GDT_OK)
            st = do_op(&d, t[i].op, &r, &a, &b, &c, t[i].n);
        gdt_buf_reset(&out);
        if (st == GDT_OK)
            assert_int_equal(d.ops->get_str(&out, &r, &f, &d), GDT_OK);
        if (st != t[i].st || d.flags != (st == GDT_OK ? t[i].flags : 0)
            || (st == GDT_OK && strcmp(out.s, t[i].want) != 0)) {
            printf("%s %s wrong\n  a %s  b %s  c %s  n %ld\n", t[i].dom,
                   op_name[t[i].op], t[i].a, t[i].b, t[i].c, t[i].n);
            printf("  got  status %d \"%s\" flags %u\n", st, out.s, d.flags);
            printf("  want status %d \"%s\" flags %u\n", t[i].st,
                   t[i].want ? t[i].want : "", t[i].flags);
            failures++;
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    mpq_clears(qa, qb, qc, NULL);
    check_failures();
}

/* A random value of width W, as an exact integer: edges, small, any. */
static void
random_int(mpz_t z, int w)
{
    switch (rng() % 4) {
    case 0: /* -2^(w-1), 2^(w-1) - 1 and their neighbours */
        mpz_set_ui(z, 1);
        mpz_mul_2exp(z, z, (mp_bitcnt_t)w - 1);
        mpz_sub_ui(z, z, rng() % 3);
        if (rng() % 2)
            mpz_neg(z, z);
        else
            mpz_sub_ui(z, z, 1);
        break;
    case 1:
        mpz_set_si(z, (long)(rng() % 11) - 5);
        break;
    default:
        mpz_set_ui(z, (unsigned long)(rng() >> (1 + rng() % 63)));
        mpz_tdiv_r_2exp(z, z, (mp_bitcnt_t)w - 1);
        if (rng() % 2)
            mpz_neg(z, z);
        break;
    }
}

static void
test_int_random(void **state)
{
    /* every operation against GMP's exact integers reduced modulo 2^w,
       and the flag against the exact result's range */
    gdt_domain d;
    gdt_val a, b, c, r;
    mpz_t za, zb, zc, exact, want, lim;
    mpq_t q;
    int iw, w, k, op, wrapped;
    long n = 0;
    gdt_status st;

    (void)state;
    mpz_inits(za, zb, zc, exact, want, lim, NULL);
    mpq_init(q);
    for (iw = 0; iw < 4; iw++) {
        assert_int_equal(gdt_domain_init_int(&d, int_names[iw]), GDT_OK);
        w = (int)d.prec;
        assert_int_equal(w, 8 << iw);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        for (k = 0; k < 50000 / slow; k++) {
            random_int(za, w);
            random_int(zb, w);
            random_int(zc, w);
            mpq_set_z(q, za);
            assert_int_equal(d.ops->set_q(&a, q, &d), GDT_OK);
            mpq_set_z(q, zb);
            assert_int_equal(d.ops->set_q(&b, q, &d), GDT_OK);
            mpq_set_z(q, zc);
            assert_int_equal(d.ops->set_q(&c, q, &d), GDT_OK);
            op = (int)(rng() % 7);
            if (op == OP_DIV)
                op = OP_SET;
            n = (long)(rng() % 70);
            switch (op) {
            case OP_ADD: mpz_add(exact, za, zb); break;
            case OP_SUB: mpz_sub(exact, za, zb); break;
            case OP_MUL: mpz_mul(exact, za, zb); break;
            case OP_NEG: mpz_neg(exact, za); break;
            case OP_SET: mpz_set(exact, za); break;
            case OP_POW: mpz_pow_ui(exact, za, (unsigned long)n); break;
            case OP_FMS:
                mpz_mul(exact, za, zb);
                mpz_sub(exact, zc, exact);
                break;
            }
            /* wrap: the residue in [-2^(w-1), 2^(w-1)) */
            mpz_fdiv_r_2exp(want, exact, (mp_bitcnt_t)w);
            if (mpz_tstbit(want, (mp_bitcnt_t)w - 1)) {
                mpz_set_ui(lim, 1);
                mpz_mul_2exp(lim, lim, (mp_bitcnt_t)w);
                mpz_sub(want, want, lim);
            }
            wrapped = mpz_cmp(want, exact) != 0;
            d.flags = 0;
            st = do_op(&d, (enum op)op, &r, &a, &b, &c, n);
            assert_int_equal(st, GDT_OK);
            assert_int_equal(d.ops->get_q(q, &r, &d), GDT_OK);
            if (mpz_cmp(mpq_numref(q), want) != 0
                || d.flags != (wrapped ? GDT_FLAG_OVERFLOW : 0u)) {
                printf("%s %s wrong\n", d.name, op_name[op]);
                gmp_printf("  a %Zd  b %Zd  c %Zd  n %ld\n", za, zb, zc, n);
                gmp_printf("  got  %Qd flags %u\n  want %Zd flags %u\n", q,
                           d.flags, want, wrapped ? GDT_FLAG_OVERFLOW : 0u);
                failures++;
                if (failures > 20)
                    break;
            }
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    mpq_clear(q);
    mpz_clears(za, zb, zc, exact, want, lim, NULL);
    check_failures();
}

static void
test_int_set_q_get_str(void **state)
{
    static const struct {
        const char *dom, *in; gdt_status st;
    } lit[] = {
        {"int8", "127", GDT_OK}, {"int8", "-128", GDT_OK},
        {"int8", "128", GDT_ERANGE}, {"int8", "-129", GDT_ERANGE},
        {"int8", "200", GDT_ERANGE}, {"int8", "1.5", GDT_EDOMAIN},
        {"int8", "2.0", GDT_OK}, {"int8", "1/3", GDT_EDOMAIN},
        {"int8", "1e2", GDT_OK}, {"int8", "1e3", GDT_ERANGE},
        {"int8", "-0", GDT_OK}, {"int16", "32767", GDT_OK},
        {"int16", "-32769", GDT_ERANGE}, {"int16", "65536", GDT_ERANGE},
        {"int32", "2147483648", GDT_ERANGE},
        {"int32", "-2147483648", GDT_OK},
        {"int64", "9223372036854775807", GDT_OK},
        {"int64", "9223372036854775808", GDT_ERANGE},
        {"int64", "-9223372036854775808", GDT_OK},
        {"int64", "-9223372036854775809", GDT_ERANGE},
        {"int64", "1e30", GDT_ERANGE}, {"int64", "0.1", GDT_EDOMAIN},
        {"int64", "-36893488147419103232", GDT_ERANGE},
    };
    static const struct {
        const char *dom, *in; gdt_digits_kind kind; int n, python;
        gdt_status st; const char *want;
    } txt[] = {
        {"int8", "-128", GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "-128"},
        {"int8", "0", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "0"},
        {"int16", "-7", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "-7"},
        {"int32", "2147483647", GDT_DIGITS_EXACT, 0, 0, GDT_OK, "2147483647"},
        {"int64", "-9223372036854775808", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK,
         "-9223372036854775808"},
        {"int64", "-9223372036854775808", GDT_DIGITS_N, 3, 0, GDT_OK,
         "-9.22e+18"},
        {"int64", "123456", GDT_DIGITS_N, 6, 0, GDT_OK, "123456"},
        {"int64", "123456", GDT_DIGITS_N, 2, 0, GDT_OK, "1.2e+05"},
        {"int64", "5", GDT_DIGITS_N, 0, 0, GDT_EVALUE, ""},
        {"int64", "5", GDT_DIGITS_HEX, 0, 0, GDT_EDOMAIN, ""},
    };
    gdt_domain d;
    gdt_val x, y;
    mpq_t q, back;
    size_t i;
    gdt_status st;
    gdt_numfmt f;

    (void)state;
    mpq_inits(q, back, NULL);
    for (i = 0; i < sizeof lit / sizeof lit[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, lit[i].dom), GDT_OK);
        d.ops->init(&x, &d);
        q_of(q, lit[i].in);
        st = d.ops->set_q(&x, q, &d);
        if (st != lit[i].st
            || (st == GDT_OK && (d.ops->get_q(back, &x, &d) != GDT_OK
                                 || !mpq_equal(back, q)))) {
            printf("%s set_q wrong\n  input %s\n  got  status %d\n"
                   "  want status %d\n", lit[i].dom, lit[i].in, st, lit[i].st);
            failures++;
        }
        assert_int_equal(d.flags, 0);
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    for (i = 0; i < sizeof txt / sizeof txt[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, txt[i].dom), GDT_OK);
        d.ops->init(&x, &d);
        q_of(q, txt[i].in);
        assert_int_equal(d.ops->set_q(&x, q, &d), GDT_OK);
        f.kind = txt[i].kind;
        f.n = txt[i].n;
        f.python = txt[i].python;
        gdt_buf_reset(&out);
        st = d.ops->get_str(&out, &x, &f, &d);
        if (st != txt[i].st || strcmp(out.s ? out.s : "", txt[i].want) != 0) {
            report("int get_str", out.s ? out.s : "", txt[i].want);
            printf("  %s input %s  kind %d  n %d  status %d\n", txt[i].dom,
                   txt[i].in, txt[i].kind, txt[i].n, st);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    /* identical, is_zero, init */
    assert_int_equal(gdt_domain_init_int(&d, "int32"), GDT_OK);
    assert_string_equal(d.ops->kind, "int");
    assert_string_equal(d.name, "int32");
    d.ops->init(&x, &d);
    d.ops->init(&y, &d);
    assert_true(d.ops->is_zero(&x, &d));
    assert_true(d.ops->identical(&x, &y, &d));
    mpq_set_si(q, -5, 1);
    assert_int_equal(d.ops->set_q(&y, q, &d), GDT_OK);
    assert_false(d.ops->identical(&x, &y, &d));
    assert_false(d.ops->is_zero(&y, &d));
    assert_int_equal(d.ops->set(&x, &y, &d), GDT_OK);
    assert_true(d.ops->identical(&x, &y, &d));
    d.ops->clear(&x, &d);
    d.ops->clear(&y, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_int(&d, "int128"), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_int(&d, "uint8"), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_int(&d, "int"), GDT_EVALUE);
    mpq_clears(q, back, NULL);
    check_failures();
}

/* The notes' run in int64 (loss (w-1)^2 + 2, grad 2*(w-1), lr 10, w0 2),
   as NumPy 1.24 computed it (tests/golden notes_lr10_int64): w and the
   loss at w, steps 0 to 50. */
static const char *const notes_w[] = {
    "2", "-18", "362", "-6858", "130322", "-2476098", "47045882",
    "-893871738", "16983563042", "-322687697778", "6131066257802",
    "-116490258898218", "2213314919066162", "-42052983462257058",
    "799006685782884122", "3265617043834753318", "-6706491611731658174",
    "-1703867893065355986", "-4519998179177339478", "-6353754964178307978",
    "-8405864196579009710", "-6309276928384780034", "9195797197053510970",
    "-8699450080630743866", "-731145131401831070", "-4554986577074761266",
    "-5688975404127294006", "-2589931763838723562", "-6131528708192907150",
    "5818581013407926174", "127425187506712410", "-2421078562627535770",
    "9107004542504076418", "-7012389644191487378", "4108194723671398890",
    "-4268723454918372426", "7318769348610869650", "8517334966069889598",
    "4191332308058062202", "-5848337558264975354", "437949164777222050",
    "-8321034130767218930", "-7921048178808804854", "2925962807690879318",
    "-253061124998052174", "4808161374962991326", "878654244250922906",
    "1752313432942016422", "3599532921520791234", "5395850785943173038",
    "8159299509337021994",
};
static const char *const notes_loss[] = {
    "3", "363", "130323", "47045883", "16983563043", "6131066257803",
    "2213314919066163", "799006685782884123", "-6706491611731658173",
    "-4519998179177339477", "-8405864196579009709", "9195797197053510971",
    "-731145131401831069", "-5688975404127294005", "-6131528708192907149",
    "127425187506712411", "9107004542504076419", "4108194723671398891",
    "7318769348610869651", "4191332308058062203", "437949164777222051",
    "-7921048178808804853", "-253061124998052173", "878654244250922907",
    "3599532921520791235", "8159299509337021995", "-5971928922863319085",
    "2402715470359348667", "383313335375942115", "-9197838518961310133",
    "-5772077313667853", "-2083719910234095653", "4093619427583084803",
    "2057087460729483883", "4738810374961616403", "-4836653493844779525",
    "6408775724441994275", "7725027309865980555", "3276503731476685619",
    "2226226345672204315", "-7989028455554514109", "-6347196956489541973",
    "-3941836152740252589", "-2603557463595710917", "899703401135490659",
    "-7248465516859801909", "2741606880367839603", "-6404096167525691301",
    "-6035707263080608381", "-2174521274372535573", "8207815121025376915",
};

static void
test_int_notes_run(void **state)
{
    gdt_domain d;
    gdt_val w, lr, one, two, cst, t, s, loss, g, m;
    gdt_val *all[] = {&w, &lr, &one, &two, &cst, &t, &s, &loss, &g, &m};
    mpq_t q;
    size_t i;
    int k, fused;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 1};

    (void)state;
    assert_int_equal(sizeof notes_w / sizeof notes_w[0], 51);
    mpq_init(q);
    for (fused = 0; fused < 2; fused++) {
        assert_int_equal(gdt_domain_init_int(&d, "int64"), GDT_OK);
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            d.ops->init(all[i], &d);
        q_of(q, "10");
        assert_int_equal(d.ops->set_q(&lr, q, &d), GDT_OK);
        q_of(q, "1");
        assert_int_equal(d.ops->set_q(&one, q, &d), GDT_OK);
        q_of(q, "2");
        assert_int_equal(d.ops->set_q(&two, q, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&cst, q, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&w, q, &d), GDT_OK);
        for (k = 0; k <= 50; k++) {
            /* loss = (w-1)^2 + 2, g = 2*(w-1) */
            assert_int_equal(d.ops->sub(&t, &w, &one, &d), GDT_OK);
            assert_int_equal(d.ops->pow_si(&s, &t, 2, &d), GDT_OK);
            assert_int_equal(d.ops->add(&loss, &s, &cst, &d), GDT_OK);
            assert_int_equal(d.ops->mul(&g, &two, &t, &d), GDT_OK);
            gdt_buf_reset(&out);
            assert_int_equal(d.ops->get_str(&out, &w, &f, &d), GDT_OK);
            gdt_buf_reset(&out2);
            assert_int_equal(d.ops->get_str(&out2, &loss, &f, &d), GDT_OK);
            if (strcmp(out.s, notes_w[k]) != 0
                || strcmp(out2.s, notes_loss[k]) != 0) {
                printf("int64 notes run wrong at step %d (%s)\n", k,
                       fused ? "fms" : "sub");
                printf("  got  w %s loss %s\n  want w %s loss %s\n", out.s,
                       out2.s, notes_w[k], notes_loss[k]);
                failures++;
                break;
            }
            if (fused) {
                assert_int_equal(d.ops->fms(&w, &w, &lr, &g, &d), GDT_OK);
            } else {
                assert_int_equal(d.ops->mul(&m, &lr, &g, &d), GDT_OK);
                assert_int_equal(d.ops->sub(&w, &w, &m, &d), GDT_OK);
            }
        }
        /* it wrapped on the way */
        assert_true(d.flags & GDT_FLAG_OVERFLOW);
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            d.ops->clear(all[i], &d);
        gdt_domain_clear(&d);
    }
    mpq_clear(q);
    check_failures();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_cases),
        cmocka_unit_test(test_int_random),
        cmocka_unit_test(test_int_set_q_get_str),
        cmocka_unit_test(test_int_notes_run),
    };
    int rc;

    if (!native_rounding_works())
        slow = 100; /* valgrind */
    gdt_buf_init(&out);
    gdt_buf_init(&out2);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    gdt_buf_clear(&out);
    gdt_buf_clear(&out2);
    mpfr_free_cache();
    return rc;
}
