/* test_serve -- gdtrace serve's API answered in memory (src/api/serve.c):
   the query's keys decoded and read by the command's option reader, its
   messages as 400, the limits as 413, a map's points binary and JSON, the
   request's tag, a stop */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "api/serve.h"

static const gdt_serve_limits lim = { 400, 1000, 512, 1048576, 2000, NULL, NULL, 0 };

/* GET PATH?QUERY: its status, its body in BODY (NUL-terminated, at most
   SIZE - 1 bytes), its length in *LEN. */
static int
answer(const char *path, const char *query, gdt_cancel *stop, char *body, size_t size,
       size_t *len)
{
    gdt_serve_reply r;
    int status;

    assert_int_equal(gdt_serve_answer(&r, path, query, &lim, stop), GDT_OK);
    assert_non_null(r.body);
    status = r.status;
    *len = r.len;
    assert_true(r.len < size);
    memcpy(body, r.body, r.len);
    body[r.len] = '\0';
    gdt_serve_reply_clear(&r);
    return status;
}

static void
test_paths(void **state)
{
    char b[4096];
    size_t n;

    (void)state;
    assert_true(gdt_serve_is_api("/api/map"));
    assert_true(gdt_serve_is_api("/api/analyze"));
    assert_false(gdt_serve_is_api("/api/sweep"));
    assert_false(gdt_serve_is_api("/"));
    assert_int_equal(answer("/api/nope", "", NULL, b, sizeof b, &n), 404);
    assert_string_equal(b, "{\"error\": \"no such path\"}\n");
}

/* %XX and + decoded, max_iter read as max-iter, the run thinned by
   points=N as --every */
static void
test_run(void **state)
{
    char b[4096];
    size_t n;

    (void)state;
    assert_int_equal(answer("/api/run", "lr=0%2E5&w0=3&max_iter=4&mode=binary64&points=2", NULL,
                            b, sizeof b, &n), 200);
    assert_string_equal(b, "[{\"step\": 0, \"w\": \"3\", \"grad\": \"4\", \"loss\": \"6\"},"
                           "{\"step\": 1, \"w\": \"1\", \"grad\": \"0\", \"loss\": \"2\"},"
                           "{\"summary\": {\"steps\": 1, \"stop\": \"grad-zero\", \"w\": \"1\", "
                           "\"loss\": \"2\"}},"
                           /* compare's events of the run's mode */
                           "{\"events\": {\"mode\": \"binary64\", \"of\": \"w\", \"differs\": null, "
                           "\"no_digits\": null, \"subnormal\": null, \"zero\": null, \"inf\": null, "
                           "\"nan\": null, \"stall\": null, \"stop\": \"grad-zero\", \"steps\": 1}},"
                           "{\"events\": {\"mode\": \"binary64\", \"of\": \"loss\", \"differs\": null, "
                           "\"no_digits\": null, \"subnormal\": null, \"zero\": null, \"inf\": null, "
                           "\"nan\": null, \"stall\": null, \"stop\": \"grad-zero\", \"steps\": 1}}]\n");
    /* flags on and off, the server's own keys checked */
    assert_int_equal(answer("/api/run", "nesterov=false&lr=0.5&max_iter=1&mode=binary64&every=0",
                            NULL, b, sizeof b, &n), 200);
    assert_int_equal(answer("/api/run", "nesterov=2", NULL, b, sizeof b, &n), 400);
    assert_string_equal(b, "{\"error\": \"--nesterov: '2' is neither on (1, true, yes) nor off "
                           "(0, false, no)\"}\n");
    assert_int_equal(answer("/api/run", "points=x", NULL, b, sizeof b, &n), 400);
    assert_int_equal(answer("/api/run", "max_iter=1000&every=1&points=10", NULL, b, sizeof b, &n),
                     413);
}

