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

/* gdt_api_call, and for "sweep" with MAP not NULL, its points into MAP's
   sink (OUT then holds nothing). */
int gdt_api_call_map(const char *command, size_t n, const char *const *k,
                     const char *const *v, gdt_cancel *stop, gdt_api_map *map, char **out,
                     size_t *len, char *msg, size_t msgsize);

#endif
