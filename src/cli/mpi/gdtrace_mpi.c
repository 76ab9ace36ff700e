/* gdtrace_mpi -- gdtrace on the ranks of an MPI job (make mpi):
     mpirun -np N build/gdtrace-mpi sweep ...
   Every rank reads the same command line and sets the same sweep up
   (cli_main).  Rank 0 computes nothing: it hands out blocks of the grid's
   points to the other ranks as they come free, collects their records
   (a part's records, report_sweep.h: jsonl with the loss as binary64) and
   writes the outputs through the same report as one process, so they are
   byte for byte one process's.  With one rank, rank 0 runs the sweep
   itself.  The other ranks write nothing (their standard error is
   closed: rank 0 says what went wrong, with a worker's message).

   The messages: a worker that has set the sweep up says so (TAG_READY,
   its exit status: 0, or the status of a failed set-up, after which it
   takes no work); rank 0 sends blocks (TAG_WORK: first point, count; a
   count of 0 ends the worker); a worker sends each block's records back
   (TAG_DONE); and rank 0, stopped by a signal or by a failure, asks the
   busy workers to stop (TAG_STOP), which they see between two writes of
   their records and answer with an interrupted block. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mpi.h>
#include "../cli_impl.h"
#include "../guard.h"

enum { TAG_WORK = 1, TAG_DONE = 2, TAG_READY = 3, TAG_STOP = 4 };

/* A block's result as a worker sends it: this header, then the records
   (or, when STATUS is not GDT_OK, the error's message). */
struct done_head {
    uint64_t first, n, status;
};

/* ------------------------------------------------------------ workers */

struct lead {
    int size;
    int started;    /* lead_run or work_run was called (rank 0: lead_run
                       tells the workers to end) */
    int serialized; /* MPI_THREAD_SERIALIZED provided */
};


struct collect {
    gdt_sweep_sink inner;   /* the part report's own */
    gdt_buf *out;
    int poll;               /* MPI may be called from the sweep's threads */
};

static gdt_status
collect_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    struct collect *c = ctx;

    return c->inner.record(c->inner.ctx, p, out, err);
}

/* Rank 0 asked this worker to stop: its sweep then stops as on a signal.
   The sweep's threads write one at a time (MPI_THREAD_SERIALIZED). */
