/* cmd_serve -- gdtrace serve: the divergence explorer's HTTP server on GNU
   libmicrohttpd, which the serve module holds (serve_http.h, loaded when
   the command starts, so that no other command maps it).  It serves the
   page (web/index.html, embedded at build
   time as build/gen/web_page.h) at / and the JSON API of the library
   (src/api/serve.c) at /api/map, /api/run, /api/compare, /api/analyze;
   GET only, nothing from disk.

   A connection has a thread of its own (libmicrohttpd's thread per
   connection).  An API request is admitted when fewer than C + Q are in
   the server (C computing, Q waiting: --threads, --queue), else 429 at
   once.  Its connection's thread runs the computation in a thread of its
   own and meanwhile polls the socket: a client gone sets the
   computation's stop flag, as does a newer request of the same client id
   and view (a later generation), and SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include "api/serve.h"
#include "gdtrace/buf.h"
#include "base/module.h"
#include "cli_impl.h"
#include "serve_http.h"
#include "web_page.h"
#include "data_sets.h"

/* A computation: its request, its stop flag and reply. */
typedef struct job {
    gdt_serve_tag tag;
    const char *path, *query;
    volatile sig_atomic_t stop;
    int superseded, done;
    gdt_serve_reply reply;
    gdt_status st;
    struct server *srv;
    struct job *next;
} job;

typedef struct server {
    gdt_serve_limits lim;
    unsigned long running_max, queue_max;
    unsigned long running, waiting;
    job *jobs;                  /* every job admitted */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int quiet;
    const gdt_serve_module *http;
    gdt_buf page;               /* the page, the server's settings in it */
} server;

static void
usage(FILE *f)
{
    size_t i;

    fprintf(f,
            "usage: gdtrace serve [options]\n"
            "\n"
            "The divergence explorer: a page that maps the outcomes of gradient descent\n"
            "over learning rates and starting points, with pan and zoom, and shows the run\n"
            "of a point clicked; and its JSON API: GET /api/map, /api/run, /api/compare and\n"
            "/api/analyze with the command's options as the query's keys (max-iter or\n"
            "max_iter), checked as the command line's are (400 and the message).\n"
            "\n"
            "options:\n"
            "  --port N            the TCP port; 0: a free one (default: 8080)\n"
            "  --bind ADDR         the address to listen on (default: 127.0.0.1)\n"
            "  --threads C         computations at once (default: 2)\n"
            "  --queue Q           requests waiting for one; past C + Q a request\n"
            "                      gets 429 at once (default: 16)\n"
            "  --max-points N      a map's grid points a request (default: 65536)\n"
            "  --max-iter N        max-iter (and run's at) a request (default: 100000)\n"
            "  --max-prec BITS     prec, and the max-prec of balls (certify,\n"
            "                      mode certified), a request (default: 4096)\n"
            "  --max-bits B        max-bits a request, the size limit of exact values;\n"
            "                      also its default (default: 1048576)\n"
            "  --run-points N      a run's and a comparison's records thinned to about\n"
            "                      N steps; a run's every past it gets 413 (default: 2000)\n"
            "  --data-dir DIR      data sets a request may name (data=NAME.csv) besides\n"
            "                      the built-in ones (a name in DIR first)\n"
            "  --timeout S         an idle connection closed after S seconds (default: 10)\n"
            "  --header-timeout S  a connection whose request line and headers have not\n"
            "                      come within S seconds closed (default: 10)\n"
            "  --per-ip N          connections at once from one address (default: 32)\n"
            "  --quiet             no line per request on stderr\n"
            "  --help              print this help and exit\n"
            "\n"
            "Past a limit a request gets 413; a path not listed 404; a method but GET 405;\n"
            "a URI over 32768 bytes 414.  Options take --NAME VALUE or --NAME=VALUE.\n"
            "\n"
            "built-in data sets (the source's data/NAME.csv):");
    for (i = 0; i < sizeof cli_data_sets / sizeof cli_data_sets[0]; i++)
        fprintf(f, " %s", cli_data_sets[i].name);
    fprintf(f, "\n");
}

