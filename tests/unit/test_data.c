/* test_data -- the CSV data-set reader: valid files and their exact values,
   every error with its exact message, position and status, the limits, and
   random bytes.

   Fixtures are written at test time into a directory made by mkdtemp (and
   removed after); the few fixed ones are in tests/unit/data/, and the
   shipped data sets data/linreg.csv and data/logreg.csv are checked too:
   paths are relative to the top of the source tree, where tests/run-tests
   runs the tests.  Failures print got, want and the input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace/data.h"
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

static char tmpdir[] = "/tmp/gdt_test_data.XXXXXX";
static char path[sizeof tmpdir + 64]; /* the fixture under test */

/* Print the N bytes at S as a C string, for the input of a failure. */
static void
print_input(const char *what, const char *s, size_t n)
{
    size_t i;

    printf("  %s \"", what);
    for (i = 0; i < n && i < 200; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '\n')
            printf("\\n");
        else if (c == '\r')
            printf("\\r");
        else if (c == '\t')
            printf("\\t");
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    printf("%s\"\n", n > 200 ? "..." : "");
}

/* Write the N bytes at S to the fixture file PATH. */
static void
write_fixture(const char *s, size_t n)
{
    FILE *f;

    snprintf(path, sizeof path, "%s/case.csv", tmpdir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "%s/case.csv", tmpdir);
    unlink(path);
    return rmdir(tmpdir);
}

/* A text with its length, so that fixtures can hold NUL bytes. */
#define T(s) s, sizeof(s) - 1

/* ----------------------------------------------------------- valid files */

static const struct valid {
    const char *what;
    const char *text;
    size_t len;
    const char *names; /* the column names, comma-separated */
    size_t nrows;
    const char *cells; /* the exact values, row-major, as mpq_set_str reads
                          them, separated by spaces */
} valid[] = {
    {"plain", T("x,y\n1,2\n3,4\n"), "x,y", 2, "1 2 3 4"},
    {"no final newline", T("x,y\n1,2\n3,4"), "x,y", 2, "1 2 3 4"},
    {"CRLF", T("x,y\r\n0.1,2\r\n3,4\r\n"), "x,y", 2, "1/10 2 3 4"},
    {"CRLF, no final newline", T("x,y\r\n1,2\r\n3,4"), "x,y", 2, "1 2 3 4"},
    {"CR at the end of the file", T("x\n1\r"), "x", 1, "1"},
    {"BOM", T("\xEF\xBB\xBFx,y\n1,2\n"), "x,y", 1, "1 2"},
    {"BOM, CRLF", T("\xEF\xBB\xBFx,y\r\n1,2\r\n"), "x,y", 1, "1 2"},
    {"quotes", T("\"x\",\"y\"\n\"1.5\",\" 2 \"\n"), "x,y", 1, "3/2 2"},
    {"blanks around quotes", T("x,y\n \"1\" ,\t\"-2\"\t\n"), "x,y", 1,
     "1 -2"},
    {"blanks", T("x , y\n  1 ,\t2\t\n"), "x,y", 1, "1 2"},
    {"exponents", T("a,b,c\n1e-3,2.5E+2,-1e0\n"), "a,b,c", 1,
     "1/1000 250 -1"},
    {"p/q", T("p\n3/4\n-7/2\n6/4\n0/5\n"), "p", 4, "3/4 -7/2 3/2 0"},
    {"signs and points", T("v\n+3\n.5\n1.\n-0\n00012.3400\n"), "v", 5,
     "3 1/2 1 0 617/50"},
    {"exact decimals", T("x\n0.1\n0.2\n0.3\n-2.5\n"), "x", 4,
     "1/10 1/5 3/10 -5/2"},
    {"big integer",
     T("n\n123456789012345678901234567890\n"), "n", 1,
     "123456789012345678901234567890"},
    {"trailing blank lines", T("x\n1\n\n\n"), "x", 1, "1"},
    {"trailing blank lines, CRLF and blanks", T("x\r\n1\r\n\r\n  \n\t\r\n"),
     "x", 1, "1"},
    {"trailing blanks, no newline", T("x\n1\n  "), "x", 1, "1"},
    {"one cell", T("w\n-0\n"), "w", 1, "0"},
    {"identifiers", T("_a,B9,x_1,_\n1,2,3,4\n"), "_a,B9,x_1,_", 1,
     "1 2 3 4"},
    {"near reserved names", T("expx,Exp,sums,log1,SIN\n1,2,3,4,5\n"),
     "expx,Exp,sums,log1,SIN", 1, "1 2 3 4 5"},
    {"all together",
     T("\xEF\xBB\xBF \"x\" ,y\r\n\"0.25\", 1e2 \r\n-3/4,\t.5\r\n\r\n"),
     "x,y", 2, "1/4 100 -3/4 1/2"},
};