static void
poll_stop(void)
{
    int flag = 0;

    MPI_Iprobe(0, TAG_STOP, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (flag) {
        int dummy;
        MPI_Recv(&dummy, 1, MPI_INT, 0, TAG_STOP, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        cli_guard_stop = SIGINT;
    }
}

static gdt_status
collect_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    struct collect *c = ctx;
    gdt_status st = gdt_buf_putn(c->out, records->s, records->len);

    (void)first, (void)n;
    if (c->poll)
        poll_stop();
    gdt_buf_reset(records);
    return st == GDT_OK ? st : gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
}

/* A worker: blocks FIRST, COUNT from rank 0 until COUNT 0, each run with
   gdt_sweep_run and its records sent back. */
static gdt_status
work_run(void *ctx, const gdt_sweep_opts *o, gdt_sweep_report *rep, uint64_t *done,
         gdt_error *err)
{
    struct collect c;
    gdt_sweep_sink sink;
    gdt_buf msg;
    gdt_status st = GDT_OK;

    struct lead *l = ctx;
    int ready = 0;

    l->started = 1;
    MPI_Send(&ready, 1, MPI_INT, 0, TAG_READY, MPI_COMM_WORLD);
    gdt_buf_init(&msg);
    gdt_sweep_report_sink(&c.inner, rep);
    c.out = &msg;
    c.poll = l->serialized;
    sink = (gdt_sweep_sink){ .ctx = &c, .record = collect_record, .write = collect_write };
    *done = 0;
    for (;;) {
        uint64_t blk[2], d = 0;
        gdt_sweep_opts oo = *o;
        struct done_head h;
        gdt_error e;

        MPI_Recv(blk, 2, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (blk[1] == 0)
            break;
        if (cli_guard_stop != 0) { /* stopped after its last block */
            st = GDT_EINTERRUPTED;
            d = 0;
            gdt_buf_reset(&msg);
            h = (struct done_head){ blk[0], 0, (uint64_t)st };
            MPI_Send(&h, (int)sizeof h, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
            continue;
        }
        oo.first = blk[0];
        oo.count = blk[1];
        gdt_error_clear(&e);
        gdt_buf_reset(&msg);
        st = gdt_buf_putn(&msg, (const char *)&h, sizeof h); /* room for the head */
        if (st == GDT_OK)
            st = gdt_sweep_run(&oo, &sink, &d, &e);
        if (st != GDT_OK) {
            msg.len = sizeof h;
            if (gdt_buf_puts(&msg, e.msg[0] != '\0' ? e.msg : gdt_status_str(st)) != GDT_OK)
                msg.len = sizeof h; /* the status alone */
            *err = e;
        }
        h = (struct done_head){ blk[0], d, (uint64_t)st };
        if (msg.len >= sizeof h)
            memcpy(msg.s, &h, sizeof h);
        MPI_Send(msg.s, (int)msg.len, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
        *done += d;
        /* after a failure or a stop, rank 0 sends the end */
    }
    poll_stop(); /* a stop that came after the last block: received */
    gdt_buf_clear(&msg);
    return st;
}

/* ------------------------------------------------------------- rank 0 */


/* Rank 0: each worker's TAG_READY into OK[w] (1: set up); the first
   failure into ERR.  A failed worker takes no work and no end. */
static gdt_status
gather_ready(int size, unsigned char *ok, gdt_error *err)
{
    gdt_status st = GDT_OK;
    int w;

    for (w = 1; w < size; w++) {
        int rc = 0;
        MPI_Recv(&rc, 1, MPI_INT, w, TAG_READY, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        ok[w] = rc == 0;
        if (rc != 0 && st == GDT_OK)
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX,
                               "rank %d could not set the sweep up (its exit status %d)", w,
                               rc);
    }
    return st;
}

/* Rank 0: ask the workers with a block out to stop. */
static void
stop_workers(int size, const uint64_t *assigned)
{
    int w, dummy = 0;

    for (w = 1; w < size; w++)
        if (assigned[w] != UINT64_MAX)
            MPI_Send(&dummy, 1, MPI_INT, w, TAG_STOP, MPI_COMM_WORLD);
}

/* Block B's bytes DATA (LEN, NUL-terminated), points FIRST .. FIRST + N
   - 1, into REP: its records written, its arrays filled. */
static gdt_status
put_block(gdt_sweep_report *rep, const gdt_sweep_opts *o, char *data, uint64_t first,
          uint64_t n, gdt_error *err)
{
    int json = rep->rep.format == GDT_FORMAT_JSONL;
    gdt_buf out, text;
    gdt_status st = GDT_OK;
    char *line = data, *nl;
    uint64_t r;

    gdt_buf_init(&out);
    gdt_buf_init(&text);
    for (r = 0; r < n && st == GDT_OK; r++, line = nl + 1) {
        if ((nl = strchr(line, '\n')) == NULL) {
            st = gdt_error_set(err, GDT_ESYNTAX, SIZE_MAX, "a rank's block is short");
            break;
        }
        *nl = '\0';
        if (rep->shard != NULL) { /* this process writes a part: the line itself */
            st = gdt_buf_putn(&out, line, (size_t)(nl - line));
            if (st == GDT_OK)
                st = gdt_buf_putc(&out, '\n');
        } else {
            st = cli_merge_record(rep, &out, json, line, o->naxes, o->axes[0].n, first + r,
                                  &text, err);
        }
    }
    if (st == GDT_OK && (st = gdt_reporter_emit(&rep->rep, &out)) != GDT_OK)
        st = gdt_reporter_error(&rep->rep, st, err);
    gdt_buf_clear(&out);
    gdt_buf_clear(&text);
    return st;
}

static void
pause_briefly(void)
{
    struct timespec t = { 0, 200000 }; /* 0.2 ms */

    nanosleep(&t, NULL);
}

/* Rank 0: the blocks of O's range handed out, at most WINDOW blocks ahead
   of the first not yet written, the records written in order. */
static gdt_status
lead_run(void *ctx, const gdt_sweep_opts *o, gdt_sweep_report *rep, uint64_t *done,
         gdt_error *err)
{
    const struct lead *l = ctx;
    int workers = l->size - 1, w, flag;
    uint64_t total = gdt_sweep_points(o), base = o->first, bsize, nblocks, next = 0, wr = 0;
    uint64_t window, *assigned = NULL;
    unsigned char *ok = NULL;
    char **data = NULL;
    gdt_status st = GDT_OK;

    *done = 0;
    ((struct lead *)ctx)->started = 1;
    if (workers == 0) { /* one rank: it computes */
        gdt_sweep_sink sink;
        gdt_sweep_report_sink(&sink, rep);
        return gdt_sweep_run(o, &sink, done, err);
    }
    total -= base;
    if (o->count != 0 && o->count < total)
        total = o->count;
    bsize = total / ((uint64_t)workers * 16);
    bsize = bsize < 1 ? 1 : bsize > 65536 ? 65536 : bsize;
    nblocks = (total + bsize - 1) / bsize;
    window = (uint64_t)workers * 4;
    assigned = malloc((size_t)l->size * sizeof *assigned);
    data = calloc((size_t)nblocks + 1, sizeof *data);
    ok = malloc((size_t)l->size);
    if (assigned == NULL || data == NULL || ok == NULL) {
        /* the workers' TAG_READY still to be received: tell them to end */
        free(assigned);
        assigned = NULL;
        if (ok != NULL || (ok = malloc((size_t)l->size)) != NULL)
            (void)gather_ready(l->size, ok, err);
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        goto out;
    }
    for (w = 0; w < l->size; w++)
        assigned[w] = UINT64_MAX; /* idle */
    st = gather_ready(l->size, ok, err);
    while (st == GDT_OK && wr < nblocks) {
        MPI_Status ms;
        struct done_head h;
        int len;
        char *buf;

        for (w = 1; w < l->size; w++) /* work to every idle rank */
            if (assigned[w] == UINT64_MAX && next < nblocks && next < wr + window) {
                uint64_t blk[2] = { base + next * bsize,
                                    next + 1 < nblocks ? bsize : total - next * bsize };
                MPI_Send(blk, 2, MPI_UINT64_T, w, TAG_WORK, MPI_COMM_WORLD);
                assigned[w] = next++;
            }
        if (gdt_cancelled(o->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_DONE, MPI_COMM_WORLD, &flag, &ms);
        if (!flag) {
            pause_briefly();
            continue;
        }
        MPI_Get_count(&ms, MPI_BYTE, &len);
        if ((buf = malloc((size_t)len + 1)) == NULL) {
            st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
            break;
        }
        w = ms.MPI_SOURCE;
        MPI_Recv(buf, len, MPI_BYTE, w, TAG_DONE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        buf[len] = '\0';
        memcpy(&h, buf, sizeof h);
        if ((gdt_status)h.status != GDT_OK) {
            st = (gdt_status)h.status == GDT_EINTERRUPTED ? GDT_EINTERRUPTED
                 : gdt_error_set(err, (gdt_status)h.status, SIZE_MAX, "rank %d: %s", w,
                                 buf + sizeof h);
            free(buf);
            assigned[w] = UINT64_MAX;
            break;
        }
        data[assigned[w]] = buf;
        assigned[w] = UINT64_MAX;
        while (st == GDT_OK && wr < nblocks && data[wr] != NULL) {
            uint64_t first = base + wr * bsize, n = wr + 1 < nblocks ? bsize : total - wr * bsize;
            st = put_block(rep, o, data[wr] + sizeof h, first, n, err);
            free(data[wr]);
            data[wr] = NULL;
            if (st == GDT_OK)
                *done += n;
            wr++;
        }
        if (st != GDT_OK)
            break;
    }
out:
    /* the blocks still out are asked to stop, received and dropped, then
       every rank set up is told to end */
    if (assigned != NULL)
        stop_workers(l->size, assigned);
    for (w = 1; assigned != NULL && w < l->size; w++) {
        if (assigned[w] != UINT64_MAX) {
            MPI_Status ms;
            int len;
            char *buf;
            MPI_Probe(w, TAG_DONE, MPI_COMM_WORLD, &ms);
            MPI_Get_count(&ms, MPI_BYTE, &len);
            buf = malloc(len > 0 ? (size_t)len : 1);
            MPI_Recv(buf, len, MPI_BYTE, w, TAG_DONE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            free(buf);
        }
    }
    for (w = 1; ok != NULL && w < l->size; w++) {
        uint64_t end[2] = { 0, 0 };
        if (ok[w])
            MPI_Send(end, 2, MPI_UINT64_T, w, TAG_WORK, MPI_COMM_WORLD);
    }
    for (; data != NULL && wr < nblocks; wr++)
        free(data[wr]);
    free(data);
    free(assigned);
    free(ok);
    return st;
}

int
main(int argc, char **argv)
{
    struct lead l;
    struct cli_sweep_runner run;
    int rank, rc, any, provided = MPI_THREAD_SINGLE;

    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    l.serialized = provided >= MPI_THREAD_SERIALIZED;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &l.size);
    if (rank > 0) { /* rank 0 speaks for every rank */
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
    }
    l.started = 0;
    if ((argc < 2 || strcmp(argv[1], "sweep") != 0) && rank > 0) {
        rc = 0; /* not a sweep: rank 0 alone runs it */
    } else if (rank > 0 && getenv("GDTRACE_MPI_FAIL_RANK") != NULL
               && atoi(getenv("GDTRACE_MPI_FAIL_RANK")) == rank) {
        rc = 2; /* tests/mpi/run: this worker's set-up fails */
    } else {
        run = rank == 0 ? (struct cli_sweep_runner){ .writes = 1, .run = lead_run, .ctx = &l }
                        : (struct cli_sweep_runner){ .writes = 0, .run = work_run, .ctx = &l };
        rc = cli_main(argc, argv, &run);
    }
    if (rank > 0 && !l.started && argc > 1 && strcmp(argv[1], "sweep") == 0) {
        /* this worker's set-up failed (a --data file it cannot read, out
           of memory): rank 0 hears it and sends it no work */
        int fail = rc != 0 ? rc : 1;
        MPI_Send(&fail, 1, MPI_INT, 0, TAG_READY, MPI_COMM_WORLD);
    }
    if (rank == 0 && !l.started && argc > 1 && strcmp(argv[1], "sweep") == 0) {
        /* refused before the sweep (an unwritable --npy): the workers
           set up alike wait for work; the others wait for nothing */
        int w, ready;
        for (w = 1; w < l.size; w++) {
            uint64_t end[2] = { 0, 0 };
            MPI_Recv(&ready, 1, MPI_INT, w, TAG_READY, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (ready == 0)
                MPI_Send(end, 2, MPI_UINT64_T, w, TAG_WORK, MPI_COMM_WORLD);
        }
    }
    /* the exit status of rank 0, the worst of any rank's failures */
    MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return rank == 0 ? (rc != 0 ? rc : any) : 0;
}