/* --NAME's value VALUE as a whole number MIN..MAX into *N: 0, or
   EXIT_USAGE after the message. */
static int
number(const char *name, const char *value, unsigned long min, unsigned long max,
       unsigned long *n)
{
    char *end;
    unsigned long long v;

    errno = 0;
    if (value[0] < '0' || value[0] > '9')
        return cli_bad_option(name, "'%s' is not a whole number", value);
    v = strtoull(value, &end, 10);
    if (*end != '\0' || errno != 0 || v < min || v > max) {
        char msg[96];
        snprintf(msg, sizeof msg, "'%%s' is not a whole number from %lu to %lu", min, max);
        return cli_bad_option(name, msg, value);
    }
    *n = (unsigned long)v;
    return 0;
}

/* The request's first line on stderr. */
static void
log_request(server *s, const char *method, const char *uri, int status)
{
    if (!s->quiet)
        fprintf(stderr, "%s: %d %s %.200s\n", progname, status, method, uri);
}

/* 1 when the peer of FD has closed its end. */
static int
peer_gone(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char c;

    if (fd < 0)
        return 0;
    if (poll(&p, 1, 0) <= 0)
        return 0;
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
        return 1;
    if (p.revents & POLLIN)
        return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
    return 0;
}

static void
deadline(struct timespec *t, long ms)
{
    clock_gettime(CLOCK_REALTIME, t);
    t->tv_nsec += ms * 1000000L;
    while (t->tv_nsec >= 1000000000L) {
        t->tv_nsec -= 1000000000L;
        t->tv_sec++;
    }
}

static void *
compute(void *arg)
{
    job *j = arg;

    j->st = gdt_serve_answer(&j->reply, j->path, j->query, &j->srv->lim, &j->stop);
    pthread_mutex_lock(&j->srv->lock);
    j->done = 1;
    pthread_cond_broadcast(&j->srv->cond);
    pthread_mutex_unlock(&j->srv->lock);
    return NULL;
}

/* Stop J's computation when its client is gone or the server stops
   (called with the lock held). */
static void
check_stop(job *j, int fd)
{
    if (cli_guard_stop || peer_gone(fd))
        j->stop = 1;
}

static void
unlink_job(server *s, job *j)
{
    job **p;

    for (p = &s->jobs; *p != NULL; p = &(*p)->next)
        if (*p == j) {
            *p = j->next;
            break;
        }
}

static int
reply_error(server *s, gdt_http_conn *c, int status, const char *msg)
{
    gdt_serve_reply r;

    memset(&r, 0, sizeof r);
    if (gdt_serve_error(&r, status, msg) != GDT_OK)
        return 0;
    return s->http->reply(c, status, r.type, r.body, r.len, 1);
}

