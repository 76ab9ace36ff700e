/* run_resume -- go on with a trajectory file from its last complete record */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdtrace/resume.h"

gdt_status
gdt_resume_open(gdt_resume *r, const char *path, gdt_error *err)
{
    struct stat sb;

    r->path = path;
    r->phase = GDT_RESUME_OPEN;
    r->complete = 0;
    memset(&r->trail, 0, sizeof r->trail);
    /* no wait on opening a fifo, which is then refused */
    r->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (r->fd < 0 && errno == EISDIR)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s is a directory, not a trajectory file", path);
    if (r->fd < 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", path, strerror(errno));
    if (fstat(r->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s is not a regular file: a resume "
                             "cuts and appends to the file in place", path);
    /* where the file system has no locks, the resume goes on without */
    if (flock(r->fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s is locked by another process "
                             "(a run writing or resuming it)", path);
    return GDT_OK;
}

void
gdt_resume_close(gdt_resume *r)
{
    if (r == NULL || r->fd < 0)
        return;
    close(r->fd);
    r->fd = -1;
}

/* The csv header S's run writes (*HDR, malloc'd). */
static gdt_status
header_of(char **hdr, gdt_stepper *s, gdt_format format, const gdt_numfmt *numfmt,
          const gdt_run_info *info, gdt_error *err)
{
    gdt_reporter rep;
    size_t hlen = 0;
    FILE *out;
    gdt_status st;

    *hdr = NULL;
    out = open_memstream(hdr, &hlen);
    if (out == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    gdt_reporter_init(&rep, format, numfmt, out);
    st = gdt_reporter_begin(&rep, info, s);
    gdt_reporter_clear(&rep);
    fclose(out);
    if (st != GDT_OK)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    return GDT_OK;
}

gdt_status
gdt_resume_run(gdt_resume *r, gdt_stepper *s, gdt_format format, const gdt_numfmt *numfmt,
               const gdt_run_info *info, const gdt_run_opts *opts, gdt_error *err)
{
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info resumed;
    char *hdr = NULL;
    FILE *in, *out;
    gdt_status st;
    int rfd;

    r->phase = GDT_RESUME_SETUP;
    if (opts != NULL)
        s->dom->stop = opts->stop; /* for the long conversions and sums */
    if ((st = header_of(&hdr, s, format, numfmt, info, err)) != GDT_OK)
        return st;
    /* every record of the file, replayed, read through a second descriptor */
    r->phase = GDT_RESUME_READ;
    if ((rfd = dup(r->fd)) < 0 || (in = fdopen(rfd, "r")) == NULL) {
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", r->path, strerror(errno));
        if (rfd >= 0)
            close(rfd);
        free(hdr);
        return st;
    }
    gdt_reporter_init(&rep, format, numfmt, NULL);
    rep.problem = info->problem;
    s->numfmt = numfmt; /* a value too long to print ends the run */
    st = gdt_trail_replay(&r->trail, in, r->path, s, &rep, hdr, opts, err);
    gdt_reporter_clear(&rep);
    fclose(in);
    free(hdr);
    if (st != GDT_OK || s->stop == GDT_STOP_INTERRUPTED)
        return st;
    if (r->trail.complete) {
        r->complete = 1;
        return GDT_OK;
    }
    /* drop what follows the last record, and go on, appending */
    if (ftruncate(r->fd, r->trail.end) != 0 || (out = fdopen(r->fd, "a")) == NULL)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", r->path, strerror(errno));
    r->fd = -1; /* out owns it now */
    r->phase = GDT_RESUME_RUN;
    s->stop = GDT_STOP_NONE;
    resumed = *info;
    resumed.resumed = 1;
    gdt_reporter_init(&rep, format, numfmt, out);
    gdt_reporter_sink(&sink, &rep);
    st = gdt_run_steps(s, &sink, &resumed, opts, err);
    gdt_reporter_clear(&rep);
    if (fclose(out) != 0 && st == GDT_OK)
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "write error: %s", strerror(errno));
    return st;
}
