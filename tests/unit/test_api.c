/* test_api -- gdt_api_call, the bindings' entry point: each command's jsonl
   in memory, and every refusal a status and one line naming the option */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

/* COMMAND with the N key/value pairs KV: its status, the output in *OUT
   (free with gdt_api_free) and the message in MSG. */
static int
call(const char *command, const char *const *kv, size_t n, char **out, char *msg,
     size_t msgsize)
{
    const char *keys[16], *values[16];
    size_t i, len;
    int rc;

    for (i = 0; i < n; i++) {
        keys[i] = kv[2 * i];
        values[i] = kv[2 * i + 1];
    }
    rc = gdt_api_call(command, n, keys, values, NULL, out, &len, msg, msgsize);
    assert_true(*out == NULL || strlen(*out) == len);
    return rc;
}

/* The notes' run, exact: the command's --format jsonl --digits exact. */
static void
test_run_notes(void **state)
{
    static const char *const kv[] = { "lr", "10", "w0", "2", "max-iter", "3" };
    char *out, msg[256];

    (void)state;
    assert_int_equal(call("run", kv, 3, &out, msg, sizeof msg), GDT_API_OK);
    assert_string_equal(out,
        "{\"step\": 0, \"w\": \"2\", \"grad\": \"2\", \"loss\": \"3\"}\n"
        "{\"step\": 1, \"w\": \"-18\", \"grad\": \"-38\", \"loss\": \"363\"}\n"
        "{\"step\": 2, \"w\": \"362\", \"grad\": \"722\", \"loss\": \"130323\"}\n"
        "{\"step\": 3, \"w\": \"-6858\", \"grad\": \"-13718\", \"loss\": \"47045883\"}\n"
        "{\"summary\": {\"steps\": 3, \"stop\": \"max-iter\", \"w\": \"-6858\", "
        "\"loss\": \"47045883\"}}\n");
    assert_string_equal(msg, "");
    gdt_api_free(out);
}

/* binary32's values print exactly: 1.8 as 1.7999999523162841796875. */
static void
test_run_binary32_exact_digits(void **state)
{
    static const char *const kv[] = { "lr", "1/10", "mode", "binary32", "max-iter", "1",
                                      "loss", "(w-1)^2 + 2" };
    char *out, msg[256];

    (void)state;
    assert_int_equal(call("run", kv, 4, &out, msg, sizeof msg), GDT_API_OK);
    assert_non_null(strstr(out, "\"w\": \"1.7999999523162841796875\""));
    gdt_api_free(out);
}

static void
test_compare_analyze_sweep(void **state)
{
    static const char *const cmp[] = { "modes", "exact,binary16", "max-iter", "2" };
    static const char *const ana[] = { "lr", "10" };
    static const char *const swp[] = { "lr", "0.5:1", "grid", "3", "threads", "1" };
    char *out, msg[256];

    (void)state;
    assert_int_equal(call("compare", cmp, 2, &out, msg, sizeof msg), GDT_API_OK);
    assert_non_null(strstr(out, "{\"summary\": {\"reference\": \"exact\", \"steps\": 2}}\n"));
    gdt_api_free(out);
    assert_int_equal(call("analyze", ana, 1, &out, msg, sizeof msg), GDT_API_OK);
    assert_non_null(strstr(out, "\"r\": \"-19\""));
    gdt_api_free(out);
    assert_int_equal(call("sweep", swp, 3, &out, msg, sizeof msg), GDT_API_OK);
    assert_non_null(strstr(out, "{\"i\": 1, \"lr\": \"0.75\", \"outcome\": "));
    assert_non_null(strstr(out, "{\"summary\": {\"points\": 3, \"of\": 3, \"stop\": \"done\"}}"));
    gdt_api_free(out);
}

