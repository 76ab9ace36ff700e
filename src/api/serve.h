/* serve.h -- gdtrace serve's JSON API as the library answers it: a
   request's path and query string into a reply in memory.  The query's
   keys are the command's options (max-iter or max_iter), read by the
   option reader of src/opts through gdt_api_call, with its messages; the
   HTTP server, its queue and its process are the command's
   (src/cli/cmd_serve.c). */
#ifndef GDTRACE_SERVE_H
#define GDTRACE_SERVE_H

#include <stddef.h>
#include "gdtrace/status.h"

/* A data set built into the program: NAME (NAME.csv) as a request
   gives it, PATH as its messages and command lines name it (the source
   tree's data/NAME.csv), its LEN bytes TEXT. */
typedef struct gdt_serve_data {
    const char *name, *path;
    const char *text;
    size_t len;
} gdt_serve_data;

/* What one request may ask for (past it: 413). */
typedef struct gdt_serve_limits {
    unsigned long max_points;   /* a map's grid points */
    unsigned long max_iter;     /* --max-iter (and run --at) */
    unsigned long max_prec;     /* --prec */
    unsigned long max_bits;     /* --max-bits, the size limit of exact values
                                   (a request's default; 0 is refused) */
    unsigned long run_points;   /* a run's trajectory thinned to about
                                   this many steps (its default) */
    const char *data_dir;       /* where --data's names are besides the
                                   built-in ones (a name there first), or
                                   NULL: the built-in ones only */
    const gdt_serve_data *data; /* the built-in data sets */
    size_t ndata;
} gdt_serve_limits;

#define GDT_SERVE_LIMITS_DEFAULT { 65536, 100000, 4096, 1048576, 2000, NULL, NULL, 0 }

/* A reply: an HTTP status, its content type and body (malloc'd). */
typedef struct gdt_serve_reply {
    int status;
    const char *type;
    char *body;
    size_t len;
} gdt_serve_reply;

/* What a request names besides the options: the view it draws and the
   client id and generation of the page that sent it (a newer generation
   of the same client's view cancels an older one). */
typedef struct gdt_serve_tag {
    char client[64];
    char view[32];
    unsigned long long gen;
    int has_gen;
} gdt_serve_tag;

/* 1 when PATH is one of the API's paths. */
int gdt_serve_is_api(const char *path);

/* The reply R to GET PATH?QUERY (QUERY may be NULL), within LIM,
   polling STOP.  R->status: 200; 400 a parameter refused (the command's
   message); 404 no such path; 413 past LIM; 500 failed; 503 stopped.
   GDT_OK, or GDT_ENOMEM with no reply.  Clear R with
   gdt_serve_reply_clear in every case. */
gdt_status gdt_serve_answer(gdt_serve_reply *r, const char *path, const char *query,
                            const gdt_serve_limits *lim, gdt_cancel *stop);
void gdt_serve_reply_clear(gdt_serve_reply *r);

/* The tag T of QUERY (empty when not given). */
void gdt_serve_tag_read(gdt_serve_tag *t, const char *query);

/* R = a JSON error reply of status STATUS saying MSG. */
gdt_status gdt_serve_error(gdt_serve_reply *r, int status, const char *msg);

#endif
