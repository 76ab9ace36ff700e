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
    r->out = NULL;
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
    if ((r->out = fdopen(r->fd, "a")) == NULL)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", path, strerror(errno));
    return GDT_OK;
}

void
gdt_resume_close(gdt_resume *r)
{
    if (r == NULL || r->fd < 0)
        return;
    if (r->out != NULL)
        fclose(r->out); /* and so r->fd */
    else
        close(r->fd);
    r->out = NULL;
    r->fd = -1;
}

FILE *
gdt_resume_reader(gdt_resume *r, gdt_error *err)
{
    FILE *in = NULL;
    int rfd = dup(r->fd);

    if (rfd < 0 || (in = fdopen(rfd, "r")) == NULL) {
        gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", r->path, strerror(errno));
        if (rfd >= 0)
            close(rfd);
    }
    return in;
}

gdt_status
gdt_resume_run(gdt_resume *r, gdt_stepper *s, const gdt_run_sink *out,
               const gdt_run_info *info, const gdt_run_opts *opts, gdt_error *err)
{
    gdt_run_info resumed;
    gdt_buf hdr;
    FILE *in;
    gdt_status st;

    r->phase = GDT_RESUME_SETUP;
    if (opts != NULL)
        s->dom->stop = opts->stop; /* for the long conversions and sums */
    gdt_buf_init(&hdr);
    if (out->record != NULL
        && (st = out->record(out->ctx, GDT_RECORD_BEGIN, info, s, NULL, &hdr, err)) != GDT_OK) {
        gdt_buf_clear(&hdr);
        return st;
    }
    /* every record of the file, replayed */
    r->phase = GDT_RESUME_READ;
    if ((in = gdt_resume_reader(r, err)) == NULL) {
        gdt_buf_clear(&hdr);
        return GDT_EIO;
    }
    s->numfmt = out->numfmt; /* a value too long to print ends the run */
    s->numfmt_fits = NULL;
    s->fields = out->fields;
    st = gdt_trail_read(&r->trail, in, r->path, s, out, info, hdr.s != NULL ? hdr.s : "", opts,
                        err);
    fclose(in);
    gdt_buf_clear(&hdr);
    if (st != GDT_OK || s->stop == GDT_STOP_INTERRUPTED)
        return st;
    if (r->trail.complete) {
        r->complete = 1;
        return GDT_OK;
    }
    /* drop what follows the last record, and go on, appending */
    if (ftruncate(r->fd, r->trail.end) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", r->path, strerror(errno));
    r->phase = GDT_RESUME_RUN;
    s->stop = GDT_STOP_NONE;
    resumed = *info;
    resumed.resumed = 1;
    st = gdt_run_steps(s, out, &resumed, opts, err);
    /* closed here, so that a write the file system held back is reported */
    if (fclose(r->out) != 0 && st == GDT_OK)
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "write error: %s", strerror(errno));
    r->out = NULL;
    r->fd = -1;
    return st;
}
