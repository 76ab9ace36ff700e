/* test_opts -- the one option reader: (name, value) pairs into settings,
   the command's defaults, and its messages returned, never printed */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/sr.h"
#include "opts/opts.h"

/* Give S the option NAME with VALUE, the POS-th given. */
static gdt_status
give(gdt_opts *s, const char *name, const char *value, int pos, gdt_error *err)
{
    const gdt_opt_def *o = gdt_opts_find(name, strlen(name));

    assert_non_null(o);
    return gdt_opts_give(s, o, value, pos, err);
}

/* No option given: every default of the table, analyze's own where it has
   one, sweep's csv. */
static void
test_defaults(void **state)
{
    gdt_opts s;
    gdt_error err;

    (void)state;
    gdt_opts_init(&s, GDT_CMD_RUN);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
    assert_string_equal(s.loss, "(w-1)^2 + 2");
    assert_int_equal(mpq_cmp_ui(s.lr_q, 10, 1), 0);
    assert_string_equal(s.w0, "2");
    assert_int_equal(s.max_iter, 50);
    assert_string_equal(s.modes[0], "exact");
    assert_int_equal(s.prec, 53);
    assert_int_equal(s.format, GDT_FORMAT_TEXT);
    assert_int_equal(s.stop_on_zero, 1);
    assert_int_equal(s.every, 1);
    gdt_opts_clear(&s);

    gdt_opts_init(&s, GDT_CMD_ANALYZE);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
    assert_int_equal(s.max_iter, 1000);
    assert_int_equal(s.prec, 256);
    assert_string_equal(s.modes[0], "mpfr");
    assert_int_equal(s.roots.max_degree, 200);
    gdt_opts_clear(&s);

    gdt_opts_init(&s, GDT_CMD_SWEEP);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
    assert_int_equal(s.format, GDT_FORMAT_CSV);
    assert_int_equal(mpq_cmp_ui(s.escape, 10000000000000000UL, 1), 0);
    gdt_opts_clear(&s);
}

/* The later of two values is the option's; every --grad is kept. */
static void
test_given(void **state)
{
    gdt_opts s;
    gdt_error err;

    (void)state;
    gdt_opts_init(&s, GDT_CMD_COMPARE);
    assert_int_equal(give(&s, "max-iter", "7", 1, &err), GDT_OK);
    assert_int_equal(give(&s, "max-iter", "1e3", 2, &err), GDT_OK);
    assert_int_equal(give(&s, "grad", "w=2*w-2", 3, &err), GDT_OK);
    assert_int_equal(give(&s, "grad", "w=2*w", 4, &err), GDT_OK);
    assert_int_equal(give(&s, "modes", "binary32,double", 5, &err), GDT_OK);
    assert_int_equal(give(&s, "ref", "binary64", 6, &err), GDT_OK);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
    assert_int_equal(s.max_iter, 1000);
    assert_int_equal(s.ngrads, 2);
    assert_string_equal(s.grads[1], "w=2*w");
    assert_int_equal(s.nmodes, 2);
    assert_int_equal(s.ref, 1);
    assert_int_equal(s.argpos[GDT_OPT_REF], 6);
    gdt_opts_clear(&s);
}

/* A refusal is the command's message, after "gdtrace: ", in ERR. */
static void
test_messages(void **state)
{
    gdt_opts s;
    gdt_error err;

    (void)state;
    gdt_opts_init(&s, GDT_CMD_RUN);
    assert_int_equal(give(&s, "grid", "3", 1, &err), GDT_EVALUE);
    assert_string_equal(err.msg, "--grid: is not an option of this command");
    assert_int_equal(give(&s, "round", "Z", 1, &err), GDT_OK);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_EVALUE);
    assert_string_equal(gdt_opts_message(&s, &err),
                        "--round: applies to the float modes only (exact and integers "
                        "never round)");
    gdt_opts_clear(&s);

    gdt_opts_init(&s, GDT_CMD_RUN);
    assert_int_equal(give(&s, "max-iter", "1.5", 1, &err), GDT_OK);
    assert_int_equal(give(&s, "lr", "1/0", 2, &err), GDT_OK);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_EVALUE);
    assert_string_equal(err.msg, "--lr: '1/0' divides by zero"); /* lr comes first */
    gdt_opts_clear(&s);
}

