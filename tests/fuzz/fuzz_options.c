/* fuzz_options -- libFuzzer target: the command line's option parsing

   The input is split at NUL and newline bytes into at most MAX_ARGS
   arguments after argv[0] = "gdtrace": "run\n--lr\n0.1" is gdtrace run
   --lr 0.1 (a final newline ends the last argument, it makes no empty one).
   gdt_cli_check_args (src/cli/cli.h) reads and checks them as gdtrace
   would, without running anything; the exit status must be one of
   gdtrace's (0, 1, 2).  Usage errors are printed on stderr, which is
   pointed at /dev/null here: the C stream only, not file descriptor 2, on
   which the sanitizers and libFuzzer report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define INPUT_MAX 4096 /* bytes per input */
#define MAX_ARGS 32    /* arguments after argv[0] */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FILE *null = fopen("/dev/null", "w");

    (void)argc;
    (void)argv;
    if (null == NULL) {
        perror("fuzz_options: /dev/null");
        abort();
    }
    stderr = null; /* glibc lets the stream be replaced */
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy, *argv[MAX_ARGS + 2], *p;
    int argc = 0, rc;
    size_t i;

    if (size > INPUT_MAX)
        return 0;
    copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[argc++] = (char *)"gdtrace";
    p = copy;
    for (i = 0; i < size && argc <= MAX_ARGS; i++)
        if (copy[i] == '\0' || copy[i] == '\n') {
            copy[i] = '\0';
            argv[argc++] = p;
            p = copy + i + 1;
        }
    if (*p != '\0' && argc <= MAX_ARGS) /* the last one, unless empty */
        argv[argc++] = p;
    argv[argc] = NULL;
    rc = gdt_cli_check_args(argc, argv);
    if (rc < 0 || rc > 2)
        abort();
    free(copy);
    return 0;
}