/* An API request: admitted or refused (429), waits for a slot, runs. */
static int
api(server *s, gdt_http_conn *c, const char *path, const char *query, int *status)
{
    int fd = s->http->fd(c);
    struct timespec t;
    pthread_t th;
    job j, *o;
    char msg[160];
    unsigned long load;

    if (cli_guard_stop) {
        *status = 503;
        return reply_error(s, c, 503, "the server is stopping");
    }
    memset(&j, 0, sizeof j);
    gdt_serve_tag_read(&j.tag, query);
    j.path = path;
    j.query = query;
    j.srv = s;
    pthread_mutex_lock(&s->lock);
    /* a newer request of the same client's view stops the older ones,
       which then count no more against the queue */
    for (o = s->jobs; o != NULL; o = o->next)
        if (j.tag.client[0] != '\0' && strcmp(o->tag.client, j.tag.client) == 0
            && strcmp(o->tag.view, j.tag.view) == 0
            && (!j.tag.has_gen || !o->tag.has_gen || o->tag.gen < j.tag.gen)) {
            o->stop = 1;
            o->superseded = 1;
        }
    for (o = s->jobs, load = 0; o != NULL; o = o->next)
        load += !o->stop;
    if (load >= s->running_max + s->queue_max) {
        pthread_mutex_unlock(&s->lock);
        snprintf(msg, sizeof msg,
                 "busy: %lu computations running and %lu waiting, the server's limit; try again",
                 s->running_max, s->queue_max);
        *status = 429;
        return reply_error(s, c, 429, msg);
    }
    j.next = s->jobs;
    s->jobs = &j;
    s->waiting++;
    while (s->running >= s->running_max && !j.stop) {
        deadline(&t, 50);
        pthread_cond_timedwait(&s->cond, &s->lock, &t);
        check_stop(&j, fd);
    }
    s->waiting--;
    if (!j.stop) {
        s->running++;
        if (pthread_create(&th, NULL, compute, &j) != 0) {
            j.st = GDT_ENOMEM;
            j.done = 1;
        } else {
            while (!j.done) {
                deadline(&t, 50);
                pthread_cond_timedwait(&s->cond, &s->lock, &t);
                if (!j.done)
                    check_stop(&j, fd);
            }
            pthread_mutex_unlock(&s->lock);
            pthread_join(th, NULL);
            pthread_mutex_lock(&s->lock);
        }
        s->running--;
    }
    unlink_job(s, &j);
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);

    if (j.superseded) {
        gdt_serve_reply_clear(&j.reply);
        *status = 409;
        return reply_error(s, c, 409, "cancelled: a newer request for the same view");
    }
    if (j.stop && !j.done) {
        *status = 503;
        return reply_error(s, c, 503, cli_guard_stop ? "the server is stopping" : "cancelled");
    }
    if (j.st != GDT_OK) {
        gdt_serve_reply_clear(&j.reply);
        *status = 500;
        return reply_error(s, c, 500, "out of memory");
    }
    *status = j.reply.status;
    return s->http->reply(c, j.reply.status, j.reply.type, j.reply.body, j.reply.len, 1);
}

/* TEXT as a JSON string that can stand inside a <script> element (< as
   \u003c), into B. */
static gdt_status
page_json_string(gdt_buf *b, const char *text)
{
    gdt_status st = gdt_buf_putc(b, '"');

    for (; st == GDT_OK && *text != '\0'; text++) {
        unsigned char c = (unsigned char)*text;
        if (c == '"' || c == '\\')
            st = gdt_buf_printf(b, "\\%c", c);
        else if (c < 0x20 || c == '<')
            st = gdt_buf_printf(b, "\\u%04x", c);
        else
            st = gdt_buf_putc(b, (char)c);
    }
    return st == GDT_OK ? gdt_buf_putc(b, '"') : st;
}

/* 1 when NAME is a name a request may give as --data (NAME.csv, no
   path). */
static int
data_name(const char *name)
{
    size_t len = strlen(name), i;

    if (len <= 4 || len >= 200 || name[0] == '.' || strcmp(name + len - 4, ".csv") != 0)
        return 0;
    for (i = 0; i < len; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z')
              || (name[i] >= '0' && name[i] <= '9') || name[i] == '_' || name[i] == '-'
              || name[i] == '.'))
            return 0;
    return 1;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The data sets into PAGE as a JSON object, name: the path a command
   line names it by: the data directory's (as the server starts, in
   order), then the built-in ones it does not hide. */