/* A message longer than a gdt_error holds is kept whole. */
static void
test_long_message(void **state)
{
    gdt_opts s;
    gdt_error err;
    char v[2001], want[2100];

    (void)state;
    memset(v, '9', 1999);
    v[1999] = 'x';
    v[2000] = '\0';
    snprintf(want, sizeof want, "--w0: '%s' is not a number", v);
    gdt_opts_init(&s, GDT_CMD_RUN);
    assert_int_equal(give(&s, "loss", "w^2", 1, &err), GDT_OK);
    assert_int_equal(give(&s, "w0", v, 2, &err), GDT_OK);
    assert_int_equal(gdt_opts_check(&s, &err), GDT_OK); /* w0 waits for the problem */
    {
        gdt_session ss;
        gdt_session_opts o;

        memset(&ss, 0, sizeof ss);
        gdt_data_init(&ss.data);
        gdt_opts_session(&o, &s, NULL);
        assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_OK);
        assert_int_equal(gdt_opts_read_w0(&s, &ss.problem, &err), GDT_EVALUE);
        gdt_session_clear(&ss);
    }
    assert_int_equal(strlen(err.msg), GDT_ERRMSG_MAX - 1);
    assert_string_equal(gdt_opts_message(&s, &err), want);
    gdt_opts_clear(&s);
}