/* Check D against the table entry V; report what differs. */
static void
check_valid(const gdt_data *d, const struct valid *v)
{
    char got[512], want[512], *s, *save = NULL, *tok;
    size_t i, n = 0;
    mpq_t q;

    got[0] = '\0';
    for (i = 0; i < d->ncols; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
                 i ? "," : "", d->names[i]);
    if (strcmp(got, v->names) != 0)
        report("column names", got, v->names);
    snprintf(got, sizeof got, "%zu", d->nrows);
    snprintf(want, sizeof want, "%zu", v->nrows);
    if (d->nrows != v->nrows)
        report("row count", got, want);
    if (d->path == NULL || strcmp(d->path, path) != 0)
        report("path", d->path ? d->path : "(null)", path);

    mpq_init(q);
    snprintf(want, sizeof want, "%s", v->cells);
    for (tok = strtok_r(want, " ", &save); tok != NULL;
         tok = strtok_r(NULL, " ", &save), n++) {
        assert_int_equal(mpq_set_str(q, tok, 10), 0);
        mpq_canonicalize(q);
        if (n >= d->nrows * d->ncols) {
            report("cell count", "fewer", "more");
            break;
        }
        if (!mpq_equal(q, d->cells[n])) {
            s = mpq_get_str(NULL, 10, d->cells[n]);
            snprintf(got, sizeof got, "cell %zu = %s", n, s);
            free(s);
            s = mpq_get_str(NULL, 10, q);
            snprintf(want, sizeof want, "cell %zu = %s", n, s);
            free(s);
            report("cell value", got, want);
            break;
        }
    }
    mpq_clear(q);
}

static void
test_valid(void **state)
{
    size_t k;
    int before;
    gdt_data d;
    gdt_error err;
    gdt_status st;

    (void)state;
    for (k = 0; k < sizeof valid / sizeof *valid; k++) {
        const struct valid *v = &valid[k];

        write_fixture(v->text, v->len);
        gdt_data_init(&d);
        gdt_error_clear(&err);
        before = failures;
        st = gdt_data_read(&d, path, &err);
        if (st != GDT_OK)
            report("gdt_data_read status", err.msg, "success");
        else
            check_valid(&d, v);
        if (failures != before) {
            printf("  case %s\n", v->what);
            print_input("input", v->text, v->len);
        }
        gdt_data_clear(&d);
    }
    check_failures();
}

/* ------------------------------------------------------------- bad files */

