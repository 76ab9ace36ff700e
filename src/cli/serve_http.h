/* serve_http.h -- gdtrace serve's HTTP server, the serve module
   (gdtrace-serve.so, serve_http.c on GNU libmicrohttpd): what
   cmd_serve.c, which holds the queue, the limits and the answers, asks of
   it (not installed)

   libmicrohttpd and the TLS and IDN libraries behind it cost a process
   ten milliseconds before main; only gdtrace serve needs them, so the
   server is a module of its own (base/module.h), loaded when the command
   starts.  It knows nothing of gdtrace: a request is its method and raw
   URI handed to the command's handler, which answers through reply. */
#ifndef GDTRACE_SERVE_HTTP_H
#define GDTRACE_SERVE_HTTP_H

#include <stddef.h>
#include <sys/socket.h>
#include "base/module.h"

/* Raise it when the table or what its functions take changes. */
#define GDT_SERVE_ABI 2

/* A request's connection (libmicrohttpd's), for reply and fd. */
typedef struct gdt_http_conn gdt_http_conn;

/* The command's answer to METHOD URI (the raw URI, its query and all) on
   C: 1 when reply queued it, 0 to drop the connection.  Called on the
   connection's own thread (a thread per connection). */
typedef int (*gdt_http_handler)(void *cls, gdt_http_conn *c, const char *method,
                                const char *uri);

typedef struct gdt_http_config {
    const struct sockaddr *addr; /* where to listen (port in it) */
    int v6;                      /* ADDR is IPv6 */
    unsigned timeout;            /* an idle connection's seconds */
    unsigned max_conns;          /* connections at once */
    unsigned per_ip;             /* of them from one address */
    unsigned header_timeout;     /* seconds a request's line and headers
                                    have to arrive in, from the
                                    connection's start or the end of its
                                    last request: past them the
                                    connection is closed (slow clients
                                    holding it) */
    gdt_http_handler handle;
    void *cls;                   /* HANDLE's first argument */
} gdt_http_config;

typedef struct gdt_serve_module {
    gdt_module_head head; /* { GDT_SERVE_ABI, sizeof (gdt_serve_module) } */
    /* Start listening as CFG says, *PORT the port bound (ADDR's port 0:
       a free one); the server, or NULL with errno set (0: the library
       refused). */
    void *(*start)(const gdt_http_config *cfg, unsigned *port);
    /* Stop server S: every connection ended, every handler returned. */
    void (*stop)(void *s);
    /* Queue on C the reply STATUS of content TYPE, BODY of LEN bytes
       (must_free: BODY is malloc'd, freed here in every case; else it
       outlives the server); a 405 says Allow: GET.  1, or 0 when it
       cannot be queued. */
    int (*reply)(gdt_http_conn *c, int status, const char *type, void *body, size_t len,
                 int must_free);
    /* C's socket, or -1 (to see a client that went away). */
    int (*fd)(gdt_http_conn *c);
} gdt_serve_module;

/* The module's one symbol (base/module.c looks it up by this name). */
extern const gdt_serve_module gdt_module_serve_v1;

#endif
