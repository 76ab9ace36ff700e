/* fuzz_resume -- libFuzzer target: reading back a trajectory file

   The first byte of an input picks one of four short runs (exact jsonl,
   binary64 csv, binary16 jsonl with two parameters, binary16 csv that stops
   on a zero gradient); the rest is the file.  gdt_trail_replay reads it
   (through fmemopen) beside the run replayed from w0.  A file it accepts
   must be resumed to exactly the uninterrupted run: its bytes up to the end
   of the last record are the run's, and what gdt_run then appends makes the
   whole of it; a file it calls complete is the whole run already.  A file
   it refuses gets GDT_EVALUE and a message.  Every object is freed, so the
   leak checker sees any leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/gd.h"
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/report.h"
#include "gdtrace/resume.h"

#define INPUT_MAX 4096 /* bytes per input */

/* The runs, set up once. */
static struct run {
    const char *mode, *loss, *lr, *w0;
    unsigned long max_iter;
    gdt_format format;
    gdt_problem problem;
    gdt_program program;
    gdt_domain dom;
    mpq_t lr_q, w0_q[2];
    const char *w0_texts[2];
    gdt_run_info info;
    char *full, *header; /* the uninterrupted run's file, its csv header */
    size_t full_len, header_len;
} runs[] = {
    { .mode = "exact", .loss = "(w-1)^2 + 2", .lr = "0.4", .w0 = "2", .max_iter = 12,
      .format = GDT_FORMAT_JSONL },
    { .mode = "binary64", .loss = "(w-1)^2 + 2", .lr = "0.4", .w0 = "2", .max_iter = 12,
      .format = GDT_FORMAT_CSV },
    { .mode = "binary16", .loss = "(a-1)^2 + 3*(b+2)^2", .lr = "0.05", .w0 = "0",
      .max_iter = 10, .format = GDT_FORMAT_JSONL },
    { .mode = "binary16", .loss = "(w-1)^2", .lr = "0.25", .w0 = "3", .max_iter = 20,
      .format = GDT_FORMAT_CSV }, /* stops on grad-zero at step 12 */
};
#define NRUNS (sizeof runs / sizeof runs[0])

static const gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 };

static void
must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_resume: %s\n", what);
        abort();
    }
}

/* A stepper at w0 of run R. */
static void
stepper_at_w0(gdt_stepper *s, struct run *r)
{
    gdt_error err;

    must(gdt_stepper_init(s, &r->program, &r->dom, r->lr_q, r->w0_q, r->max_iter,
                          GDT_UPDATE_SUB, &err) == GDT_OK, "gdt_stepper_init");
    s->names = r->problem.params.name;
}