static gdt_status
page_data(gdt_buf *page, const gdt_serve_limits *lim)
{
    gdt_status st = gdt_buf_putc(page, '{');
    int first = 1;
    size_t i;
    DIR *d = lim->data_dir != NULL ? opendir(lim->data_dir) : NULL;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, j;

    while (d != NULL && st == GDT_OK && (e = readdir(d)) != NULL && n < 1000) {
        char **more;
        if (!data_name(e->d_name))
            continue;
        if ((more = realloc(names, (n + 1) * sizeof *names)) == NULL
            || (more[n] = strdup(e->d_name)) == NULL) {
            names = more != NULL ? more : names;
            st = GDT_ENOMEM;
            break;
        }
        names = more;
        n++;
    }
    if (d != NULL)
        closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    for (j = 0; st == GDT_OK && j < n; j++) {
        char *path = malloc(strlen(lim->data_dir) + strlen(names[j]) + 2);
        if (path == NULL) {
            st = GDT_ENOMEM;
            break;
        }
        sprintf(path, "%s/%s", lim->data_dir, names[j]);
        st = gdt_buf_puts(page, first ? " " : ", ");
        if (st == GDT_OK)
            st = page_json_string(page, names[j]);
        if (st == GDT_OK)
            st = gdt_buf_puts(page, ": ");
        if (st == GDT_OK)
            st = page_json_string(page, path);
        free(path);
        first = 0;
    }
    for (i = 0; st == GDT_OK && i < lim->ndata; i++) {
        for (j = 0; j < n && strcmp(names[j], lim->data[i].name) != 0; j++)
            ;
        if (j < n)
            continue; /* the data directory's, of the same name */
        st = gdt_buf_puts(page, first ? " " : ", ");
        if (st == GDT_OK)
            st = page_json_string(page, lim->data[i].name);
        if (st == GDT_OK)
            st = gdt_buf_puts(page, ": ");
        if (st == GDT_OK)
            st = page_json_string(page, lim->data[i].path);
        first = 0;
    }
    for (j = 0; j < n; j++)
        free(names[j]);
    free(names);
    return st == GDT_OK ? gdt_buf_puts(page, first ? "}" : " }") : st;
}

/* The page into PAGE, the {} of its element <script id="server"> replaced
   by the settings it needs: max_prec, the cap of its certified maps and
   mpfr; max_bits, the server's size limit of exact values, which its
   command lines give; data, the data sets it offers, each with the path
   its command lines name. */
static gdt_status
page_build(gdt_buf *page, const gdt_serve_limits *lim)
{
    static const char marker[] = "<script id=\"server\" type=\"application/json\">{}";
    const char *p = (const char *)cli_web_page;
    size_t n = sizeof cli_web_page, m = sizeof marker - 1, i;
    gdt_status st;

    for (i = 0; i + m <= n && memcmp(p + i, marker, m) != 0; i++)
        ;
    if (i + m > n) /* no such element: the page as it is */
        return gdt_buf_putn(page, p, n);
    st = gdt_buf_putn(page, p, i + m - 1);
    if (st == GDT_OK)
        st = gdt_buf_printf(page, " \"max_prec\": %lu, \"max_bits\": %lu, \"data\": ",
                            lim->max_prec, lim->max_bits);
    if (st == GDT_OK)
        st = page_data(page, lim);
    if (st == GDT_OK)
        st = gdt_buf_printf(page, " }");
    if (st == GDT_OK)
        st = gdt_buf_putn(page, p + i + m, n - i - m);
    return st;
}

/* The longest URI a request may have (414 past it); the page's longest
   are a few kilobytes. */
#define URI_MAX 32768