/* Each refusal: its status and the command's message without "gdtrace: ". */
static void
test_refusals(void **state)
{
    static const struct {
        const char *command, *kv[4];
        size_t n;
        int status;
        const char *msg;
    } cases[] = {
        { "run", { "lr", "x" }, 1, GDT_API_BAD_OPTION, "--lr: 'x' is not a number" },
        { "run", { "mode", "binary99" }, 1, GDT_API_BAD_OPTION,
          "--mode: 'binary99' is not a mode (" },
        { "run", { "loss", "(w-" }, 1, GDT_API_BAD_OPTION,
          "--loss, column 4: expected an expression" },
        { "run", { "colour", "red" }, 1, GDT_API_BAD_OPTION,
          "'colour' is not an option of gdtrace" },
        { "run", { "grid", "3" }, 1, GDT_API_BAD_OPTION,
          "--grid: is not an option of this command" },
        { "run", { "lr", "1", "lr", "2" }, 2, GDT_API_BAD_OPTION, "--lr: is given twice" },
        { "run", { "loss", "(a-1)^2+b^2", "w0", "1" }, 2, GDT_API_BAD_OPTION,
          "--w0: the loss has 2 parameters (a, b): give each, as a=X,..." },
        { "run", { "loss", "(a-1)^2+b^2", "w0", "a=1,c=2" }, 2, GDT_API_BAD_OPTION,
          "--w0: 'c' is not a parameter of the loss" },
        { "sweep", { "lr", "1:0" }, 1, GDT_API_BAD_OPTION,
          "--lr: '1:0' is a reversed range (A:B needs A < B)" },
        { "sweep", { "lr", "1" }, 1, GDT_API_BAD_OPTION, "sweep: no axis" },
        { "plot", { "lr", "1" }, 1, GDT_API_BAD_OPTION, "'plot' is not a command" },
        { "run", { "at", "5", "mode", "binary32" }, 2, GDT_API_BAD_OPTION,
          "--at: '5' computes the exact state: it needs --mode exact" },
        { "run", { "at", "5", "loss", "w^4" }, 2, GDT_API_BAD_OPTION,
          "--at: '5' needs a loss whose gradient is affine" },
        { "run", { "mode", "int8", "lr", "1/2" }, 2, GDT_API_BAD_OPTION,
          "lr 0.5 is not a value of mode int8" },
    };
    char *out, msg[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = call(cases[i].command, cases[i].kv, cases[i].n, &out, msg, sizeof msg);
        if (rc != cases[i].status || strncmp(msg, cases[i].msg, strlen(cases[i].msg)) != 0) {
            printf("case %zu: gdt_api_call wrong\n  got  %d \"%s\"\n  want %d \"%s...\"\n", i,
                   rc, msg, cases[i].status, cases[i].msg);
            fail();
        }
        gdt_api_free(out);
    }
}

/* run --at N: the one step, exactly. */
static void
test_run_at(void **state)
{
    static const char *const kv[] = { "at", "3" };
    char *out, msg[256];

    (void)state;
    assert_int_equal(call("run", kv, 1, &out, msg, sizeof msg), GDT_API_OK);
    assert_string_equal(out,
        "{\"step\": 3, \"w\": \"-6858\", \"grad\": \"-13718\", \"loss\": \"47045883\"}\n"
        "{\"summary\": {\"steps\": 3, \"stop\": \"at\", \"w\": \"-6858\", "
        "\"loss\": \"47045883\"}}\n");
    gdt_api_free(out);
}

/* A stop flag already set: the run stops at once, interrupted. */
static void
test_interrupted(void **state)
{
    static const char *const kv[] = { "max-iter", "100000", "lr", "1/10" };
    const char *keys[2] = { kv[0], kv[2] }, *values[2] = { kv[1], kv[3] };
    volatile sig_atomic_t stop = 1;
    char *out, msg[256];
    size_t len;

    (void)state;
    assert_int_equal(gdt_api_call("run", 2, keys, values, &stop, &out, &len, msg, sizeof msg),
                     GDT_API_INTERRUPTED);
    assert_string_equal(msg, "interrupted");
    gdt_api_free(out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_notes),
        cmocka_unit_test(test_run_binary32_exact_digits),
        cmocka_unit_test(test_compare_analyze_sweep),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_run_at),
        cmocka_unit_test(test_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
