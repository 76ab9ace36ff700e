/* writer -- the records of a run's steps made from copies of their
   values, at once or on a second thread while the run computes the next
   steps

   Without a thread (gdt_writer_start's THREAD 0, the default of gdtrace
   run) each step's values are copied into one slot and its record made
   from the copy at once: the csv record in one stretch, no call back into
   the stepper per value.  Measured on W3 (issue 11, 10^6 csv steps), the
   second thread below costs 2 to 3 times the CPU time of that (the copies
   through the ring, the two threads' caches, their spins and wake-ups)
   and, on a shared 2-core machine, more wall time too; it stays for
   whoever asks for it (GDTRACE_THREAD=1).

   The run (the producer) copies the values each printed step shows into a
   ring of fixed size; the writer (the consumer) takes them out in order
   and hands each to gdt_report_step_hold, as gdt_reporter_step would have
   done with the stepper: the same record, held and written in the same
   batches.  Only where a copy of the values is all a record needs
   (gdt_report_plain): every value a double written as gdt_shortest_put
   does.

   The ring's two indices only grow (slot = index mod size): HEAD, the
   steps put, moved by the producer; TAIL, the steps taken, by the
   consumer.  Neither side locks for a step: each spins a little when it
   must wait, then sleeps on a condition variable after saying so in a
   flag (sleeping, full) under the mutex, which the other side reads after
   moving its index.  For the producer's sleep both are sequentially
   consistent, so one of the two sees the other's store and no wake-up is
   lost.  The consumer only naps, NAP_NS at most: the producer publishes
   each step with a plain release store and looks at SLEEPING without a
   fence, waking it when half the ring is full, when the ring is
   full and when the run ends; so a record waits at most NAP_NS (the
   batches of 64 KiB or 50 ms are the reporter's own, gdt_reporter), and
   the two do not take turns a step at a time (a wake-up costs a system
   call).

   The work is shared: while the ring is more than half full (the writer
   lags), the producer writes the values' texts itself (gdt_shortest_put,
   the writer's own code) into the step's slot, and the writer copies
   them; so the two threads settle where each has as much to do.

   The values copied are doubles: a domain's on doubles, or an mpfr
   domain's of at most 53 bits (GDT_COPY_MPFR) while they fit a double;
   the first step with one that does not is refused, the writer stopped
   after the steps before, and the run's own thread makes the records
   from there (gdt_reporter_step). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "report_impl.h"

/* The ring's room: about this many bytes of values and texts, and at
   least RING_MIN and at most RING_MAX steps, a power of two. */
#define RING_BYTES (1024 * 1024)
#define RING_MIN 64
#define RING_MAX 4096
#define TEXT_ROOM GDT_REPORT_TEXT_ROOM
/* How many times a side looks at the other's index before it sleeps
   (each look a pause of the processor: some microseconds), and the
   consumer's nap (ns). */
#define SPINS 256
#define NAP_NS 10000000L

struct gdt_writer {
    gdt_reporter *r;
    gdt_shortest_plain plain;
    int mpfr;             /* GDT_COPY_MPFR: values that may not fit */
    size_t n;             /* parameters */
    size_t nv;            /* values a step copies: 2 n + 1 */
    const unsigned char *copied; /* which (those R shows), NV of them */
    unsigned char *own_copied;
    size_t size;          /* the ring's steps, a power of two */
    unsigned long *k;     /* per slot: the step */
    unsigned char *has_loss;
    double *v;            /* and its NV values */
    unsigned char *pre;   /* 1: the producer wrote their texts, */
    char *text;           /* NV of TEXT_ROOM bytes from slot * NV */
    unsigned char *tlen;  /* of these lengths */
    /* each side's index on a cache line of its own, the producer's copy
       of TAIL beside HEAD, and the flags, which seldom change, on a
       third: the two threads share a line only when they meet */
    _Alignas(64) _Atomic size_t head;
    size_t tail_seen;     /* TAIL as the producer last read it */
    _Alignas(64) _Atomic size_t tail;
    _Alignas(64) _Atomic int sleeping; /* the consumer sleeps (or is about to) */
    _Atomic int full;     /* the producer sleeps for room */
    _Atomic int closing;  /* 1: stop once the ring is empty; 2: at once */
    _Atomic int failed;   /* the consumer stopped on ST */
    gdt_status st;        /* written by the consumer before FAILED */
    pthread_mutex_t mu;
    pthread_cond_t wake;  /* the consumer's */
    pthread_cond_t room;  /* the producer's */
    pthread_t thread;
    int synced;           /* MU, WAKE and ROOM are set up */
    int running;          /* started, not joined (the producer's) */
    int direct;           /* no thread: each step's record made at once
                             from the copy in slot 0 */
};