/* A request (gdt_http_handler): the page, the API or an error. */
static int
handle(void *cls, gdt_http_conn *c, const char *method, const char *uri)
{
    server *s = cls;
    char path[64];
    const char *q = strchr(uri, '?');
    size_t len = q != NULL ? (size_t)(q - uri) : strlen(uri);
    int ret, status;

    if (strcmp(method, "GET") != 0) {
        log_request(s, method, uri, 405);
        return reply_error(s, c, 405, "only GET");
    }
    if (strlen(uri) > URI_MAX) {
        log_request(s, method, uri, 414);
        return reply_error(s, c, 414, "the request's URI is longer than 32768 bytes");
    }
    if (len >= sizeof path) {
        log_request(s, method, uri, 404);
        return reply_error(s, c, 404, "no such path");
    }
    memcpy(path, uri, len);
    path[len] = '\0';
    if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
        log_request(s, method, uri, 200);
        return s->http->reply(c, 200, "text/html; charset=utf-8", s->page.s, s->page.len, 0);
    }
    if (!gdt_serve_is_api(path)) {
        log_request(s, method, uri, 404);
        return reply_error(s, c, 404, "no such path");
    }
    ret = api(s, c, path, q != NULL ? q + 1 : "", &status);
    log_request(s, method, uri, status);
    return ret;
}

