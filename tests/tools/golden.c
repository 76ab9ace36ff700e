/* golden -- check gdtrace's trajectories against the peers' golden cases
 *
 *   golden GDTRACE CASE.case ...
 *
 * Runs GDTRACE with each case's arguments (jsonl, exact digits), reads one
 * record per step and the summary, and compares every w, grad and loss with
 * the case's exact values (as rationals: "4.2" equals "21/5"; inf, -inf and
 * nan by name; the sign of zero counts), then the step count and the stop
 * reason.  When the case has the peer's printed forms ("r" lines), it runs
 * again with --digits shortest and compares each printed w with the peer's
 * byte for byte.  Then the same for each of the case's variants ("variant"
 * lines: the gradient derived, another mode), which must give the same
 * values.  The format of a case is in tests/golden/import.py.  Prints
 * PASS/FAIL per case and variant, then "N passed, M failed". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gdtrace.h"

#define MAX_ARGS 64

typedef struct value {
    int kind;   /* 0 finite, 1 inf, 2 -inf, 3 nan */
    int negzero;
    mpq_t q;
} value;

static int
value_parse(value *v, const char *s)
{
    size_t end;

    v->negzero = 0;
    mpq_set_ui(v->q, 0, 1);
    if (strcmp(s, "inf") == 0 || strcmp(s, "+inf") == 0) {
        v->kind = 1;
        return 0;
    }
    if (strcmp(s, "-inf") == 0) {
        v->kind = 2;
        return 0;
    }
    if (strcmp(s, "nan") == 0 || strcmp(s, "-nan") == 0) {
        v->kind = 3;
        return 0;
    }
    v->kind = 0;
    if (gdt_q_parse(v->q, s, &end) != GDT_OK)
        return -1;
    v->negzero = s[0] == '-' && mpq_sgn(v->q) == 0;
    return 0;
}

static int
value_equal(const value *a, const value *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind != 0)
        return 1;
    return mpq_equal(a->q, b->q) && a->negzero == b->negzero;
}

/* The string value of "KEY": "..." (or a bare number) in a JSON line. */
static char *
json_field(const char *line, const char *key)
{
    char pat[64];
    const char *p, *e;
    char *r;

    snprintf(pat, sizeof pat, "\"%s\": ", key);
    p = strstr(line, pat);
    if (p == NULL)
        return NULL;
    p += strlen(pat);
    if (*p == '"') {
        p++;
        e = strchr(p, '"');
    } else {
        e = p + strcspn(p, ",}");
    }
    if (e == NULL)
        return NULL;
    r = malloc((size_t)(e - p) + 1);
    memcpy(r, p, (size_t)(e - p));
    r[e - p] = '\0';
    return r;
}

/* Run ARGV, returning its whole standard output (NUL-terminated). */
static char *
run(char **argv, int *status)
{
    int fd[2];
    pid_t pid;
    char *out = NULL;
    size_t len = 0, cap = 0;
    ssize_t n;

    if (pipe(fd) != 0)
        return NULL;
    pid = fork();
    if (pid < 0)
        return NULL;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = (len + 65536 + 1) * 2;
            out = realloc(out, cap);
        }
        n = read(fd[0], out + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd[0]);
    out[len] = '\0';
    waitpid(pid, status, 0);
    return out;
}

/* Run ARGV again with "--digits shortest" in place of "--digits exact" and
   compare the printed w of every record with REPRS[], byte for byte; on a
   difference write a message into MSG. */
static void
check_printed(char **argv, int argc, char **reprs, size_t nreprs, char *msg, size_t size)
{
    char *out, *p, *nl;
    int i, status;
    size_t k = 0;

    for (i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--digits") == 0) {
            free(argv[i + 1]);
            argv[i + 1] = strdup("shortest");
        }
    out = run(argv, &status);
    if (out == NULL || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(msg, size, "the run with --digits shortest failed");
        free(out);
        return;
    }
    for (p = out; *p && k < nreprs; p = nl + 1) {
        char *w;
        nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        *nl = '\0';
        if (strstr(p, "\"summary\""))
            break;
        w = json_field(p, "w");
        if (w == NULL || strcmp(w, reprs[k]) != 0) {
            snprintf(msg, size, "step %zu printed w:\n    got  %.200s\n    want %.200s", k,
                     w ? w : "(none)", reprs[k]);
            free(w);
            free(out);
            return;
        }
        free(w);
        k++;
    }
    if (k != nreprs)
        snprintf(msg, size, "printed %zu weights, the peer %zu", k, nreprs);
    free(out);
}