static inline void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Wake the side that sleeps on C, if FLAG says it does. */
static void
wake(struct gdt_writer *w, _Atomic int *flag, pthread_cond_t *c)
{
    if (atomic_load(flag)) {
        pthread_mutex_lock(&w->mu);
        pthread_cond_signal(c);
        pthread_mutex_unlock(&w->mu);
    }
}

/* The consumer: the records of the steps from TAIL to HEAD, until it is
   closed and the ring empty, or a record fails. */
static void *
consume(void *arg)
{
    struct gdt_writer *w = arg;
    size_t t = atomic_load(&w->tail), h, slot;
    gdt_report_step s = { NULL, w->n, 0, 0, NULL, &w->plain, NULL, NULL };
    gdt_status st = GDT_OK;
    struct timespec until;
    int spins = 0, closing;

    for (;;) {
        /* CLOSING first: a close asked for after the last step was put
           finds that step in HEAD */
        closing = atomic_load(&w->closing);
        h = atomic_load(&w->head);
        if (closing == 2)
            break;
        if (t == h) {
            if (closing)
                break;
            if (spins++ < SPINS) {
                cpu_relax();
                continue;
            }
            pthread_mutex_lock(&w->mu);
            atomic_store(&w->sleeping, 1);
            if (atomic_load(&w->head) == t && !atomic_load(&w->closing)) {
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_nsec += NAP_NS;
                if (until.tv_nsec >= 1000000000L) {
                    until.tv_sec++;
                    until.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&w->wake, &w->mu, &until);
            }
            atomic_store(&w->sleeping, 0);
            pthread_mutex_unlock(&w->mu);
            continue; /* and naps again while there is nothing */
        }
        spins = 0;
        for (; t != h && st == GDT_OK; t++) {
            slot = t & (w->size - 1);
            s.k = w->k[slot];
            s.has_loss = w->has_loss[slot];
            s.v = w->v + slot * w->nv;
            s.text = w->pre[slot] ? w->text + slot * w->nv * TEXT_ROOM : NULL;
            s.tlen = w->tlen + slot * w->nv;
            st = gdt_report_step_hold(w->r, &s);
            if (((t + 1) & 63) == 0) { /* room as it comes, for a long batch */
                atomic_store(&w->tail, t + 1);
                if (atomic_load(&w->full) && h - (t + 1) <= w->size / 2)
                    wake(w, &w->full, &w->room);
            }
        }
        atomic_store(&w->tail, t);
        if (st != GDT_OK)
            break;
        /* room for half the ring: the producer goes on */
        if (atomic_load(&w->full) && atomic_load(&w->head) - t <= w->size / 2)
            wake(w, &w->full, &w->room);
    }
    if (st != GDT_OK) {
        w->st = st;
        atomic_store(&w->failed, 1);
    }
    /* a producer waiting for room sees FAILED (or the closing it asked) */
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->closing, 2);
    pthread_cond_signal(&w->room);
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