static const struct bad {
    const char *what;
    const char *text;
    size_t len;
    gdt_status status;
    const char *msg; /* after "PATH" */
    size_t pos;      /* err.pos */
} bad[] = {
    /* the file as a whole */
    {"empty", T(""), GDT_EVALUE, ": empty data file: no header row",
     SIZE_MAX},
    {"blank lines only", T("\n \r\n\t\n"), GDT_EVALUE,
     ": empty data file: no header row", SIZE_MAX},
    {"BOM only", T("\xEF\xBB\xBF\n"), GDT_EVALUE,
     ": empty data file: no header row", SIZE_MAX},
    {"header only", T("x,y\n"), GDT_EVALUE,
     ": no data rows after the header", SIZE_MAX},
    {"header only, no newline", T("x,y"), GDT_EVALUE,
     ": no data rows after the header", SIZE_MAX},
    {"header and blank lines", T("x,y\n\n\r\n  \n"), GDT_EVALUE,
     ": no data rows after the header", SIZE_MAX},

    /* the header */
    {"name not an identifier", T("abc,2x\n1,2\n"), GDT_EVALUE,
     ":1:5: column name '2x' is not an identifier", 4},
    {"name not an identifier, after a BOM", T("\xEF\xBB\xBF" "a,2x\n1,2\n"),
     GDT_EVALUE, ":1:3: column name '2x' is not an identifier", 5},
    {"name with a minus", T("a-b\n1\n"), GDT_EVALUE,
     ":1:1: column name 'a-b' is not an identifier", 0},
    {"name with a blank", T("x y\n1\n"), GDT_EVALUE,
     ":1:1: column name 'x y' is not an identifier", 0},
    {"name with a NUL", T("x\0\n1\n"), GDT_EVALUE,
     ":1:1: column name 'x\\x00' is not an identifier", 0},
    {"binary name", T("\xff\xfe\x01,x\n1,2\n"), GDT_EVALUE,
     ":1:1: column name '\\xff\\xfe\\x01' is not an identifier", 0},
    {"empty name", T("x,,y\n1,2,3\n"), GDT_EVALUE, ":1:3: empty column name",
     2},
    {"blank name", T("x,  ,y\n1,2,3\n"), GDT_EVALUE,
     ":1:3: empty column name", 2},
    {"empty quoted name", T("x,\"\"\n1,2\n"), GDT_EVALUE,
     ":1:3: empty column name", 2},
    {"blank first line", T("\nx\n1\n"), GDT_EVALUE, ":1:1: empty column name",
     0},
    {"duplicate name", T("x, y ,x\n1,2,3\n"), GDT_EVALUE,
     ":1:7: duplicate column name 'x' (column 1 has it already)", 6},
    {"duplicate quoted name", T("a,b,\"b\"\n1,2,3\n"), GDT_EVALUE,
     ":1:5: duplicate column name 'b' (column 2 has it already)", 4},
    {"reserved name", T("x,exp\n1,2\n"), GDT_EVALUE,
     ":1:3: column name 'exp' is reserved: it is a function name", 2},
    {"unclosed quote in the header", T("\"x\n1\n"), GDT_EVALUE,
     ":1:1: opening quote without a closing quote on the same line", 0},
    {"text after a quote", T("\"x\" y,z\n1,2\n"), GDT_EVALUE,
     ":1:1: text 'y' after the closing quote", 0},

    /* row shapes */
    {"ragged row", T("x,y,z\n1,2,3\n1,2,3\n1,2\n"), GDT_EVALUE,
     ":4: 2 cells, but the header has 3 columns", 18},
    {"too many cells", T("x,y\n1,2,3\n"), GDT_EVALUE,
     ":2: 3 cells, but the header has 2 columns", 4},
    {"two cells for one column", T("x\n1,2\n"), GDT_EVALUE,
     ":2: 2 cells, but the header has 1 column", 2},
    {"one cell for two columns", T("x,y\n1\n"), GDT_EVALUE,
     ":2: 1 cell, but the header has 2 columns", 4},
    {"blank line in the middle", T("x\n1\n\n2\n"), GDT_EVALUE,
     ":3: blank line (only the end of the file may have blank lines)", 4},
    {"blank CRLF line in the middle", T("x,y\r\n1,2\r\n \r\n3,4\r\n"),
     GDT_EVALUE,
     ":3: blank line (only the end of the file may have blank lines)", 10},

    /* cells */
    {"not a number", T("x,y\n1,2\n12345,abc\n"), GDT_EVALUE,
     ":3:7: cell 'abc' is not a number", 14},
    {"not a number after blanks", T("x,y\n1,  abc \n"), GDT_EVALUE,
     ":2:5: cell 'abc' is not a number", 8},
    {"not a number, quoted", T("x,y\n1,\"1,5\"\n"), GDT_EVALUE,
     ":2:3: cell '1,5' is not a number", 6},
    {"empty cell", T("x,y\n1,\n"), GDT_EVALUE, ":2:3: empty cell", 6},
    {"empty first cell", T("x,y\n,1\n"), GDT_EVALUE, ":2:1: empty cell", 4},
    {"blank cell", T("x,y\n1,  \n"), GDT_EVALUE, ":2:3: empty cell", 6},
    {"empty quoted cell", T("x\n\"\"\n"), GDT_EVALUE, ":2:1: empty cell", 2},
    {"blank quoted cell", T("x\n\" \"\n"), GDT_EVALUE, ":2:1: empty cell", 2},
    {"zero denominator", T("x\n1/0\n"), GDT_EVALUE,
     ":2:1: cell '1/0' has a zero denominator", 2},
    {"huge exponent", T("x\n1e1000001\n"), GDT_EVALUE,
     ":2:1: cell '1e1000001' has an exponent beyond +-1000000", 2},
    {"NUL in a cell", T("x\n1\0002\n"), GDT_EVALUE,
     ":2:1: cell '1\\x002' is not a number", 2},
    {"NUL cell", T("x\n\0\n"), GDT_EVALUE,
     ":2:1: cell '\\x00' is not a number", 2},
    {"CR in a cell", T("x\n1\r2\n"), GDT_EVALUE,
     ":2:1: cell '1\\x0d2' is not a number", 2},
    {"two CRs at a line end", T("x\n1\r\r\n"), GDT_EVALUE,
     ":2:1: cell '1\\x0d' is not a number", 2},
    {"blank inside a number", T("x\n1 2\n"), GDT_EVALUE,
     ":2:1: cell '1 2' is not a number", 2},
    {"hex", T("x\n0x10\n"), GDT_EVALUE, ":2:1: cell '0x10' is not a number",
     2},
    {"inf", T("x\ninf\n"), GDT_EVALUE, ":2:1: cell 'inf' is not a number", 2},
    {"nan", T("x\nnan\n"), GDT_EVALUE, ":2:1: cell 'nan' is not a number", 2},
    {"no exponent digits", T("x\n1e\n"), GDT_EVALUE,
     ":2:1: cell '1e' is not a number", 2},
    {"two signs", T("x\n--1\n"), GDT_EVALUE,
     ":2:1: cell '--1' is not a number", 2},
    {"negative denominator", T("x\n1/-2\n"), GDT_EVALUE,
     ":2:1: cell '1/-2' is not a number", 2},
    {"decimal numerator", T("x\n1.5/2\n"), GDT_EVALUE,
     ":2:1: cell '1.5/2' is not a number", 2},
    {"unclosed quote in a cell", T("x,y\n1, \"2\n"), GDT_EVALUE,
     ":2:4: opening quote without a closing quote on the same line", 7},
    {"text after a quoted cell", T("x,y\n1,\"2\"3 4,\n"), GDT_EVALUE,
     ":2:3: text '3 4' after the closing quote", 6},
    {"quote inside a cell", T("x\n1\"2\"\n"), GDT_EVALUE,
     ":2:1: cell '1\"2\"' is not a number", 2},
    {"long cell, cut in the message",
     T("x\n0123456789012345678901234567890123456789abc\n"), GDT_EVALUE,
     ":2:1: cell '0123456789012345678901234567890123456789...' is not a "
     "number", 2},
    {"bad cell after a BOM", T("\xEF\xBB\xBFx,y\n1,a\n"), GDT_EVALUE,
     ":2:3: cell 'a' is not a number", 9},
};

