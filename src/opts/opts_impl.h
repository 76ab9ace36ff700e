/* opts_impl.h -- what the files of src/opts share */
#ifndef GDTRACE_OPTS_IMPL_H
#define GDTRACE_OPTS_IMPL_H

#include "opts.h"

/* A value of option OPT (NULL: none named) refused: GDT_EVALUE, ERR's
   message "--OPT: " and FMT's text (S keeps it whole, gdt_opts_message). */
gdt_status gdt_opts_bad(gdt_opts *s, gdt_error *err, const char *opt, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
