/* serve_http -- the serve module: gdtrace serve's HTTP server on GNU
   libmicrohttpd (serve_http.h), a thread per connection; a GET's method
   and raw URI go to the command's handler, a body is read and dropped.
   Built as gdtrace-serve.so, never linked into the command.

   Slow clients: libmicrohttpd's timeout is an idle one, which a client
   sending a byte now and then never reaches, so a watchdog thread closes
   (shutdown) every connection whose request line and headers have not
   all come within the header deadline; and one address holds at most
   per_ip connections, so that others still get in. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <microhttpd.h>
#include "serve_http.h"

/* A connection the watchdog watches: since when it waits for a request's
   headers (waiting 0: a request is being answered). */
typedef struct watched {
    int fd;
    int waiting;
    struct timespec since;
    struct watched *prev, *next;
} watched;

struct server {
    struct MHD_Daemon *d;
    gdt_http_handler handle;
    void *cls;
    unsigned header_timeout;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    watched *conns;
    pthread_t watchdog;
    int watching, stopping;
};

static void
now(struct timespec *t)
{
    clock_gettime(CLOCK_MONOTONIC, t);
}

/* The connection's entry (its socket context), or NULL. */
static watched *
entry(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci != NULL ? ci->socket_context : NULL;
}

/* A connection opened or closed: its entry added or removed. */
static void
notify(void *cls, struct MHD_Connection *c, void **socket_context,
       enum MHD_ConnectionNotificationCode code)
{
    struct server *s = cls;
    watched *w;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci == NULL || (w = calloc(1, sizeof *w)) == NULL)
            return; /* not watched */
        w->fd = ci->connect_fd;
        w->waiting = 1;
        now(&w->since);
        pthread_mutex_lock(&s->lock);
        w->next = s->conns;
        if (s->conns != NULL)
            s->conns->prev = w;
        s->conns = w;
        pthread_mutex_unlock(&s->lock);
        *socket_context = w;
    } else if ((w = *socket_context) != NULL) {
        pthread_mutex_lock(&s->lock);
        if (w->prev != NULL)
            w->prev->next = w->next;
        else
            s->conns = w->next;
        if (w->next != NULL)
            w->next->prev = w->prev;
        pthread_mutex_unlock(&s->lock);
        free(w);
        *socket_context = NULL;
    }
}

/* Every quarter second: the connections past the header deadline shut
   down (their threads then see the end and close them). */
static void *
watchdog(void *arg)
{
    struct server *s = arg;
    struct timespec t, wake;
    watched *w;

    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        now(&t);
        for (w = s->conns; w != NULL; w = w->next)
            if (w->waiting && w->fd >= 0
                && (t.tv_sec - w->since.tv_sec) * 1000L
                           + (t.tv_nsec - w->since.tv_nsec) / 1000000L
                       > (long)s->header_timeout * 1000L) {
                shutdown(w->fd, SHUT_RDWR);
                w->fd = -1;
            }
        clock_gettime(CLOCK_REALTIME, &wake);
        wake.tv_nsec += 250000000L;
        if (wake.tv_nsec >= 1000000000L) {
            wake.tv_nsec -= 1000000000L;
            wake.tv_sec++;
        }
        pthread_cond_timedwait(&s->cond, &s->lock, &wake);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* The connection's request has its headers, or is answered: W waits
   no more, or again from now. */
static void
set_waiting(struct server *s, watched *w, int waiting)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    w->waiting = waiting;
    now(&w->since);
    pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct server *s = cls;

    (void)version;
    (void)upload_data;
    set_waiting(s, entry(c), 0); /* the request's headers are in */
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

/* A request done: the connection waits for the next one's headers. */
static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    set_waiting(cls, entry(c), 1);
    free(*con_cls);
    *con_cls = NULL;
}

/* A connection's buffer for a request's line and headers: a URI longer
   than the command takes (414, its JSON) fits in it; past it
   libmicrohttpd answers 414 itself. */
#define REQUEST_MAX (256 * 1024)

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
    memset(s, 0, sizeof *s);
    s->handle = cfg->handle;
    s->cls = cfg->cls;
    s->header_timeout = cfg->header_timeout;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (cfg->v6)
        flags |= MHD_USE_IPv6;
    *port = cfg->v6 ? ntohs(((const struct sockaddr_in6 *)cfg->addr)->sin6_port)
                    : ntohs(((const struct sockaddr_in *)cfg->addr)->sin_port);
    errno = 0;
    s->d = MHD_start_daemon(flags, (uint16_t)*port, NULL, NULL, handle, s,
                            MHD_OPTION_SOCK_ADDR, cfg->addr,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MAX,
                            MHD_OPTION_URI_LOG_CALLBACK, keep_uri, NULL,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                            MHD_OPTION_NOTIFY_CONNECTION, notify, s,
                            MHD_OPTION_END);
    if (s->d != NULL) {
        s->watching = pthread_create(&s->watchdog, NULL, watchdog, s) == 0;
        if (!s->watching) {
            MHD_stop_daemon(s->d);
            s->d = NULL;
            errno = EAGAIN;
        }
    }
    if (s->d == NULL) {
        int e = errno;
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->cond);
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

    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->watchdog, NULL);
    MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
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
    if (status == 405)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET");
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
