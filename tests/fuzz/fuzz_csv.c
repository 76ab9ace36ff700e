/* fuzz_csv -- libFuzzer target: the CSV reader

   gdt_data_read reads a file by path, so each input is written to one
   temporary file, made once per process and rewritten for every input, and
   read from there.  What reads must be consistent (at least one row and one
   column, every name found again by gdt_data_column, every cell a canonical
   rational); then it is cleared, so that the leak checker sees any leak.  A
   failed read must leave the data set empty, as data.h promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gmp.h>
#include "gdtrace/data.h"

#define INPUT_MAX (64 * 1024) /* bytes per input */

static char path[] = "/tmp/gdtrace-fuzz-csv-XXXXXX";
static int fd = -1;

/* The temporary file goes when the process exits. */
static void
remove_file(void)
{
    unlink(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_csv: mkstemp");
        abort();
    }
    atexit(remove_file);
    return 0;
}

/* Replace the file's contents with the SIZE bytes at DATA. */
static int
rewrite(const uint8_t *data, size_t size)
{
    size_t done = 0;

    if (ftruncate(fd, 0) != 0)
        return -1;
    while (done < size) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

static void
check(const gdt_data *d)
{
    size_t i;

    if (d->ncols == 0 || d->nrows == 0 || d->path == NULL || strcmp(d->path, path) != 0)
        abort();
    for (i = 0; i < d->ncols; i++)
        if (gdt_data_column(d, d->names[i], strlen(d->names[i])) != (int)i)
            abort();
    for (i = 0; i < d->ncols * d->nrows; i++)
        if (mpz_sgn(mpq_denref(d->cells[i])) <= 0)
            abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gdt_data d;
    gdt_error err;

    if (size > INPUT_MAX)
        return 0;
    if (rewrite(data, size) != 0) {
        perror("fuzz_csv: writing the temporary file");
        abort();
    }
    gdt_data_init(&d);
    if (gdt_data_read(&d, path, &err) == GDT_OK)
        check(&d);
    else if (d.path != NULL || d.names != NULL || d.cells != NULL || d.ncols || d.nrows)
        abort(); /* a failed read leaves D empty */
    gdt_data_clear(&d);
    return 0;
}
