/* serve_http -- the serve module: gdtrace serve's HTTP server on GNU
   libmicrohttpd (serve_http.h), a thread per connection; a GET's method
   and raw URI go to the command's handler, a body is read and dropped.
   Built as gdtrace-serve.so, never linked into the command. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>
#include "serve_http.h"

struct server {
    struct MHD_Daemon *d;
    gdt_http_handler handle;
    void *cls;
};

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct server *s = cls;

    (void)version;
    (void)upload_data;
    if (*upload_size != 0) { /* a body: refused by the handler, read and dropped */
        *upload_size = 0;
        return MHD_YES;
    }
    return s->handle(s->cls, (gdt_http_conn *)c, method, *con_cls != NULL ? *con_cls : url)
               ? MHD_YES : MHD_NO;
}

/* The raw URI, query and all, kept for the handler. */
static void *
keep_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    return strdup(uri);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    free(*con_cls);
    *con_cls = NULL;
}

static void *
start(const gdt_http_config *cfg, unsigned *port)
{
    struct server *s = malloc(sizeof *s);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
    const union MHD_DaemonInfo *di;
    struct sockaddr_storage got;
    socklen_t gotlen = sizeof got;

    if (s == NULL)
        return NULL;
    s->handle = cfg->handle;
    s->cls = cfg->cls;
    if (cfg->v6)
        flags |= MHD_USE_IPv6;
    *port = cfg->v6 ? ntohs(((const struct sockaddr_in6 *)cfg->addr)->sin6_port)
                    : ntohs(((const struct sockaddr_in *)cfg->addr)->sin_port);
    errno = 0;
    s->d = MHD_start_daemon(flags, (uint16_t)*port, NULL, NULL, handle, s,
                            MHD_OPTION_SOCK_ADDR, cfg->addr,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
                            MHD_OPTION_URI_LOG_CALLBACK, keep_uri, NULL,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                            MHD_OPTION_END);
    if (s->d == NULL) {
        int e = errno;
        free(s);
        errno = e;
        return NULL;
    }
    di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_LISTEN_FD);
    if (di != NULL && getsockname(di->listen_fd, (struct sockaddr *)&got, &gotlen) == 0)
        *port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                                : ((struct sockaddr_in *)&got)->sin_port);
    return s;
}

static void
stop(void *arg)
{
    struct server *s = arg;

    MHD_stop_daemon(s->d);
    free(s);
}

static int
reply(gdt_http_conn *conn, int status, const char *type, void *body, size_t len, int must_free)
{
    struct MHD_Connection *c = (struct MHD_Connection *)conn;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    if (r == NULL) {
        if (must_free)
            free(body);
        return 0;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret == MHD_YES;
}

static int
fd(gdt_http_conn *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info((struct MHD_Connection *)conn, MHD_CONNECTION_INFO_CONNECTION_FD);

    return ci != NULL ? ci->connect_fd : -1;
}

const gdt_serve_module gdt_module_serve_v1 = {
    .head = { GDT_SERVE_ABI, sizeof(gdt_serve_module) },
    .start = start,
    .stop = stop,
    .reply = reply,
    .fd = fd,
};