gdt_status
gdt_writer_start(struct gdt_writer **wp, gdt_reporter *r, const gdt_stepper *s,
                 gdt_report_copy copy, const gdt_shortest_plain *plain, int thread)
{
    struct gdt_writer *w;
    size_t n = s->prog->nparams, nv = 2 * n + 1, size, f;
    unsigned char *copied;
    pthread_condattr_t ca;
    int e;

    *wp = NULL;
    w = aligned_alloc(64, (sizeof *w + 63) / 64 * 64);
    if (w == NULL)
        return GDT_ENOMEM;
    memset(w, 0, sizeof *w);
    for (size = thread ? RING_MIN : 1;
         thread && size < RING_MAX && 2 * size * (nv * (sizeof(double) + TEXT_ROOM + 1)
                                                  + sizeof(long) + 2) <= RING_BYTES;
         size *= 2)
        ;
    w->r = r;
    w->plain = *plain;
    w->mpfr = copy == GDT_COPY_MPFR;
    w->n = n;
    w->nv = nv;
    w->size = size;
    copied = malloc(nv);
    w->own_copied = copied;
    w->k = malloc(size * sizeof *w->k);
    w->has_loss = malloc(size);
    w->pre = malloc(size);
    if (nv <= SIZE_MAX / TEXT_ROOM / size) {
        w->v = malloc(size * nv * sizeof(double));
        w->text = malloc(size * nv * TEXT_ROOM);
        w->tlen = malloc(size * nv);
    }
    if (copied == NULL || w->k == NULL || w->has_loss == NULL || w->pre == NULL
        || w->v == NULL || w->text == NULL || w->tlen == NULL) {
        gdt_writer_free(w);
        return GDT_ENOMEM;
    }
    for (f = 1; f <= nv; f++)
        copied[f - 1] = r->fields == NULL || r->fields[f];
    w->copied = copied;
    if (!thread) {
        w->direct = 1;
        w->running = 1;
        *wp = w;
        return GDT_OK;
    }
    atomic_init(&w->head, 0);
    atomic_init(&w->tail, 0);
    atomic_init(&w->sleeping, 0);
    atomic_init(&w->full, 0);
    atomic_init(&w->closing, 0);
    atomic_init(&w->failed, 0);
    w->st = GDT_OK;
    if (pthread_mutex_init(&w->mu, NULL) != 0) {
        gdt_writer_free(w);
        return GDT_EVALUE;
    }
    if (pthread_condattr_init(&ca) != 0) {
        pthread_mutex_destroy(&w->mu);
        gdt_writer_free(w);
        return GDT_EVALUE;
    }
    e = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    e = e == 0 ? pthread_cond_init(&w->wake, &ca) : e;
    pthread_condattr_destroy(&ca);
    if (e != 0) {
        pthread_mutex_destroy(&w->mu);
        gdt_writer_free(w);
        return GDT_EVALUE;
    }
    if (pthread_cond_init(&w->room, NULL) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->mu);
        gdt_writer_free(w);
        return GDT_EVALUE;
    }
    w->synced = 1;
    if (pthread_create(&w->thread, NULL, consume, w) != 0) {
        gdt_writer_free(w);
        return GDT_EVALUE;
    }
    w->running = 1;
    *wp = w;
    return GDT_OK;
}

int
gdt_writer_running(const struct gdt_writer *w)
{
    return w->running;
}

/* Write the texts of the values copied in SLOT (the loss when HAS_LOSS)
   there; 0 when one could not be made (the writer makes them then). */
static int
pretext(struct gdt_writer *w, size_t slot, int has_loss)
{
    const double *v = w->v + slot * w->nv;
    char *text = w->text + slot * w->nv * TEXT_ROOM;
    unsigned char *tlen = w->tlen + slot * w->nv;
    char t[GDT_SHORTEST_ROOM], *e;
    size_t f;

    for (f = 0; f < w->nv; f++) {
        if (!w->copied[f] || (f == 2 * w->n && !has_loss))
            continue;
        e = gdt_shortest_write(t, v[f], &w->plain.f);
        if (e == NULL || e - t > TEXT_ROOM)
            return 0;
        memcpy(text + f * TEXT_ROOM, t, (size_t)(e - t));
        tlen[f] = (unsigned char)(e - t);
    }
    return 1;
}

/* One value A into *V: 0 when W's copy cannot hold it. */
static inline int
copy_value(double *v, const gdt_val *a, const struct gdt_writer *w)
{
    if (w->mpfr)
        return gdt_shortest_plain_mpfr_value(v, a, &w->plain);
    *v = gdt_shortest_plain_value(a, &w->plain);
    return 1;
}

/* The values of S's current step that W copies into V: 0 when one does
   not fit. */
static int
copy_step(double *v, const struct gdt_writer *w, const gdt_stepper *s)
{
    size_t f, n = w->n;

    if (!w->mpfr && !w->plain.single && s->dec == NULL) {
        /* doubles in the registers, where gdt_stepper_param, _partial and
           _loss find them off the decimal path: each copied whether
           shown or not, at the cost of a load */
        const gdt_val *r = s->regs;
        const gdt_program *p = s->prog;

        for (f = 0; f < n; f++) {
            v[f] = r[p->nconsts + f].d;
            v[n + f] = r[p->grad_reg[f]].d;
        }
        if (s->has_loss)
            v[2 * n] = r[p->loss_reg].d;
        return 1;
    }

    for (f = 0; f < n; f++) {
        if (w->copied[f] && !copy_value(&v[f], gdt_stepper_param(s, f), w))
            return 0;
        if (w->copied[n + f] && !copy_value(&v[n + f], gdt_stepper_partial(s, f), w))
            return 0;
    }
    return !(w->copied[2 * n] && s->has_loss) || copy_value(&v[2 * n], gdt_stepper_loss(s), w);
}