static void
test_refused(void **state)
{
    char b[4096];
    size_t n;

    (void)state;
    assert_int_equal(answer("/api/run", "lr=zz", NULL, b, sizeof b, &n), 400);
    assert_string_equal(b, "{\"error\": \"--lr: 'zz' is not a number\"}\n");
    assert_int_equal(answer("/api/run", "grid=3", NULL, b, sizeof b, &n), 400);
    assert_string_equal(b, "{\"error\": \"--grid: is not an option of 'gdtrace run' "
                           "(see gdtrace run --help)\"}\n");
    assert_int_equal(answer("/api/run", "data=tiny.csv", NULL, b, sizeof b, &n), 400);
    assert_int_equal(answer("/api/map", "lr=0:1&grid=4&mode=binary64&against=certified", NULL,
                            b, sizeof b, &n), 400);
    assert_string_equal(b, "{\"error\": \"--against: not offered by the server yet\"}\n");
    assert_int_equal(answer("/api/map", "lr=0:1&grid=4&as=xml", NULL, b, sizeof b, &n), 400);
    assert_int_equal(answer("/api/map", "lr=0:1&w0=0:1&grid=21x20", NULL, b, sizeof b, &n), 413);
    assert_string_equal(b, "{\"error\": \"--grid: 21x20 is past the server's limit of 400 "
                           "points a request\"}\n");
    assert_int_equal(answer("/api/map", "lr=0:1&grid=401", NULL, b, sizeof b, &n), 413);
    assert_int_equal(answer("/api/run", "max-iter=1001", NULL, b, sizeof b, &n), 413);
    assert_int_equal(answer("/api/run", "at=1001", NULL, b, sizeof b, &n), 413);
    assert_int_equal(answer("/api/run", "mode=mpfr&prec=513", NULL, b, sizeof b, &n), 413);
    assert_int_equal(answer("/api/run", "max_bits=0", NULL, b, sizeof b, &n), 413);
    assert_int_equal(answer("/api/run", "max_bits=1048577", NULL, b, sizeof b, &n), 413);
}

/* a map: binary and JSON, the same points */
static void
test_map(void **state)
{
    char b[4096], j[4096];
    size_t n, nj;
    const unsigned char *u = (const unsigned char *)b;

    (void)state;
    assert_int_equal(answer("/api/map", "lr=0:1.5&w0=2&grid=4&mode=binary64&max_iter=30",
                            NULL, b, sizeof b, &n), 200);
    assert_int_equal(n, 16 + 4 * 5);
    assert_memory_equal(b, "GDTM\4\0\0\0\1\0\0\0\4\0\0\0", 16);
    /* lr 0: stalled at once; 0.5: converged at step 1; 1: a cycle;
       1.5: diverged */
    assert_int_equal(u[16], 2);
    assert_int_equal(u[21], 1);
    assert_int_equal(u[22], 1);
    assert_int_equal(u[26], 3);
    assert_int_equal(u[31], 4);
    assert_int_equal(answer("/api/map", "lr=0:1.5&w0=2&grid=4&mode=binary64&max_iter=30&as=json",
                            NULL, j, sizeof j, &nj), 200);
    assert_non_null(strstr(j, "\"grid\": [4, 1], \"points\": 4"));
    assert_non_null(strstr(j, "\"outcome\": [2, 1, 3, 4]"));
}

static void
test_tag(void **state)
{
    gdt_serve_tag t;

    (void)state;
    gdt_serve_tag_read(&t, "lr=1&client=ab%20c&view=map&gen=12");
    assert_string_equal(t.client, "ab c");
    assert_string_equal(t.view, "map");
    assert_true(t.has_gen);
    assert_int_equal(t.gen, 12);
    gdt_serve_tag_read(&t, "gen=x");
    assert_string_equal(t.client, "");
    assert_false(t.has_gen);
}

/* the stop flag set: 503 */
static void
test_stop(void **state)
{
    static volatile sig_atomic_t stop = 1;
    char b[4096];
    size_t n;

    (void)state;
    assert_int_equal(answer("/api/run", "lr=10&mode=binary64&max_iter=1000", &stop, b, sizeof b,
                            &n), 503);
    assert_string_equal(b, "{\"error\": \"interrupted\"}\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths), cmocka_unit_test(test_run),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_map),
        cmocka_unit_test(test_tag), cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
