/* session -- set a run up from plain options, the same way for every command */
#include <stdint.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/optim.h"
#include "gdtrace/session.h"

gdt_status
gdt_session_open(gdt_session *s, const gdt_session_opts *o, gdt_error *err)
{
    gdt_status st;

    memset(&s->problem, 0, sizeof s->problem);
    memset(&s->program, 0, sizeof s->program);
    memset(&s->problem_seeded, 0, sizeof s->problem_seeded);
    memset(&s->program_seeded, 0, sizeof s->program_seeded);
    gdt_data_init(&s->data);
    s->columns.name = NULL;
    s->columns.n = 0;
    s->where = NULL;
    s->phase = GDT_SESSION_DATA;
    if (o->data_path != NULL) {
        st = o->data_text != NULL
                 ? gdt_data_read_text(&s->data, o->data_path, o->data_text, o->data_len, err)
                 : gdt_data_read(&s->data, o->data_path, err);
        if (st != GDT_OK)
            return st;
        s->columns.name = s->data.names;
        s->columns.n = s->data.ncols;
    }
    s->phase = GDT_SESSION_PROBLEM;
    st = gdt_problem_init_seed(&s->problem, o->loss, o->grads, o->ngrads,
                               o->data_path != NULL ? &s->columns : NULL, o->kinks,
                               o->loss_scale.on && !o->scaled_lanes, &s->where, err);
    if (st == GDT_OK && o->scaled_lanes)
        st = gdt_problem_init_seed(&s->problem_seeded, o->loss, o->grads, o->ngrads,
                                   o->data_path != NULL ? &s->columns : NULL, o->kinks, 1,
                                   &s->where, err);
    if (st != GDT_OK)
        return st;
    s->phase = GDT_SESSION_PROGRAM;
    st = gdt_program_init_data(&s->program, s->problem.loss, s->problem.grad, s->problem.n,
                               s->data.ncols, s->data.nrows, (const mpq_t *)s->data.cells);
    s->program.neg0_cells = s->data.neg0;
    s->program.nneg0_cells = s->data.nneg0;
    if (st == GDT_OK && o->scaled_lanes) {
        st = gdt_program_init_data(&s->program_seeded, s->problem_seeded.loss,
                                   s->problem_seeded.grad, s->problem_seeded.n, s->data.ncols,
                                   s->data.nrows, (const mpq_t *)s->data.cells);
        s->program_seeded.neg0_cells = s->data.neg0;
        s->program_seeded.nneg0_cells = s->data.nneg0;
    }
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    return GDT_OK;
}

void
gdt_session_clear(gdt_session *s)
{
    if (s == NULL)
        return;
    gdt_program_clear(&s->program);
    gdt_problem_clear(&s->problem);
    gdt_program_clear(&s->program_seeded);
    gdt_problem_clear(&s->problem_seeded);
    gdt_data_clear(&s->data);
}

gdt_status
gdt_session_stepper(gdt_session *s, gdt_domain *dom, gdt_stepper *st,
                    const gdt_session_opts *o, gdt_error *err)
{
    gdt_status rc;

    memset(st, 0, sizeof *st);
    s->phase = GDT_SESSION_DOMAIN;
    if ((rc = gdt_domain_init_mode(dom, o->mode, o->prec, o->rnd)) != GDT_OK)
        return gdt_error_set(err, rc, SIZE_MAX, "'%s' cannot be set up (%s)", o->mode,
                             gdt_status_str(rc));
    return gdt_session_stepper_in(s, dom, st, o, err);
}

gdt_status
gdt_session_stepper_in(gdt_session *s, gdt_domain *dom, gdt_stepper *st,
                       const gdt_session_opts *o, gdt_error *err)
{
    gdt_status rc;
    size_t i;
    mpq_t zero;

    memset(st, 0, sizeof *st);
    dom->max_bits = o->max_bits;
    dom->stop = o->stop; /* the moments of a data set may take long */
    s->phase = GDT_SESSION_STEPPER;
    /* with lrs, each parameter's comes after a 0 every domain holds, so
       that a learning rate the domain cannot hold is named lr_P */
    mpq_init(zero);
    rc = gdt_stepper_init(st, &s->program, dom, o->lrs != NULL ? zero : *o->lr, o->w0,
                          o->max_iter, o->update, err);
    mpq_clear(zero);
    if (rc == GDT_OK && (rc = gdt_stepper_neg_zero(st, o->lrs == NULL && o->lr_neg0, o->w0_neg0))
                            != GDT_OK)
        gdt_error_set(err, rc, SIZE_MAX, "%s", gdt_status_str(rc));
    st->names = s->problem.params.name;
    for (i = 0; rc == GDT_OK && o->lrs != NULL && i < s->program.nparams; i++)
        rc = gdt_stepper_set_lr(st, i, o->lrs[i], o->lrs_neg0 != NULL && o->lrs_neg0[i], err);
    if (rc == GDT_OK && o->master != NULL)
        rc = gdt_stepper_set_master(st, o->master, err);
    if (rc == GDT_OK && o->loss_scale.on)
        rc = gdt_stepper_set_loss_scale(st, &o->loss_scale, err);
    if (rc == GDT_OK && o->optim != NULL)
        rc = gdt_stepper_set_optim(st, o->optim, err);
    st->stop_on_zero = o->stop_on_zero;
    st->detect_cycles = o->detect_cycles;
    st->stop_on_stall = o->stop_on_stall;
    st->stop_on_nonfinite = o->stop_on_nonfinite;
    if (rc == GDT_OK && o->sr != 0)
        rc = gdt_stepper_set_sr(st, o->sr, o->seed, 0, err);
    return rc;
}

gdt_status
gdt_session_compare(gdt_session *s, gdt_compare *c, const char *const *modes, size_t n,
                    size_t ref, const gdt_session_opts *o, gdt_error *err)
{
    gdt_compare_opts co = {
        .modes = modes, .n = n, .ref = ref, .names = s->problem.params.name,
        .lr = o->lr, .lr_neg0 = o->lr_neg0, .lrs = o->lrs, .lrs_neg0 = o->lrs_neg0,
        .w0 = o->w0, .w0_neg0 = o->w0_neg0,
        .max_iter = o->max_iter, .update = o->update, .optim = o->optim, .prec = o->prec,
        .optims = o->lane_optims, .updates = o->lane_updates, .refs = o->lane_refs,
        .rnd = o->rnd,
        .max_bits = o->max_bits, .stop_on_zero = o->stop_on_zero,
        .detect_cycles = o->detect_cycles,
        .stop_on_stall = o->stop_on_stall, .stop_on_nonfinite = o->stop_on_nonfinite,
        .sr = o->mode_sr, .seed = o->seed, .labels = o->labels, .runs = o->runs,
        .max_prec = o->max_prec,
        .seeded_prog = o->scaled_lanes ? &s->program_seeded : NULL,
        .loss_scale = o->loss_scale,
    };

    s->phase = GDT_SESSION_STEPPER;
    return gdt_compare_init(c, &s->program, &co, err);
}