/* gdt_writer_put without a thread: the record of S's step made from its
   copy at once, or by R from the stepper from this step on when the copy
   cannot hold a value. */
static gdt_status
put_direct(struct gdt_writer *w, const gdt_stepper *s)
{
    gdt_report_step v = { NULL, w->n, s->k, s->has_loss, w->v, &w->plain, NULL, NULL };

    if (!copy_step(w->v, w, s)) {
        w->running = 0; /* refused: R's records from here */
        return GDT_OK;
    }
    return gdt_report_step_hold(w->r, &v);
}

gdt_status
gdt_writer_put(struct gdt_writer *w, const gdt_stepper *s)
{
    size_t h, slot, fill;
    int spins = 0;

    if (w->direct)
        return put_direct(w, s);
    h = atomic_load_explicit(&w->head, memory_order_relaxed);

    /* the tail seen is behind the true one: the ring may be less full */
    if (h - w->tail_seen == w->size || (h & 15) == 0)
        w->tail_seen = atomic_load_explicit(&w->tail, memory_order_acquire);
    while (h - w->tail_seen == w->size && !atomic_load(&w->failed)) {
        /* full: wait until the writer has freed half of it, waking it if
           it naps (it may not have seen HEAD move, see below) */
        if (spins++ < SPINS) {
            cpu_relax();
        } else {
            pthread_mutex_lock(&w->mu);
            atomic_store(&w->full, 1);
            pthread_cond_signal(&w->wake);
            while (h - atomic_load(&w->tail) > w->size / 2 && atomic_load(&w->closing) != 2)
                pthread_cond_wait(&w->room, &w->mu);
            atomic_store(&w->full, 0);
            pthread_mutex_unlock(&w->mu);
        }
        w->tail_seen = atomic_load(&w->tail);
    }
    if (atomic_load(&w->failed))
        return gdt_writer_stop(w, 0);
    slot = h & (w->size - 1);
    w->k[slot] = s->k;
    w->has_loss[slot] = (unsigned char)s->has_loss;
    if (!copy_step(w->v + slot * w->nv, w, s))
        return gdt_writer_stop(w, 1); /* refused: R's records from here */
    /* the writer lags: this step's texts here */
    fill = h - w->tail_seen;
    w->pre[slot] = fill >= w->size / 2 && pretext(w, slot, s->has_loss);
    /* a store without a fence, and a look at SLEEPING that may be late: a
       writer napping then sleeps out its nap (NAP_NS) or until the ring is
       full; one with a quarter of the ring to do is woken */
    atomic_store_explicit(&w->head, h + 1, memory_order_release);
    if (fill + 1 >= w->size / 2 && atomic_load_explicit(&w->sleeping, memory_order_relaxed))
        wake(w, &w->sleeping, &w->wake);
    return GDT_OK;
}

gdt_status
gdt_writer_stop(struct gdt_writer *w, int drain)
{
    gdt_status st;

    if (!w->running)
        return GDT_OK;
    if (w->direct) {
        w->running = 0;
        return GDT_OK;
    }
    pthread_mutex_lock(&w->mu);
    if (atomic_load(&w->closing) == 0)
        atomic_store(&w->closing, drain ? 1 : 2);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    w->running = 0;
    st = atomic_load(&w->failed) ? w->st : GDT_OK;
    w->st = GDT_OK;
    return st;
}

void
gdt_writer_free(struct gdt_writer *w)
{
    if (w == NULL)
        return;
    (void)gdt_writer_stop(w, 0);
    if (w->synced) {
        pthread_cond_destroy(&w->wake);
        pthread_cond_destroy(&w->room);
        pthread_mutex_destroy(&w->mu);
    }
    free(w->own_copied);
    free(w->k);
    free(w->has_loss);
    free(w->pre);
    free(w->v);
    free(w->text);
    free(w->tlen);
    free(w);
}
