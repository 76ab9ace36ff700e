/* test_npy -- the .npy writer (report/npy.c) against NumPy's own bytes

   tests/unit/npy/headers.txt holds numpy.save's header for 56 dtypes and
   shapes (no dimension, empty, one, two, four dimensions; dimensions of 1
   to 20 digits, so that the spare space and the 64-byte padding take every
   turn; 2845 fields, the longest header of format 1.0, and 2846, the
   shortest of 2.0), tests/unit/npy/records.npy a (2, 3) array of sweep
   records with NaN, infinities, -0.0, 255 and INT64_MAX, both written by
   tests/unit/npy/gen.py with Debian's NumPy.  Every header and the whole
   file must be NumPy's byte for byte; the errors leave the buffer as it
   was. */
#include <stdlib.h>
#include "gdtrace/npy.h"
#include "testutil.h"

#define MAX_FIELDS 3000

static gdt_npy_field fields[MAX_FIELDS];
static char names[MAX_FIELDS][32];

/* FIELDS from "name:type,..." or "field_0000..N:<i8"; their number. */
static size_t
parse_fields(char *s)
{
    size_t n = 0;
    char *tok, *save = NULL, *colon;
    unsigned long last, i;

    if (sscanf(s, "field_0000..%lu:", &last) == 1) {
        for (i = 0; i <= last; i++) {
            snprintf(names[i], sizeof names[i], "field_%04lu", i);
            fields[i].name = names[i];
            fields[i].type = GDT_NPY_I8;
        }
        return last + 1;
    }
    for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        colon = strchr(tok, ':');
        assert_non_null(colon);
        *colon = '\0';
        snprintf(names[n], sizeof names[n], "%s", tok);
        fields[n].name = names[n];
        fields[n].type = strcmp(colon + 1, "|u1") == 0   ? GDT_NPY_U1
                         : strcmp(colon + 1, "<i8") == 0 ? GDT_NPY_I8
                                                         : GDT_NPY_F8;
        assert_true(fields[n].type != GDT_NPY_F8 || strcmp(colon + 1, "<f8") == 0);
        n++;
    }
    return n;
}

/* The bytes of B as lowercase hex, in HEX. */
static void
to_hex(gdt_buf *hex, const gdt_buf *b)
{
    size_t i;

    gdt_buf_reset(hex);
    for (i = 0; i < b->len; i++)
        assert_int_equal(gdt_buf_printf(hex, "%02x", (unsigned char)b->s[i]), GDT_OK);
}

static void
test_headers(void **state)
{
    FILE *f = fopen("tests/unit/npy/headers.txt", "r");
    char *line = NULL, *tab1, *tab2, *tok, *save = NULL;
    size_t cap = 0, nfields, ndim, cases = 0;
    uint64_t shape[8];
    gdt_buf got, hex;

    (void)state;
    assert_non_null(f);
    gdt_buf_init(&got);
    gdt_buf_init(&hex);
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\n")] = '\0';
        tab1 = strchr(line, '\t');
        assert_non_null(tab1);
        tab2 = strchr(tab1 + 1, '\t');
        assert_non_null(tab2);
        *tab1 = *tab2 = '\0';
        ndim = 0;
        if (strcmp(tab1 + 1, "-") != 0)
            for (tok = strtok_r(tab1 + 1, ",", &save); tok != NULL;
                 tok = strtok_r(NULL, ",", &save))
                shape[ndim++] = strtoull(tok, NULL, 10);
        nfields = parse_fields(line);
        gdt_buf_reset(&got);
        assert_int_equal(gdt_buf_puts(&got, "x"), GDT_OK); /* appends */
        assert_int_equal(gdt_npy_header(&got, fields, nfields, shape, ndim), GDT_OK);
        assert_int_equal(got.s[0], 'x');
        memmove(got.s, got.s + 1, got.len--);
        assert_int_equal(got.len % 64, 0);
        to_hex(&hex, &got);
        if (strcmp(hex.s, tab2 + 1) != 0) {
            report("gdt_npy_header", hex.len > 200 ? "(long)" : hex.s,
                   strlen(tab2 + 1) > 200 ? "(long)" : tab2 + 1);
            printf("  fields %.60s (%zu), %zu dimensions\n", line, nfields, ndim);
        }
        cases++;
    }
    free(line);
    fclose(f);
    gdt_buf_clear(&got);
    gdt_buf_clear(&hex);
    assert_int_equal(cases, 56);
    check_failures();
}

