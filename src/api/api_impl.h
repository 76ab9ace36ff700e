/* api_impl.h -- what the files of src/api share: gdt_api_call with a
   sweep's points handed to a sink of the caller's (gdtrace serve's maps) */
#ifndef GDTRACE_API_IMPL_H
#define GDTRACE_API_IMPL_H

#include <stdint.h>
#include "gdtrace/api.h"
#include "gdtrace/sweep.h"

/* A sweep run into SINK rather than the jsonl report: N the grid's points
   along each axis (N[1] 1 for one axis), DONE the points SINK wrote. */
typedef struct gdt_api_map {
    gdt_sweep_sink sink;
    size_t n[2];
    uint64_t done;
} gdt_api_map;

/* What gdtrace serve adds to a call (zero: nothing).  MAP: for "sweep",
   its points into MAP's sink (OUT then holds nothing).  THIN above 1:
   for "compare", only steps 0, THIN, 2 THIN, ..., those where an event
   of some mode happens (its first difference, inf, nan, stall, ...) and
   each mode's last (the events and the summary whole), as run --every
   thins a run.  DATA_TEXT: the bytes (DATA_LEN) of the data set --data
   names, built into the program (gdt_data_read_text). */
typedef struct gdt_api_extra {
    gdt_api_map *map;
    unsigned long thin;
    const char *data_text;
    size_t data_len;
} gdt_api_extra;

/* gdt_api_call with X (NULL: none). */
int gdt_api_call_map(const char *command, size_t n, const char *const *k,
                     const char *const *v, gdt_cancel *stop, const gdt_api_extra *x,
                     char **out, size_t *len, char *msg, size_t msgsize);

#endif