static void
test_bad(void **state)
{
    size_t k;
    char want[1024], got[64], wantpos[64];
    gdt_data d;
    gdt_error err;
    gdt_status st;

    (void)state;
    for (k = 0; k < sizeof bad / sizeof *bad; k++) {
        const struct bad *b = &bad[k];
        int before = failures;

        write_fixture(b->text, b->len);
        snprintf(want, sizeof want, "%s%s", path, b->msg);
        gdt_data_init(&d);
        gdt_error_clear(&err);
        st = gdt_data_read(&d, path, &err);
        if (st != b->status) {
            snprintf(got, sizeof got, "%s", gdt_status_str(st));
            report("gdt_data_read status", got, gdt_status_str(b->status));
        }
        if (err.status != st)
            report("err.status", gdt_status_str(err.status),
                   gdt_status_str(st));
        if (strcmp(err.msg, want) != 0)
            report("gdt_data_read message", err.msg, want);
        if (err.pos != b->pos) {
            snprintf(got, sizeof got, "%zu", err.pos);
            snprintf(wantpos, sizeof wantpos, "%zu", b->pos);
            report("err.pos", got, wantpos);
        }
        /* a failed read leaves D empty */
        if (d.path != NULL || d.ncols != 0 || d.nrows != 0 || d.names != NULL
            || d.cells != NULL)
            report("D after a failed read", "not empty", "empty");
        if (failures != before) {
            printf("  case %s\n", b->what);
            print_input("input", b->text, b->len);
        }
        gdt_data_clear(&d);
    }
    check_failures();
}