/* Run S to its end, writing to memory: *TEXT (*LEN bytes), with INFO. */
static void
run_to_memory(char **text, size_t *len, struct run *r, gdt_stepper *s,
              const gdt_run_info *info)
{
    FILE *m = open_memstream(text, len);
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_error err;

    must(m != NULL, "open_memstream");
    gdt_reporter_init(&rep, r->format, &shortest, m);
    gdt_reporter_sink(&sink, &rep);
    must(gdt_run_steps(s, &sink, info, NULL, &err) == GDT_OK, "gdt_run_steps");
    gdt_reporter_clear(&rep);
    must(fclose(m) == 0, "fclose");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i, j;

    (void)argc;
    (void)argv;
    for (i = 0; i < NRUNS; i++) {
        struct run *r = &runs[i];
        gdt_stepper s;
        gdt_reporter rep;
        gdt_error err;
        size_t end;
        FILE *m;

        must(gdt_problem_init(&r->problem, r->loss, NULL, 0, NULL, NULL, &err) == GDT_OK,
             "gdt_problem_init");
        must(r->problem.n <= 2, "at most two parameters");
        must(gdt_program_init(&r->program, r->problem.loss, r->problem.grad, r->problem.n)
             == GDT_OK, "gdt_program_init");
        must(gdt_domain_init_mode(&r->dom, r->mode, 53, MPFR_RNDN) == GDT_OK,
             "gdt_domain_init_mode");
        mpq_init(r->lr_q);
        must(gdt_q_parse(r->lr_q, r->lr, &end) == GDT_OK, "lr");
        for (j = 0; j < 2; j++) {
            mpq_init(r->w0_q[j]);
            must(gdt_q_parse(r->w0_q[j], r->w0, &end) == GDT_OK, "w0");
            r->w0_texts[j] = r->w0;
        }
        r->info.problem = &r->problem;
        r->info.loss_text = r->loss;
        r->info.lr_text = r->lr;
        r->info.w0_texts = r->w0_texts;
        r->info.data_path = NULL;
        r->info.data_rows = 0;
        r->info.max_iter = r->max_iter;
        r->info.has_at = 0;
        r->info.resumed = 0;
        stepper_at_w0(&s, r);
        run_to_memory(&r->full, &r->full_len, r, &s, &r->info);
        gdt_stepper_clear(&s);
        /* the header alone */
        stepper_at_w0(&s, r);
        m = open_memstream(&r->header, &r->header_len);
        must(m != NULL, "open_memstream");
        gdt_reporter_init(&rep, r->format, &shortest, m);
        must(gdt_reporter_begin(&rep, &r->info, &s) == GDT_OK, "gdt_reporter_begin");
        gdt_reporter_clear(&rep);
        must(fclose(m) == 0, "fclose");
        gdt_stepper_clear(&s);
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct run *r;
    gdt_stepper s;
    gdt_reporter rep;
    gdt_trail t;
    gdt_error err;
    gdt_status st;
    gdt_run_info info;
    char *file, *rest = NULL;
    size_t len, rest_len = 0;
    FILE *f;

    if (size < 1 || size > INPUT_MAX)
        return 0;
    r = &runs[data[0] % NRUNS];
    len = size - 1;
    /* fmemopen wants a buffer of at least one byte */
    file = malloc(len + 1);
    must(file != NULL, "malloc");
    memcpy(file, data + 1, len);
    file[len] = '\0';
    f = fmemopen(file, len > 0 ? len : 1, "r");
    must(f != NULL, "fmemopen");
    if (len == 0)
        (void)fgetc(f); /* at the end: an empty file */
    stepper_at_w0(&s, r);
    gdt_reporter_init(&rep, r->format, &shortest, NULL);
    rep.problem = &r->problem;
    gdt_error_clear(&err);
    st = gdt_trail_replay(&t, f, "file", &s, &rep, r->header, NULL, &err);
    gdt_reporter_clear(&rep);
    fclose(f);
    if (st != GDT_OK) {
        must(st == GDT_EVALUE && err.msg[0] != '\0', "a refusal is GDT_EVALUE with a message");
    } else {
        must(s.stop != GDT_STOP_INTERRUPTED, "no signal here");
        /* the records kept are the run's own */
        must(t.end > 0 && (size_t)t.end <= len && (size_t)t.end <= r->full_len
             && memcmp(file, r->full, (size_t)t.end) == 0 && file[t.end - 1] == '\n',
             "the records kept are the uninterrupted run's");
        must(s.k == t.last_step && t.last_step <= r->max_iter, "the stepper is at the last record");
        if (t.complete) {
            must(len == r->full_len && memcmp(file, r->full, len) == 0,
                 "a complete file is the uninterrupted run");
        } else {
            /* resumed: what gdt_run appends makes the uninterrupted run */
            info = r->info;
            info.resumed = 1;
            s.stop = GDT_STOP_NONE;
            run_to_memory(&rest, &rest_len, r, &s, &info);
            must((size_t)t.end + rest_len == r->full_len
                 && memcmp(rest, r->full + t.end, rest_len) == 0,
                 "a resumed file ends as the uninterrupted run");
            free(rest);
        }
    }
    gdt_stepper_clear(&s);
    free(file);
    return 0;
}
