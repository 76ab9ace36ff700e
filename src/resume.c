/* resume -- reading back a trajectory file written by gdtrace run */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/resume.h"

void
gdt_trail_init(gdt_trail *t)
{
    t->first = t->prev = t->last = NULL;
    t->last_step = 0;
    t->end = 0;
}

void
gdt_trail_clear(gdt_trail *t)
{
    if (t == NULL)
        return;
    free(t->first);
    free(t->prev);
    free(t->last);
    gdt_trail_init(t);
}

int
gdt_trail_fields(char **buf, const char *line, gdt_format format, char **keys, char **vals,
                 int max, unsigned long *step)
{
    char *p, *q, *end;
    int n = 0;

    *buf = strdup(line);
    if (*buf == NULL)
        return -1;
    p = *buf;
    p[strcspn(p, "\n")] = '\0';
    if (format == GDT_FORMAT_CSV) {
        /* step,v1,v2,... */
        if (*p < '0' || *p > '9')
            return -1;
        *step = strtoul(p, &end, 10);
        if (*end != ',')
            return -1;
        for (p = end + 1; n < max; n++) {
            vals[n] = p;
            if (keys != NULL)
                keys[n] = NULL;
            q = strchr(p, ',');
            if (q == NULL) {
                n++;
                break;
            }
            *q = '\0';
            p = q + 1;
        }
        return n;
    }
    /* {"step": K, "key": "value", ...} as gdtrace writes it */
    if (strncmp(p, "{\"step\": ", 9) != 0)
        return -1;
    *step = strtoul(p + 9, &end, 10);
    p = end;
    while (n < max && strncmp(p, ", \"", 3) == 0) {
        keys[n] = p + 3;
        q = strstr(p + 3, "\": \"");
        if (q == NULL)
            return -1;
        *q = '\0';
        vals[n] = q + 4;
        q = strchr(q + 4, '"');
        if (q == NULL)
            return -1;
        *q = '\0';
        p = q + 1;
        n++;
    }
    return strcmp(p, "}") == 0 ? n : -1;
}

/* 1 when LINE (with its newline) is a complete step record. */
static int
is_record(const char *line, gdt_format format)
{
    char *buf = NULL, *keys[64], *vals[64];
    unsigned long step;
    int n;

    if (line[strlen(line) - 1] != '\n')
        return 0;
    n = gdt_trail_fields(&buf, line, format, keys, vals, 64, &step);
    free(buf);
    return n > 0;
}

gdt_status
gdt_trail_read(gdt_trail *t, const char *path, gdt_format format, const char *header,
               gdt_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *buf = NULL, *keys[4], *vals[4];
    size_t cap = 0;
    ssize_t len;
    long pos = 0;
    int lineno = 0;
    unsigned long step;

    gdt_trail_init(t);
    if (f == NULL)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", path, strerror(errno));
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        pos += len;
        if (lineno == 1 && format == GDT_FORMAT_CSV) {
            if (strcmp(line, header) != 0) {
                fclose(f);
                free(line);
                return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                     "%s: its header is not this problem's, %.*s", path,
                                     (int)strlen(header) - 1, header);
            }
            continue;
        }
        if (!is_record(line, format))
            break; /* a summary or a cut line: the records end here */
        free(t->prev);
        t->prev = t->last;
        t->last = strdup(line);
        if (t->first == NULL)
            t->first = strdup(line);
        if (t->last == NULL || t->first == NULL)
            break;
        gdt_trail_fields(&buf, line, format, keys, vals, 4, &step);
        free(buf);
        buf = NULL;
        t->last_step = step;
        t->end = pos;
    }
    free(line);
    fclose(f);
    if (t->last == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s: no complete step record to resume from",
                             path);
    return GDT_OK;
}