/* Read PATH, expecting STATUS and the message PATH followed by MSG. */
static void
expect_error(const char *what, gdt_status status, const char *msg)
{
    char want[1024];
    gdt_data d;
    gdt_error err;
    gdt_status st;

    snprintf(want, sizeof want, "%s%s", path, msg);
    gdt_data_init(&d);
    gdt_error_clear(&err);
    st = gdt_data_read(&d, path, &err);
    if (st != status)
        report("gdt_data_read status", gdt_status_str(st),
               gdt_status_str(status));
    if (strcmp(err.msg, want) != 0)
        report("gdt_data_read message", err.msg, want);
    if (failures != 0)
        printf("  case %s\n", what);
    gdt_data_clear(&d);
    check_failures();
}

static void
test_reserved(void **state)
{
    static const char *const names[] = {
        "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid",
        "abs", "min", "max", "mean", "sum"
    };
    char text[64], msg[128];
    size_t k;

    (void)state;
    for (k = 0; k < sizeof names / sizeof *names; k++) {
        snprintf(text, sizeof text, "a,%s\n1,2\n", names[k]);
        write_fixture(text, strlen(text));
        snprintf(msg, sizeof msg,
                 ":1:3: column name '%s' is reserved: it is a function name",
                 names[k]);
        expect_error(names[k], GDT_EVALUE, msg);
    }
}

static void
test_unreadable(void **state)
{
    char msg[256];

    (void)state;
    snprintf(path, sizeof path, "%s/no-such-file.csv", tmpdir);
    snprintf(msg, sizeof msg, ": cannot open: %s", strerror(ENOENT));
    expect_error("missing file", GDT_EIO, msg);

    snprintf(path, sizeof path, "%s", tmpdir);
    snprintf(msg, sizeof msg, ": cannot read: %s", strerror(EISDIR));
    expect_error("a directory", GDT_EIO, msg);
}

/* ------------------------------------------------------------- the limits */

