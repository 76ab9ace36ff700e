/* gdtrace/data.h -- data sets: a CSV file of exact numbers, one column per
   variable */
#ifndef GDTRACE_DATA_H
#define GDTRACE_DATA_H

#include <stddef.h>
#include <gmp.h>
#include "gdtrace/status.h"

/* Limits of gdt_data_read: larger inputs are refused with GDT_EVALUE and a
   message that names the limit, before anything that large is allocated. */
#define GDT_DATA_MAX_BYTES (100UL * 1024 * 1024) /* file size: 100 MiB */
#define GDT_DATA_MAX_ROWS 1000000UL              /* data rows */
#define GDT_DATA_MAX_COLS 1000UL                 /* columns */
#define GDT_DATA_MAX_CELLS 10000000UL            /* rows x columns */
/* The exact values of all cells together may take at most this many
   decimal digits, counted for each cell as its length plus the size of its
   written exponent ("1e-300" counts 6 + 300).  This bounds the memory that
   exponents can ask for: "1e999999" is a 415 KB integer. */
#define GDT_DATA_MAX_DIGITS 100000000UL

/* A data set read from a file: NROWS rows of NCOLS exact numbers. */
typedef struct gdt_data {
    char *path;          /* as given */
    size_t ncols, nrows;
    char **names;        /* column names, from the header row */
    mpq_t *cells;        /* nrows * ncols, row-major, each cell's exact value */
    size_t *neg0;        /* the indices into cells of the zeros written with
                            a minus ("-0", "-0.0"), in increasing order: the
                            float modes read them as negative zeros, as
                            Python's float('-0') */
    size_t nneg0;
} gdt_data;

/* Set D up empty (no path, no columns, no rows). */
void gdt_data_init(gdt_data *d);

/* Read the CSV file PATH into D, which must have been set up by
   gdt_data_init (any contents it holds are released first).

   The format: the first line is a header naming the columns, each line
   after it a data row with one cell per column, cells separated by commas.
   A column name is an identifier [A-Za-z_][A-Za-z0-9_]*, not used twice and
   not one of the function names exp log sqrt sin cos tan tanh sigmoid abs
   min max mean sum.  A cell is a number as gdt_q_parse reads it, exactly:
   "0.1" is 1/10, "1e-3", "-2.5" and "3/4" are fine.  Spaces and tabs
   around a cell (and inside its quotes) are ignored; a cell (or a name)
   may be wrapped in double quotes, which cannot contain a quote or a line
   end (nor, since no number or name has one, a comma).  Lines end in "\n" or "\r\n", the last one may lack it;
   blank lines at the end of the file are ignored, a blank line before the
   last row is an error.  A UTF-8 byte order mark at the start is skipped.

   Returns GDT_OK with D filled, PATH copied, and the data owned by D.
   Otherwise D is left empty (as gdt_data_init leaves it) and ERR (which may
   be NULL) holds a one-line message "PATH:LINE:COLUMN: what", "PATH:LINE:
   what" or "PATH: what"; LINE and COLUMN count from 1, COLUMN in bytes
   from the start of the line (after the byte order mark) to the first
   byte of the bad cell (its opening quote, if quoted, after any blanks),
   and ERR->pos is the 0-based byte offset of that cell in the file
   (SIZE_MAX when the message has no position).  Statuses: GDT_EIO when
   the file cannot be opened or read (the message ends with strerror);
   GDT_ENOMEM when out of memory; GDT_EVALUE for everything else: an empty
   file, no data rows, a bad, duplicate or reserved column name, a row
   whose number of cells is not the header's, an empty cell, a cell that
   is not a number, a zero denominator, an exponent beyond +-1000000, a
   quote that is not closed or is followed by more text, and inputs beyond
   the GDT_DATA_MAX_* limits. */
gdt_status gdt_data_read(gdt_data *d, const char *path, gdt_error *err)
    GDT_MUST_CHECK;

/* The same from the LEN bytes at TEXT (a data set built into the
   program), PATH the name its messages and D->path give it. */
gdt_status gdt_data_read_text(gdt_data *d, const char *path, const char *text, size_t len,
                              gdt_error *err) GDT_MUST_CHECK;

/* Release what D holds and leave it empty; D may be NULL, or be what a
   failed gdt_data_read left. */
void gdt_data_clear(gdt_data *d);

/* The index of the column whose name is the LEN bytes at NAME (which need
   not be NUL-terminated), or -1 when D has no such column. */
int gdt_data_column(const gdt_data *d, const char *name, size_t len);

#endif
