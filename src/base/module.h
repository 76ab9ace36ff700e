/* module.h -- the loadable modules: Arb's balls and gdtrace serve's HTTP
   server, each a shared object loaded the first time it is needed, so
   that a process that needs neither never maps their libraries (not
   installed)

   A module is a file NAME (gdtrace-ball.so, gdtrace-serve.so) that
   defines one data symbol, a table of function pointers that begins with
   a gdt_module_head; its symbol's name carries the generation of that
   head (gdt_module_ball_v1), the head the module's ABI number, which the
   loader checks against the one its caller was built with, so that a
   module of another build is refused, never called.

   Where it is looked for, the first directory that holds NAME:
     1. $GDTRACE_MODULE_DIR, when set and not empty (the tests: the build
        directory); set, nowhere else;
     2. the directory of the object that holds this loader: build/ for the
        build tree's gdtrace and libgdtrace.so, and its gdtrace/
        subdirectory (an installed libgdtrace.so in LIBDIR);
     3. the directory the build was configured for, LIBDIR/gdtrace
        (GDT_MODULE_DIR, given by the Makefile). */
#ifndef GDTRACE_MODULE_H
#define GDTRACE_MODULE_H

#include "gdtrace/status.h"

typedef enum gdt_module_id {
    GDT_MODULE_BALL,  /* gdtrace-ball.so: num/num_ball.c on Arb */
    GDT_MODULE_SERVE, /* gdtrace-serve.so: cli/serve_http.c on libmicrohttpd */
    GDT_MODULE_COUNT
} gdt_module_id;

/* What every module's table begins with. */
typedef struct gdt_module_head {
    unsigned abi;  /* the module's ABI number (GDT_BALL_ABI, ...) */
    unsigned size; /* sizeof its table */
} gdt_module_head;

/* Set *TABLE to module ID's table, loading the module the first time any
   thread asks (once per process, whichever thread: pthread_once); ABI
   and SIZE are the caller's idea of the table.  GDT_OK, or
   GDT_EUNAVAILABLE with ERR (may be NULL) saying why, as "cannot load
   PATH: REASON": the file is nowhere, dlopen failed (dlerror's words), it
   has no such symbol, or another ABI.  A module that failed to load
   fails the same way for the rest of the process.  The module stays
   loaded until the process ends. */
gdt_status gdt_module_get(const void **table, gdt_module_id id, unsigned abi, unsigned size,
                          gdt_error *err) GDT_MUST_CHECK;

/* Module ID's table when it is loaded already, else NULL: never loads
   it (the clean-up of a thread that may not have used it). */
const void *gdt_module_loaded(gdt_module_id id);

#endif