/* Write N copies of the LEN bytes at S after the text HEAD. */
static void
write_repeated(const char *head, const char *s, size_t len, size_t n)
{
    FILE *f;
    size_t i;

    snprintf(path, sizeof path, "%s/case.csv", tmpdir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(head, f);
    for (i = 0; i < n; i++)
        assert_int_equal(fwrite(s, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Write a header of N columns c0, c1, ... and one row of zeros. */
static void
write_wide(size_t n)
{
    FILE *f;
    size_t i;

    snprintf(path, sizeof path, "%s/case.csv", tmpdir);
    f = fopen(path, "wb");
    assert_non_null(f);
    for (i = 0; i < n; i++)
        fprintf(f, "%sc%zu", i ? "," : "", i);
    fputc('\n', f);
    for (i = 0; i < n; i++)
        fputs(i ? ",0" : "0", f);
    fputc('\n', f);
    assert_int_equal(fclose(f), 0);
}

static void
test_limit_columns(void **state)
{
    gdt_data d;
    gdt_error err;

    (void)state;
    write_wide(GDT_DATA_MAX_COLS);
    gdt_data_init(&d);
    assert_int_equal(gdt_data_read(&d, path, &err), GDT_OK);
    assert_int_equal(d.ncols, GDT_DATA_MAX_COLS);
    assert_string_equal(d.names[999], "c999");
    assert_int_equal(gdt_data_column(&d, "c999", 4), 999);
    gdt_data_clear(&d);

    write_wide(GDT_DATA_MAX_COLS + 1);
    expect_error("1001 columns", GDT_EVALUE,
                 ":1: 1001 columns, more than the limit of 1000");
}

static void
test_limit_rows(void **state)
{
    gdt_data d;
    gdt_error err;

    (void)state;
    write_repeated("x\n", "0\n", 2, GDT_DATA_MAX_ROWS);
    gdt_data_init(&d);
    assert_int_equal(gdt_data_read(&d, path, &err), GDT_OK);
    assert_int_equal(d.nrows, GDT_DATA_MAX_ROWS);
    gdt_data_clear(&d);

    write_repeated("x\n", "0\n", 2, GDT_DATA_MAX_ROWS + 1);
    expect_error("1000001 rows", GDT_EVALUE,
                 ":1000002: more than 1000000 data rows");
}

/* Slow (ten million cells): only with GDT_SLOW_TESTS set. */
static void
test_limit_cells(void **state)
{
    char head[8192];
    size_t i, n = 0;

    (void)state;
    if (getenv("GDT_SLOW_TESTS") == NULL)
        skip();
    /* 1000 columns: 10000 rows are the most */
    for (i = 0; i < GDT_DATA_MAX_COLS; i++)
        n += (size_t)snprintf(head + n, sizeof head - n, "%sc%zu",
                              i ? "," : "", i);
    head[n++] = '\n';
    head[n] = '\0';
    {
        static char row[2 * GDT_DATA_MAX_COLS];

        for (i = 0; i < GDT_DATA_MAX_COLS; i++) {
            row[2 * i] = '0';
            row[2 * i + 1] = ',';
        }
        row[2 * GDT_DATA_MAX_COLS - 1] = '\n';
        write_repeated(head, row, sizeof row,
                       GDT_DATA_MAX_CELLS / GDT_DATA_MAX_COLS + 1);
    }
    expect_error("ten million and one thousand cells", GDT_EVALUE,
                 ":10002: more than 10000000 cells (rows times columns)");
}

static void
test_limit_bytes(void **state)
{
    FILE *f;

    (void)state;
    /* a sparse file one byte over the limit */
    snprintf(path, sizeof path, "%s/case.csv", tmpdir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)GDT_DATA_MAX_BYTES + 1), 0);
    assert_int_equal(fclose(f), 0);
    expect_error("100 MiB + 1", GDT_EVALUE,
                 ": the file is larger than the limit of 100 MiB "
                 "(104857600 bytes)");
}

static void
test_limit_digits(void **state)
{
    (void)state;
    /* each "0e999999" counts 8 + 999999 digits: the 100th is too many */
    write_repeated("x\n", "0e999999\n", 9, 100);
    expect_error("100 exponents of 999999", GDT_EVALUE,
                 ":101:1: cell '0e999999': the exact values of the cells "
                 "would take more than 100000000 digits");

    /* a few big exponents are fine, and exact */
    write_repeated("x\n", "1e-999999\n", 10, 3);
    {
        gdt_data d;
        gdt_error err;
        mpz_t p;

        gdt_data_init(&d);
        assert_int_equal(gdt_data_read(&d, path, &err), GDT_OK);
        assert_int_equal(d.nrows, 3);
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, 999999);
        assert_int_equal(mpz_cmp_ui(mpq_numref(d.cells[2]), 1), 0);
        assert_int_equal(mpz_cmp(mpq_denref(d.cells[2]), p), 0);
        mpz_clear(p);
        gdt_data_clear(&d);
    }
}

/* ---------------------------------------------------------------- the API */

static void
test_api(void **state)
{
    gdt_data d;
    gdt_error err;

    (void)state;
    gdt_data_clear(NULL);

    write_fixture(T("x,xy,_y\n1,2,3\n"));
    gdt_data_init(&d);
    assert_int_equal(gdt_data_read(&d, path, NULL), GDT_OK); /* ERR NULL */
    assert_int_equal(gdt_data_column(&d, "x", 1), 0);
    assert_int_equal(gdt_data_column(&d, "xy", 2), 1);
    assert_int_equal(gdt_data_column(&d, "_y", 2), 2);
    assert_int_equal(gdt_data_column(&d, "xyz", 2), 1); /* LEN bytes only */
    assert_int_equal(gdt_data_column(&d, "x+y", 1), 0);
    assert_int_equal(gdt_data_column(&d, "y", 1), -1);
    assert_int_equal(gdt_data_column(&d, "xyz", 3), -1);
    assert_int_equal(gdt_data_column(&d, "x", 0), -1);
    assert_int_equal(gdt_data_column(&d, "x\0y", 3), -1);

    /* reading again replaces what D held */
    write_fixture(T("a\n5\n6\n"));
    assert_int_equal(gdt_data_read(&d, path, &err), GDT_OK);
    assert_int_equal(d.ncols, 1);
    assert_int_equal(d.nrows, 2);
    assert_int_equal(gdt_data_column(&d, "x", 1), -1);
    assert_int_equal(mpz_get_si(mpq_numref(d.cells[1])), 6);

    /* a failed read leaves D empty, and clearing it twice is fine */
    write_fixture(T("a\nb\n"));
    assert_int_equal(gdt_data_read(&d, path, NULL), GDT_EVALUE);
    assert_null(d.cells);
    assert_int_equal(gdt_data_column(&d, "a", 1), -1);
    gdt_data_clear(&d);
    gdt_data_clear(&d);
}

/* ---------------------------------------------------- fixed fixtures */

static void
read_fixed(gdt_data *d, const char *file)
{
    gdt_error err;

    gdt_data_init(d);
    gdt_error_clear(&err);
    if (gdt_data_read(d, file, &err) != GDT_OK)
        fail_msg("%s: %s (the tests run from the top of the source tree)",
                 file, err.msg);
}

/* tests/unit/data/mixed.csv: BOM, CRLF, quotes, blanks, every number
   form, trailing blank lines. */
static void
test_fixture_mixed(void **state)
{
    static const char *const want[] = {
        "1/10", "-5/2", "3/4", "1/1000", "250", "0", "-7/2", "1/2", "12"
    };
    gdt_data d;
    mpq_t q;
    size_t i;

    (void)state;
    read_fixed(&d, "tests/unit/data/mixed.csv");
    assert_int_equal(d.ncols, 3);
    assert_int_equal(d.nrows, 3);
    assert_string_equal(d.names[0], "x");
    assert_string_equal(d.names[1], "y_1");
    assert_string_equal(d.names[2], "Weight");
    mpq_init(q);
    for (i = 0; i < 9; i++) {
        assert_int_equal(mpq_set_str(q, want[i], 10), 0);
        if (!mpq_equal(q, d.cells[i])) {
            char *s = mpq_get_str(NULL, 10, d.cells[i]);
            char got[64];

            snprintf(got, sizeof got, "%s", s);
            free(s);
            report("mixed.csv cell", got, want[i]);
        }
    }
    mpq_clear(q);
    gdt_data_clear(&d);
    check_failures();
}

/* The shipped data sets: their shape, and the exact least-squares line of
   linreg.csv that data/README.md records (normal equations, here in GMP,
   there in Python's fractions). */
static void
test_shipped_datasets(void **state)
{
    gdt_data d;
    mpq_t sx, sy, sxx, sxy, t, u, a, b, n;
    size_t i;
    char *s;
    int lo_one = -1;

    (void)state;
    read_fixed(&d, "data/linreg.csv");
    assert_int_equal(d.ncols, 2);
    assert_int_equal(d.nrows, 20);
    assert_int_equal(gdt_data_column(&d, "x", 1), 0);
    assert_int_equal(gdt_data_column(&d, "y", 1), 1);
    mpq_inits(sx, sy, sxx, sxy, t, u, a, b, n, NULL);
    for (i = 0; i < d.nrows; i++) {
        mpq_srcptr x = d.cells[2 * i], y = d.cells[2 * i + 1];

        mpq_add(sx, sx, x);
        mpq_add(sy, sy, y);
        mpq_mul(t, x, x);
        mpq_add(sxx, sxx, t);
        mpq_mul(t, x, y);
        mpq_add(sxy, sxy, t);
    }
    mpq_set_ui(n, (unsigned long)d.nrows, 1);
    /* a = (n Sxy - Sx Sy) / (n Sxx - Sx^2), b = (Sy - a Sx) / n */
    mpq_mul(t, n, sxy);
    mpq_mul(u, sx, sy);
    mpq_sub(a, t, u);
    mpq_mul(t, n, sxx);
    mpq_mul(u, sx, sx);
    mpq_sub(t, t, u);
    mpq_div(a, a, t);
    mpq_mul(t, a, sx);
    mpq_sub(b, sy, t);
    mpq_div(b, b, n);
    s = mpq_get_str(NULL, 10, a);
    if (strcmp(s, "16958189/8387499") != 0)
        report("linreg.csv least-squares a", s, "16958189/8387499");
    free(s);
    s = mpq_get_str(NULL, 10, b);
    if (strcmp(s, "812759599/838749900") != 0)
        report("linreg.csv least-squares b", s, "812759599/838749900");
    free(s);
    mpq_clears(sx, sy, sxx, sxy, t, u, a, b, n, NULL);
    gdt_data_clear(&d);

    /* logreg.csv: y in {0, 1}, x increasing, some 0 right of some 1 */
    read_fixed(&d, "data/logreg.csv");
    assert_int_equal(d.ncols, 2);
    assert_int_equal(d.nrows, 20);
    for (i = 0; i < d.nrows; i++) {
        mpq_srcptr y = d.cells[2 * i + 1];

        assert_true(mpq_cmp_ui(y, 0, 1) == 0 || mpq_cmp_ui(y, 1, 1) == 0);
        if (i > 0)
            assert_true(mpq_cmp(d.cells[2 * i - 2], d.cells[2 * i]) < 0);
        if (lo_one < 0 && mpq_cmp_ui(y, 1, 1) == 0)
            lo_one = (int)i;
    }
    assert_true(lo_one >= 0);
    for (i = (size_t)lo_one; i < d.nrows; i++)
        if (mpq_cmp_ui(d.cells[2 * i + 1], 0, 1) == 0)
            break;
    if (i == d.nrows)
        report("logreg.csv", "linearly separable", "classes that overlap");
    gdt_data_clear(&d);
    check_failures();
}

/* ------------------------------------------------------------ random bytes */

/* Random files over an alphabet that the reader treats specially, and
   plain random bytes: every read must succeed or fail with one line that
   starts with the path, and leave nothing behind (valgrind). */
static void
test_random_bytes(void **state)
{
    static const char alphabet[] = "0123456789.,eE+-/\"\r\n\n\n \t\0xa_\xef\xbb\xbf";
    char text[96], prefix[sizeof path + 1];
    size_t k, i, n;
    int ok = 0;
    gdt_data d;
    gdt_error err;
    gdt_status st;

    (void)state;
    for (k = 0; k < 3000; k++) {
        n = (size_t)(rng() % sizeof text);
        for (i = 0; i < n; i++)
            text[i] = k % 4 == 3 ? (char)rng()
                                 : alphabet[rng() % (sizeof alphabet - 1)];
        if (k % 2 == 0 && n >= 4)
            memcpy(text, "x,y\n", 4); /* get past the header more often */
        write_fixture(text, n);
        snprintf(prefix, sizeof prefix, "%s:", path);
        gdt_data_init(&d);
        gdt_error_clear(&err);
        st = gdt_data_read(&d, path, &err);
        if (st == GDT_OK) {
            ok++;
            if (d.ncols == 0 || d.nrows == 0)
                report("random bytes, shape", "empty", "rows and columns");
        } else if (st != GDT_EVALUE || strchr(err.msg, '\n') != NULL
                   || strncmp(err.msg, prefix, strlen(prefix)) != 0) {
            report("random bytes, error", err.msg, "PATH: one line");
        }
        if (failures != 0) {
            print_input("input", text, n);
            break;
        }
        gdt_data_clear(&d);
    }
    gdt_data_clear(&d);
    check_failures();
    assert_true(ok > 0); /* some were valid */
}

/* A data set from memory (gdtrace serve's built-in ones): the same
   reader, the name given in D->path and in the messages. */
static void
test_read_text(void **state)
{
    static const char good[] = "x,y\n1/2,-3\n0.25,4\n", bad[] = "x,y\n1,\n";
    gdt_data d;
    gdt_error err;

    (void)state;
    gdt_data_init(&d);
    gdt_error_clear(&err);
    assert_int_equal(gdt_data_read_text(&d, "data/mem.csv", good, sizeof good - 1, &err), GDT_OK);
    assert_string_equal(d.path, "data/mem.csv");
    assert_int_equal(d.ncols, 2);
    assert_int_equal(d.nrows, 2);
    assert_int_equal(gdt_data_column(&d, "y", 1), 1);
    assert_int_equal(gdt_data_read_text(&d, "data/mem.csv", bad, sizeof bad - 1, &err),
                     GDT_EVALUE);
    assert_string_equal(err.msg, "data/mem.csv:2:3: empty cell");
    assert_null(d.path);
    gdt_data_clear(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_reserved),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_limit_columns),
        cmocka_unit_test(test_limit_rows),
        cmocka_unit_test(test_limit_cells),
        cmocka_unit_test(test_limit_bytes),
        cmocka_unit_test(test_limit_digits),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_fixture_mixed),
        cmocka_unit_test(test_shipped_datasets),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_read_text),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