/* A golden case, as its file holds it. */
typedef struct golden {
    char *args[MAX_ARGS];     /* gdtrace's arguments */
    int nargs;
    long steps;               /* the summary's */
    char *stop;
    char **rows;              /* "K W GRAD LOSS" per step (or the keys') */
    char **keys;              /* the record's keys of a row's values after
                                 K ("keys" line; default w grad loss) */
    size_t nkeys;
    size_t nrows;
    char **reprs;             /* the peer's printed w per step */
    size_t nreprs;
    char **variants;          /* "derived", "mode M" */
    size_t nvariants;
} golden;

static void
golden_clear(golden *g)
{
    size_t i;

    for (i = 0; i < (size_t)g->nargs; i++)
        free(g->args[i]);
    for (i = 0; i < g->nrows; i++)
        free(g->rows[i]);
    free(g->rows);
    for (i = 0; i < g->nreprs; i++)
        free(g->reprs[i]);
    free(g->reprs);
    for (i = 0; i < g->nkeys; i++)
        free(g->keys[i]);
    free(g->keys);
    for (i = 0; i < g->nvariants; i++)
        free(g->variants[i]);
    free(g->variants);
    free(g->stop);
}

/* Append a copy of S to the list *V of *N strings. */
static void
push(char ***v, size_t *n, const char *s)
{
    *v = realloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = strdup(s);
}

/* Read the case file PATH into G; returns NULL, or a message (static). */
static const char *
golden_read(golden *g, const char *path)
{
    static char msg[1024];
    char line[1 << 16];
    FILE *f = fopen(path, "r");

    memset(g, 0, sizeof *g);
    g->steps = -1;
    if (f == NULL) {
        snprintf(msg, sizeof msg, "cannot open %s: %s", path, strerror(errno));
        return msg;
    }
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "arg ", 4) == 0 && g->nargs < MAX_ARGS)
            g->args[g->nargs++] = strdup(line + 4);
        else if (strncmp(line, "steps ", 6) == 0)
            g->steps = atol(line + 6);
        else if (strncmp(line, "stop ", 5) == 0)
            g->stop = strdup(line + 5);
        else if (strncmp(line, "v ", 2) == 0)
            push(&g->rows, &g->nrows, line + 2);
        else if (strncmp(line, "keys ", 5) == 0) {
            char *save = NULL, *k;
            for (k = strtok_r(line + 5, " ", &save); k; k = strtok_r(NULL, " ", &save))
                push(&g->keys, &g->nkeys, k);
        }
        else if (strncmp(line, "r ", 2) == 0) {
            const char *sp = strchr(line + 2, ' ');
            push(&g->reprs, &g->nreprs, sp ? sp + 1 : "");
        } else if (strncmp(line, "variant ", 8) == 0)
            push(&g->variants, &g->nvariants, line + 8);
    }
    fclose(f);
    return NULL;
}

/* The command line of variant VARIANT of G (NULL: the case itself) into
   ARGV (each string malloc'd, NULL-terminated); returns NULL, or a message
   (static) when the variant does not apply. */
static const char *
golden_argv(char **argv, int *argc, const golden *g, const char *binary, const char *variant)
{
    static char msg[256];
    int i, n = 0, edited = variant == NULL;

    *argc = 0;
    if (variant != NULL && strcmp(variant, "derived") != 0 && strncmp(variant, "mode ", 5) != 0) {
        snprintf(msg, sizeof msg, "unknown variant '%s'", variant);
        return msg;
    }
    argv[n++] = strdup(binary);
    for (i = 0; i < g->nargs; i++) {
        if (variant != NULL && strcmp(variant, "derived") == 0
            && strcmp(g->args[i], "--grad") == 0 && i + 1 < g->nargs) {
            i++;              /* the gradient left out: gdtrace derives it */
            edited = 1;
            continue;
        }
        argv[n++] = strdup(g->args[i]);
        if (variant != NULL && strncmp(variant, "mode ", 5) == 0
            && strcmp(g->args[i], "--mode") == 0 && i + 1 < g->nargs) {
            argv[n++] = strdup(variant + 5);
            i++;
            edited = 1;
        }
    }
    argv[n] = NULL;
    *argc = n;
    if (!edited) {
        snprintf(msg, sizeof msg, "variant '%s' does not apply: the case has no %s", variant,
                 strcmp(variant, "derived") == 0 ? "--grad" : "--mode");
        return msg;
    }
    return NULL;
}