int
cli_cmd_serve(int argc, char **argv)
{
    server s;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    void *d;
    const void *http;
    const char *bind_to = "127.0.0.1";
    unsigned long port = 8080, timeout = 10, per_ip = 32, header_timeout = 10;
    unsigned bound;
    struct timespec tick = { 0, 50000000L };
    int i, rc = 0, v6;
    gdt_serve_limits lim = GDT_SERVE_LIMITS_DEFAULT;
    gdt_error err;

    memset(&s, 0, sizeof s);
    s.running_max = 2;
    s.queue_max = 16;
    for (i = 0; i < argc && rc == 0; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL, *eq;
        const char *name = a[0] == '-' && a[1] == '-' ? a + 2 : a;
        char opt[32];
        int inline_value = 0;
        if (strncmp(a, "--", 2) == 0 && (eq = strchr(a, '=')) != NULL) { /* --NAME=VALUE */
            size_t len = (size_t)(eq - name);
            snprintf(opt, sizeof opt, "%.*s", (int)(len < sizeof opt ? len : sizeof opt - 1),
                     name);
            name = opt;
            v = eq + 1;
            inline_value = 1;
        }
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return fflush(stdout) == 0 ? 0 : EXIT_RUN;
        }
        if (strcmp(a, "--quiet") == 0) {
            s.quiet = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0
            || (strcmp(name, "port") != 0 && strcmp(name, "bind") != 0
                && strcmp(name, "threads") != 0 && strcmp(name, "queue") != 0
                && strcmp(name, "max-points") != 0 && strcmp(name, "max-iter") != 0
                && strcmp(name, "max-prec") != 0 && strcmp(name, "max-bits") != 0
                && strcmp(name, "run-points") != 0 && strcmp(name, "data-dir") != 0
                && strcmp(name, "timeout") != 0 && strcmp(name, "per-ip") != 0
                && strcmp(name, "header-timeout") != 0)) {
            fprintf(stderr, "%s: '%s' is not an option of gdtrace serve (gdtrace serve --help)\n",
                    progname, a);
            return EXIT_USAGE;
        }
        if (v == NULL)
            return cli_bad_option(name, "%shas no value", "");
        i += !inline_value;
        if (strcmp(name, "port") == 0)
            rc = number(name, v, 0, 65535, &port);
        else if (strcmp(name, "bind") == 0)
            bind_to = v;
        else if (strcmp(name, "threads") == 0)
            rc = number(name, v, 1, 1024, &s.running_max);
        else if (strcmp(name, "queue") == 0)
            rc = number(name, v, 0, 100000, &s.queue_max);
        else if (strcmp(name, "max-points") == 0)
            rc = number(name, v, 1, 1UL << 31, &lim.max_points);
        else if (strcmp(name, "max-iter") == 0)
            rc = number(name, v, 0, 1UL << 40, &lim.max_iter);
        else if (strcmp(name, "max-prec") == 0)
            rc = number(name, v, 2, 1UL << 24, &lim.max_prec);
        else if (strcmp(name, "max-bits") == 0)
            rc = number(name, v, 1, 1UL << 40, &lim.max_bits);
        else if (strcmp(name, "run-points") == 0)
            rc = number(name, v, 1, 1UL << 30, &lim.run_points);
        else if (strcmp(name, "timeout") == 0)
            rc = number(name, v, 1, 3600, &timeout);
        else if (strcmp(name, "per-ip") == 0)
            rc = number(name, v, 1, 100000, &per_ip);
        else if (strcmp(name, "header-timeout") == 0)
            rc = number(name, v, 1, 3600, &header_timeout);
        else
            lim.data_dir = v;
    }
    if (rc != 0)
        return rc;
    if (lim.data_dir != NULL) {
        struct stat sb;
        if (stat(lim.data_dir, &sb) != 0)
            return cli_bad_option("data-dir", "'%s': no such directory", lim.data_dir);
        if (!S_ISDIR(sb.st_mode))
            return cli_bad_option("data-dir", "'%s' is not a directory", lim.data_dir);
    }
    lim.data = cli_data_sets;
    lim.ndata = sizeof cli_data_sets / sizeof cli_data_sets[0];
    s.lim = lim;
    v6 = strchr(bind_to, ':') != NULL;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (v6) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, bind_to, &a6.sin6_addr) != 1)
            return cli_bad_option("bind", "'%s' is not an IPv4 or IPv6 address", bind_to);
        addr = (struct sockaddr *)&a6;
    } else {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, bind_to, &a4.sin_addr) != 1)
            return cli_bad_option("bind", "'%s' is not an IPv4 or IPv6 address", bind_to);
        addr = (struct sockaddr *)&a4;
    }
    gdt_error_clear(&err);
    if (gdt_module_get(&http, GDT_MODULE_SERVE, GDT_SERVE_ABI, sizeof(gdt_serve_module), &err)
        != GDT_OK) {
        fprintf(stderr, "%s: serve needs the serve module: %s\n", progname, err.msg);
        return EXIT_RUN;
    }
    s.http = http;
    gdt_buf_init(&s.page);
    if (page_build(&s.page, &lim) != GDT_OK) {
        gdt_buf_clear(&s.page);
        fprintf(stderr, "%s: serve: out of memory\n", progname);
        return EXIT_RUN;
    }
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    d = s.http->start(&(gdt_http_config){ .addr = addr, .v6 = v6, .timeout = (unsigned)timeout,
                                          .max_conns = (unsigned)(4 * (s.running_max + s.queue_max) + 64),
                                          .per_ip = (unsigned)per_ip,
                                          .header_timeout = (unsigned)header_timeout,
                                          .handle = handle, .cls = &s },
                      &bound);
    if (d == NULL) {
        fprintf(stderr, "%s: serve: cannot listen on %s port %lu: %s\n", progname, bind_to, port,
                errno != 0 ? strerror(errno) : "libmicrohttpd refused");
        rc = EXIT_RUN;
        goto out;
    }
    port = bound;
    printf("gdtrace serve: http://%s%s%s:%lu/\n", v6 ? "[" : "", bind_to, v6 ? "]" : "", port);
    if (fflush(stdout) != 0) {
        rc = EXIT_RUN;
        s.http->stop(d);
        goto out;
    }
    while (!cli_guard_stop)
        nanosleep(&tick, NULL);
    /* every computation polls the stop flag; then the connections end */
    pthread_mutex_lock(&s.lock);
    for (job *j = s.jobs; j != NULL; j = j->next)
        j->stop = 1;
    pthread_cond_broadcast(&s.cond);
    pthread_mutex_unlock(&s.lock);
    s.http->stop(d);
    if (!s.quiet)
        fprintf(stderr, "%s: serve: stopped\n", progname);
    rc = cli_interrupted_status();
out:
    pthread_mutex_destroy(&s.lock);
    pthread_cond_destroy(&s.cond);
    gdt_buf_clear(&s.page);
    return rc;
}
