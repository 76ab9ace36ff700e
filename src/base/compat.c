/* compat -- COMPAT(issue 10), temporary: the one writable global left in
   the library, the stop flag that analyze/ still polls (gdtrace/guard.h
   says when to delete this file) */
#include "gdtrace/guard.h"

volatile sig_atomic_t gdt_guard_stop;