/* Run ARGV and check its output against G; returns NULL on success, else a
   message (static). */
static const char *
check(const golden *g, char **argv, int argc)
{
    static char msg[1024];
    int status;
    char *out, *p;
    long k = 0;
    value want, got;
    int ok = 1;

    mpq_init(want.q);
    mpq_init(got.q);
    out = run(argv, &status);
    msg[0] = '\0';
    if (out == NULL) {
        snprintf(msg, sizeof msg, "cannot run %s", argv[0]);
        goto done;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(msg, sizeof msg, "command exited with status %d", status);
        goto done;
    }
    p = out;
    while (*p && ok) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (strstr(p, "\"summary\"")) {
            char *steps = json_field(p, "steps"), *stop = json_field(p, "stop");
            if ((size_t)k != g->nrows)
                snprintf(msg, sizeof msg, "summary after %ld steps, want %zu records", k,
                         g->nrows);
            else if (steps == NULL || atol(steps) != g->steps)
                snprintf(msg, sizeof msg, "summary steps: got %s, want %ld",
                         steps ? steps : "(none)", g->steps);
            else if (stop == NULL || g->stop == NULL || strcmp(stop, g->stop) != 0)
                snprintf(msg, sizeof msg, "summary stop: got %s, want %s",
                         stop ? stop : "(none)", g->stop ? g->stop : "?");
            free(steps);
            free(stop);
            ok = 0;
            break;
        }
        if ((size_t)k >= g->nrows) {
            snprintf(msg, sizeof msg, "step %ld: more records than the %zu expected", k,
                     g->nrows);
            break;
        }
        {
            static const char *const keys3[] = { "w", "grad", "loss" };
            const char *const *keys = g->nkeys ? (const char *const *)g->keys : keys3;
            size_t nkeys = g->nkeys ? g->nkeys : 3;
            char *row = strdup(g->rows[k]), *save, *tok = strtok_r(row, " ", &save);
            size_t j;
            char *step = json_field(p, "step");
            if (step == NULL || atol(step) != k || atol(tok) != k) {
                snprintf(msg, sizeof msg, "record %ld has step %s", k, step ? step : "(none)");
                free(step);
                free(row);
                break;
            }
            free(step);
            for (j = 0; j < nkeys; j++) {
                char *v = json_field(p, keys[j]);
                tok = strtok_r(NULL, " ", &save);
                if (v == NULL || tok == NULL || value_parse(&got, v) != 0
                    || value_parse(&want, tok) != 0 || !value_equal(&got, &want)) {
                    snprintf(msg, sizeof msg, "step %ld %s:\n    got  %.300s\n    want %.300s",
                             k, keys[j], v ? v : "(none)", tok ? tok : "(none)");
                    free(v);
                    free(row);
                    goto done;
                }
                free(v);
            }
            free(row);
        }
        k++;
        p = nl ? nl + 1 : p + strlen(p);
    }
    if (msg[0] == '\0' && ok)
        snprintf(msg, sizeof msg, "no summary line");
    if (msg[0] == '\0' && g->nreprs > 0)
        check_printed(argv, argc, g->reprs, g->nreprs, msg, sizeof msg);
done:
    free(out);
    mpq_clear(want.q);
    mpq_clear(got.q);
    return msg[0] ? msg : NULL;
}

int
main(int argc, char **argv)
{
    int i, passed = 0, failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: golden GDTRACE CASE.case ...\n");
        return 2;
    }
    for (i = 2; i < argc; i++) {
        golden g;
        const char *m = golden_read(&g, argv[i]);
        size_t v;

        /* the case itself, then each variant */
        for (v = 0; v <= g.nvariants; v++) {
            const char *variant = v == 0 ? NULL : g.variants[v - 1];
            char *run_argv[MAX_ARGS + 2];
            int run_argc = 0, j;

            if (m == NULL)
                m = golden_argv(run_argv, &run_argc, &g, argv[1], variant);
            if (m == NULL)
                m = check(&g, run_argv, run_argc);
            for (j = 0; j < run_argc; j++)
                free(run_argv[j]);
            if (m == NULL) {
                passed++;
                printf("PASS %s%s%s\n", argv[i], variant ? ", " : "", variant ? variant : "");
            } else {
                failed++;
                printf("FAIL %s%s%s: %s\n", argv[i], variant ? ", " : "",
                       variant ? variant : "", m);
            }
            m = NULL;
        }
        golden_clear(&g);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
