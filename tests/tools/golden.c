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
 * byte for byte.  Prints PASS/FAIL per case, then "N passed, M failed". */
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

/* Check one case; returns NULL on success, else a message (static). */
static const char *
check(const char *binary, const char *path)
{
    static char msg[1024];
    char *argv[MAX_ARGS + 2];
    int argc = 0, status;
    char line[1 << 16];
    FILE *f = fopen(path, "r");
    char *out, *p, *expected_stop = NULL;
    long expected_steps = -1, k = 0;
    value want, got;
    int ok = 1;
    char **rows = NULL, **reprs = NULL;
    size_t nrows = 0, nreprs = 0, i;

    if (f == NULL) {
        snprintf(msg, sizeof msg, "cannot open %s: %s", path, strerror(errno));
        return msg;
    }
    argv[argc++] = (char *)binary;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "arg ", 4) == 0 && argc < MAX_ARGS)
            argv[argc++] = strdup(line + 4);
        else if (strncmp(line, "steps ", 6) == 0)
            expected_steps = atol(line + 6);
        else if (strncmp(line, "stop ", 5) == 0)
            expected_stop = strdup(line + 5);
        else if (strncmp(line, "v ", 2) == 0) {
            rows = realloc(rows, (nrows + 1) * sizeof *rows);
            rows[nrows++] = strdup(line + 2);
        } else if (strncmp(line, "r ", 2) == 0) {
            const char *sp = strchr(line + 2, ' ');
            reprs = realloc(reprs, (nreprs + 1) * sizeof *reprs);
            reprs[nreprs++] = strdup(sp ? sp + 1 : "");
        }
    }
    fclose(f);
    argv[argc] = NULL;
    mpq_init(want.q);
    mpq_init(got.q);
    out = run(argv, &status);
    msg[0] = '\0';
    if (out == NULL) {
        snprintf(msg, sizeof msg, "cannot run %s", binary);
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
            if ((size_t)k != nrows)
                snprintf(msg, sizeof msg, "summary after %ld steps, want %zu records", k, nrows);
            else if (steps == NULL || atol(steps) != expected_steps)
                snprintf(msg, sizeof msg, "summary steps: got %s, want %ld",
                         steps ? steps : "(none)", expected_steps);
            else if (stop == NULL || expected_stop == NULL || strcmp(stop, expected_stop) != 0)
                snprintf(msg, sizeof msg, "summary stop: got %s, want %s",
                         stop ? stop : "(none)", expected_stop ? expected_stop : "?");
            free(steps);
            free(stop);
            ok = 0;
            break;
        }
        if ((size_t)k >= nrows) {
            snprintf(msg, sizeof msg, "step %ld: more records than the %zu expected", k, nrows);
            break;
        }
        {
            static const char *const keys[] = { "w", "grad", "loss" };
            char *save, *tok = strtok_r(rows[k], " ", &save);
            size_t j;
            char *step = json_field(p, "step");
            if (step == NULL || atol(step) != k || atol(tok) != k) {
                snprintf(msg, sizeof msg, "record %ld has step %s", k, step ? step : "(none)");
                free(step);
                break;
            }
            free(step);
            for (j = 0; j < 3; j++) {
                char *g = json_field(p, keys[j]);
                tok = strtok_r(NULL, " ", &save);
                if (g == NULL || tok == NULL || value_parse(&got, g) != 0
                    || value_parse(&want, tok) != 0 || !value_equal(&got, &want)) {
                    snprintf(msg, sizeof msg, "step %ld %s:\n    got  %.300s\n    want %.300s",
                             k, keys[j], g ? g : "(none)", tok ? tok : "(none)");
                    free(g);
                    goto done;
                }
                free(g);
            }
        }
        k++;
        p = nl ? nl + 1 : p + strlen(p);
    }
    if (msg[0] == '\0' && ok)
        snprintf(msg, sizeof msg, "no summary line");
    if (msg[0] == '\0' && nreprs > 0)
        check_printed(argv, argc, reprs, nreprs, msg, sizeof msg);
done:
    for (i = 0; i < nrows; i++)
        free(rows[i]);
    free(rows);
    for (i = 0; i < nreprs; i++)
        free(reprs[i]);
    free(reprs);
    for (i = 1; i < (size_t)argc; i++)
        free(argv[i]);
    free(expected_stop);
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
        const char *m = check(argv[1], argv[i]);
        if (m == NULL) {
            passed++;
            printf("PASS %s\n", argv[i]);
        } else {
            failed++;
            printf("FAIL %s: %s\n", argv[i], m);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
