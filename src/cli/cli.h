/* cli.h -- what src/cli/main.c offers besides main(), for the fuzz targets */
#ifndef GDTRACE_CLI_H
#define GDTRACE_CLI_H

/* Read and check the command line ARGC, ARGV (ARGV[0] the program name) as
   gdtrace does before it runs, and stop there: no file is read, nothing
   runs, nothing is printed on stdout (--help and --version only count as
   fine).  Returns gdtrace's exit status for these options: 0 when they are
   fine, 2 for a usage error (said on stderr), 1 when out of memory.
   Everything it allocates is freed.  For tests/fuzz/fuzz_options.c. */
int gdt_cli_check_args(int argc, char **argv);

#endif