static const gdt_npy_field sweep[] = {
    { "outcome", GDT_NPY_U1 },
    { "period", GDT_NPY_I8 },
    { "step", GDT_NPY_I8 },
    { "loss", GDT_NPY_F8 },
};

static void
test_records(void **state)
{
    static const unsigned outcome[6] = { 0, 1, 2, 3, 4, 255 };
    static const int64_t period[6] = { 0, 0, 2, 0, 0, 0 };
    static const int64_t step[6] = { 1, 2, 3, -1, 1000, INT64_MAX };
    const double loss[6] = { 2.0, INFINITY, -0.0, 1e300, NAN, 0.1 };
    const uint64_t shape[2] = { 2, 3 };
    gdt_npy_value v[4];
    gdt_buf got;
    char want[512];
    FILE *f = fopen("tests/unit/npy/records.npy", "rb");
    size_t n, i;

    (void)state;
    assert_non_null(f);
    n = fread(want, 1, sizeof want, f);
    fclose(f);
    assert_int_equal(n, 342);
    assert_int_equal(gdt_npy_record_size(sweep, 4), 25);
    gdt_buf_init(&got);
    assert_int_equal(gdt_npy_header(&got, sweep, 4, shape, 2), GDT_OK);
    for (i = 0; i < 6; i++) {
        v[0].u = outcome[i];
        v[1].i = period[i];
        v[2].i = step[i];
        v[3].d = loss[i];
        assert_int_equal(gdt_npy_record(&got, sweep, 4, v), GDT_OK);
    }
    assert_int_equal(got.len, n);
    assert_memory_equal(got.s, want, n);
    gdt_buf_clear(&got);
}

/* Refused: no field, a name NumPy's header cannot hold, 33 dimensions,
   a byte over 255; the buffer is left as it was. */
static void
test_errors(void **state)
{
    gdt_npy_field bad[2] = { { "a", GDT_NPY_U1 }, { "it's", GDT_NPY_I8 } };
    const uint64_t shape[33] = { 1 };
    gdt_npy_value v[4] = { { .u = 256 }, { .i = 0 }, { .i = 0 }, { .d = 0 } };
    gdt_buf b;

    (void)state;
    gdt_buf_init(&b);
    assert_int_equal(gdt_buf_puts(&b, "keep"), GDT_OK);
    assert_int_equal(gdt_npy_header(&b, sweep, 0, shape, 1), GDT_EVALUE);
    assert_int_equal(gdt_npy_header(&b, bad, 2, shape, 1), GDT_EVALUE);
    bad[1].name = "back\\slash";
    assert_int_equal(gdt_npy_header(&b, bad, 2, shape, 1), GDT_EVALUE);
    bad[1].name = "tab\there";
    assert_int_equal(gdt_npy_header(&b, bad, 2, shape, 1), GDT_EVALUE);
    bad[1].name = "";
    assert_int_equal(gdt_npy_header(&b, bad, 2, shape, 1), GDT_EVALUE);
    assert_int_equal(gdt_npy_header(&b, sweep, 4, shape, 33), GDT_ERANGE);
    assert_int_equal(gdt_npy_record(&b, sweep, 4, v), GDT_EVALUE);
    expect(b.s, "keep");
    assert_int_equal(b.len, 4);
    v[0].u = 255;
    assert_int_equal(gdt_npy_record(&b, sweep, 4, v), GDT_OK);
    assert_int_equal(b.len, 4 + 25);
    assert_int_equal((unsigned char)b.s[4], 255);
    gdt_buf_clear(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