/* The recipes' refusals (issue 14): each a message naming the option. */
static void
test_recipe_refusals(void **state)
{
    static const struct {
        int cmd;
        const char *opt[3][2];  /* up to three options given */
        const char *want;
    } cases[] = {
        { GDT_CMD_RUN, { { "mode", "bfloat16" }, { "master", "binary16" } },
          "--master: 'binary16' has a smaller exponent range than mode bfloat16: a master "
          "holds every weight of the model" },
        { GDT_CMD_RUN, { { "mode", "binary32" }, { "master", "bfloat16" } },
          "--master: 'bfloat16' has fewer significand bits than mode binary32: a master holds "
          "every weight of the model" },
        { GDT_CMD_RUN, { { "mode", "exact" }, { "master", "binary32" } },
          "--master: 'binary32': mode exact never rounds, and master weights are for float "
          "modes" },
        { GDT_CMD_RUN, { { "mode", "int32" }, { "master", "binary32" } },
          "--master: 'binary32': mode int32 has integers, and master weights are for float "
          "modes" },
        { GDT_CMD_RUN, { { "mode", "mpfr" }, { "master", "binary128" } },
          "--master: 'binary128' has a smaller exponent range than mode mpfr: a master holds "
          "every weight of the model" },
        { GDT_CMD_RUN, { { "mode", "bfloat16" }, { "master", "int8" } },
          "--master: 'int8' is not an IEEE format (binary16, bfloat16, binary32, binary64, "
          "binary128, native-float, native-double)" },
        { GDT_CMD_RUN, { { "mode", "exact" }, { "update", "kahan" } },
          "--update: 'kahan' compensates roundings, and exact modes never round" },
        { GDT_CMD_RUN, { { "mode", "int64" }, { "update", "kahan" }, { "lr", "1" } },
          "--update: 'kahan' compensates roundings, and integer modes never round" },
        { GDT_CMD_COMPARE, { { "update", "kahan" } },
          "--update: 'kahan' compensates roundings, and exact modes never round (compare: "
          "MODE+kahan for one mode)" },
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+foo" } },
          "--modes: 'bfloat16+foo': '+foo' is not a recipe or an optimizer (+master32, "
          "+master64, +master128, +kahan, +sr, +sr-all, +scale, +sgd, +momentumM, "
          "+nesterovM, +adam, +adamw)" },
        /* stochastic rounding takes no master and no kahan (gdt_recipe_clash) */
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+sr+master32" } },
          "--modes: 'bfloat16+sr+master32': stochastic rounding and master weights do not "
          "combine (the master's update is rounded as --round says): take one of them" },
        { GDT_CMD_COMPARE, { { "modes", "exact,binary32+kahan+sr-all" } },
          "--modes: 'binary32+kahan+sr-all': stochastic rounding and kahan do not combine "
          "(kahan's terms compensate roundings to nearest): take one of them" },
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+sr+sr-all" } },
          "--modes: 'bfloat16+sr+sr-all': one stochastic rounding at most (+sr or +sr-all)" },
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+master32" }, { "sr", "update" } },
          "--sr: 'update': mode bfloat16+master32: stochastic rounding and master weights do "
          "not combine (the master's update is rounded as --round says): take one of them" },
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+sr" }, { "update", "kahan" } },
          "--update: 'kahan' compensates roundings, and exact modes never round (compare: "
          "MODE+kahan for one mode)" },
        { GDT_CMD_COMPARE, { { "modes", "bfloat16,bfloat16+sr" }, { "update", "kahan" } },
          "--update: 'kahan' with --sr or MODE+sr: stochastic rounding and kahan do not combine "
          "(kahan's terms compensate roundings to nearest): take one of them" },
        { GDT_CMD_RUN, { { "mode", "bfloat16" }, { "sr", "update" }, { "master", "binary32" } },
          "--master: 'binary32' with --sr: stochastic rounding and master weights do not "
          "combine (the master's update is rounded as --round says): take one of them" },
        { GDT_CMD_RUN, { { "mode", "binary32" }, { "sr", "all" }, { "update", "kahan" } },
          "--update: 'kahan' with --sr: stochastic rounding and kahan do not combine "
          "(kahan's terms compensate roundings to nearest): take one of them" },
        { GDT_CMD_COMPARE, { { "modes", "exact,exact+master32" } },
          "--modes: 'exact+master32': 'binary32': mode exact never rounds, and master weights "
          "are for float modes" },
        { GDT_CMD_COMPARE, { { "modes", "binary64,binary64+master32" } },
          "--modes: 'binary64+master32': 'binary32' has fewer significand bits than mode "
          "binary64: a master holds every weight of the model" },
        { GDT_CMD_COMPARE, { { "modes", "exact,int8+kahan" } },
          "--modes: 'int8+kahan': kahan compensates roundings, and integer modes never round" },
        { GDT_CMD_COMPARE, { { "modes", "bfloat16,bfloat16+master32+master64" } },
          "--modes: 'bfloat16+master32+master64': one master format at most" },
        { GDT_CMD_COMPARE, { { "modes", "bfloat16+kahan+kahan" } },
          "--modes: 'bfloat16+kahan+kahan': kahan is named twice" },
        { GDT_CMD_COMPARE, { { "modes", "float32+kahan,binary32+kahan" } },
          "--modes: 'float32+kahan' and 'binary32+kahan' are the same mode (binary32+kahan)" },
        { GDT_CMD_COMPARE, { { "modes", "exact,+kahan" } },
          "--modes: '+kahan' names no mode before its recipes" },
        { GDT_CMD_COMPARE, { { "modes", "exact,bfloat16+master32" }, { "ref", "bfloat16+foo" } },
          "--ref: 'bfloat16+foo' is not one of --modes" },
    };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gdt_opts s;
        gdt_error err;

        gdt_opts_init(&s, cases[i].cmd);
        for (j = 0; j < 3 && cases[i].opt[j][0] != NULL; j++)
            assert_int_equal(give(&s, cases[i].opt[j][0], cases[i].opt[j][1], (int)j + 1, &err),
                             GDT_OK);
        assert_int_equal(gdt_opts_check(&s, &err), GDT_EVALUE);
        if (strcmp(gdt_opts_message(&s, &err), cases[i].want) != 0) {
            printf("case %zu\n  got  \"%s\"\n  want \"%s\"\n", i, gdt_opts_message(&s, &err),
                   cases[i].want);
            fail();
        }
        gdt_opts_clear(&s);
    }
    /* and what they accept: a lane with recipes, a reference with them */
    {
        gdt_opts s;
        gdt_error err;

        gdt_opts_init(&s, GDT_CMD_COMPARE);
        assert_int_equal(give(&s, "modes", "exact,bfloat16+master32+kahan,double+master128", 1,
                              &err), GDT_OK);
        assert_int_equal(give(&s, "ref", "binary64+master128", 2, &err), GDT_OK);
        assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
        assert_int_equal(s.nmodes, 3);
        assert_int_equal(s.ref, 2);
        gdt_opts_clear(&s);
        /* every recipe of the one table in one --modes, each lane its own */
        gdt_opts_init(&s, GDT_CMD_COMPARE);
        assert_int_equal(give(&s, "modes", "exact,bfloat16+sr,bfloat16+master32,binary32+kahan,"
                              "bfloat16+sr-all", 1, &err), GDT_OK);
        assert_int_equal(give(&s, "ref", "bfloat16+sr-all", 2, &err), GDT_OK);
        assert_int_equal(gdt_opts_check(&s, &err), GDT_OK);
        assert_int_equal(s.nmodes, 5);
        assert_int_equal(s.ref, 4);
        assert_string_equal(s.modes[1], "bfloat16");
        assert_string_equal(s.labels[2], "bfloat16+master32");
        assert_int_equal(s.mode_sr[0], GDT_SR_NONE);
        assert_int_equal(s.mode_sr[1], GDT_SR_UPDATE);
        assert_int_equal(s.mode_sr[2], GDT_SR_NONE);
        assert_int_equal(s.mode_sr[3], GDT_SR_NONE);
        assert_int_equal(s.mode_sr[4], GDT_SR_ALL);
        gdt_opts_clear(&s);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_recipe_refusals),
        cmocka_unit_test(test_given),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_long_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
