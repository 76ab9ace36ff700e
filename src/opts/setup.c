/* setup -- what the commands set up from their settings alike, the CLI
   and the bindings (src/api): run --at's state and a sweep's axes */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include "gdtrace/analyze.h"
#include "gdtrace/mode.h"
#include "opts_impl.h"

gdt_status
gdt_opts_run_at(gdt_run_at *a, gdt_session_opts *at_o, const gdt_opts *s,
                const gdt_session *ss, const gdt_session_opts *o, const gdt_run_opts *ro,
                gdt_error *err)
{
    char why[GDT_ERRMSG_MAX];
    gdt_heavyball hb;
    gdt_status st;

    gdt_heavyball_init(&hb);
    if (s->has_optim) { /* SGD with momentum or weight decay (set_optimizer) */
        mpq_set(hb.m, s->optim.momentum);
        mpq_set(hb.d, s->optim.dampening);
        mpq_set(hb.wd, s->optim.weight_decay);
        hb.nesterov = s->optim.nesterov;
    }
    st = gdt_run_at_init(a, &ss->problem, &ss->program, *o->lr, o->lrs, o->w0,
                         s->has_optim ? &hb : NULL, s->at, o->stop_on_zero, o->max_bits, ro,
                         err);
    gdt_heavyball_clear(&hb);
    if (st == GDT_EINTERRUPTED)
        return st;
    if (st != GDT_OK) {
        memcpy(why, err->msg, sizeof why);
        if (st == GDT_EVALUE)
            return gdt_error_set(err, st, SIZE_MAX, "--at: '%s' %s", s->set[GDT_OPT_AT], why);
        return gdt_error_set(err, st, SIZE_MAX, "--at: %s", why);
    }
    /* the one step, in the exact domain, from the state computed */
    *at_o = *o;
    at_o->mode = "exact";
    at_o->max_bits = 0;
    at_o->w0 = (const mpq_t *)a->w;
    at_o->lr_neg0 = 0;
    at_o->lrs_neg0 = NULL;
    at_o->w0_neg0 = NULL;
    at_o->max_iter = a->k;
    at_o->detect_cycles = 0;
    at_o->stop_on_stall = at_o->stop_on_nonfinite = 0;
    return GDT_OK;
}

/* Add the axes among the N TEXTS (per parameter, NULL where not given),
   entries of option OPT, to W: at most two in all. */
static gdt_status
add_axes(gdt_opts_sweep *w, gdt_opts *s, size_t n, const char *opt,
         const char *const *texts, gdt_sweep_target target, gdt_error *err)
{
    size_t i;

    for (i = 0; texts != NULL && i < n; i++) {
        if (texts[i] == NULL || !gdt_opts_is_axis(s, texts[i]))
            continue;
        if (w->naxes == 2)
            return gdt_opts_bad(s, err, opt, "'%s': a sweep has at most two axes",
                                target == GDT_SWEEP_W0 ? s->w0
                                : target == GDT_SWEEP_MOMENTUM ? s->set[GDT_OPT_MOMENTUM]
                                                               : s->lr);
        w->axes[w->naxes].target = target;
        w->axes[w->naxes].param = i;
        w->opt[w->naxes] = opt;
        w->text[w->naxes++] = texts[i];
    }
    return GDT_OK;
}

/* The place among the options given of OPT, an axis's option. */
static int
opt_pos(const gdt_opts *s, const char *opt)
{
    return s->argpos[strcmp(opt, "w0") == 0   ? GDT_OPT_W0
                     : strcmp(opt, "lr") == 0 ? GDT_OPT_LR
                                              : GDT_OPT_MOMENTUM];
}

/* The axes of S in the order they were given: --lr's and --w0's by their
   places among the options, the entries of a list (--w0 a=A:B,b=C:D,
   --lr a=A:B,b=C:D) in its order. */
static gdt_status
find_axes(gdt_opts_sweep *w, gdt_opts *s, const gdt_problem *p, gdt_error *err)
{
    gdt_status st;

    if ((st = add_axes(w, s, p->n, "w0", s->w0_texts, GDT_SWEEP_W0, err)) != GDT_OK)
        return st;
    if (s->lr != NULL && s->lr_texts != NULL)
        st = add_axes(w, s, p->n, "lr", s->lr_texts, GDT_SWEEP_LR_OF, err);
    else if (s->lr != NULL) /* one lr for every parameter */
        st = add_axes(w, s, 1, "lr", &s->lr, GDT_SWEEP_LR, err);
    if (st == GDT_OK && s->momentum_axis)
        st = add_axes(w, s, 1, "momentum", &s->set[GDT_OPT_MOMENTUM], GDT_SWEEP_MOMENTUM, err);
    if (st != GDT_OK)
        return st;
    /* the later option, or the later entry of one list, second */
    if (w->naxes == 2 && (w->opt[0] != w->opt[1] ? opt_pos(s, w->opt[0]) > opt_pos(s, w->opt[1])
                                                 : w->text[0] > w->text[1])) {
        gdt_sweep_axis t = w->axes[0];
        const char *o = w->opt[0], *x = w->text[0];
        w->axes[0] = w->axes[1];
        w->axes[1] = t;
        w->opt[0] = w->opt[1];
        w->opt[1] = o;
        w->text[0] = w->text[1];
        w->text[1] = x;
    }
    if (w->naxes == 0 && s->boundary)
        return gdt_opts_bad(s, err, "lr", "%s%s%s: boundary bisects an interval: give --lr A:B",
                            s->set[GDT_OPT_LR] ? "'" : "missing",
                            s->set[GDT_OPT_LR] ? s->set[GDT_OPT_LR] : "",
                            s->set[GDT_OPT_LR] ? "'" : "");
    if (w->naxes == 0)
        return gdt_opts_bad(s, err, NULL, "sweep: no axis: give --lr A:B, --w0 A:B, --w0 P=A:B or "
                            "--momentum A:B");
    return GDT_OK;
}

/* gdtrace zoom's axes: the learning rate first, around --lr X (frame 0's
   window, X -+ W0/2), then a --w0 axis if one is given. */
static gdt_status
zoom_axes(gdt_opts_sweep *w, gdt_opts *s, const gdt_problem *p, gdt_error *err)
{
    gdt_sweep_axis *x = &w->axes[0];

    if (s->set[GDT_OPT_LR] == NULL)
        return gdt_opts_bad(s, err, "lr", "%s", "missing: zoom needs the centre of its "
                            "frames (--lr X)");
    if (gdt_opts_is_axis(s, s->lr) || s->lr_texts != NULL || s->lrs_q != NULL)
        return gdt_opts_bad(s, err, "lr", "'%s': zoom takes the centre X, one learning rate "
                            "for every parameter (each frame's window is its width around "
                            "it)", s->lr);
    x->target = GDT_SWEEP_LR;
    x->scale = GDT_SWEEP_LIN;
    mpq_div_2exp(x->b, s->zoom_from, 1);
    mpq_sub(x->a, s->lr_q, x->b);
    mpq_add(x->b, s->lr_q, x->b);
    w->opt[0] = "lr";
    w->text[0] = s->lr;
    w->naxes = 1;
    return add_axes(w, s, p->n, "w0", s->w0_texts, GDT_SWEEP_W0, err);
}

/* Axis X from TEXT, of option OPT: A:B, A < B, exact decimals; log ends
   positive. */
static gdt_status
read_axis(gdt_opts *s, gdt_sweep_axis *x, const char *opt, const char *text, int log,
          gdt_error *err)
{
    const char *colon = strchr(text, ':');
    char *a = strndup(text, (size_t)(colon - text));
    gdt_status st;
    int cmp;

    if (a == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    st = gdt_opts_number(s, x->a, opt, a, err);
    free(a);
    if (st == GDT_OK)
        st = gdt_opts_number(s, x->b, opt, colon + 1, err);
    if (st != GDT_OK)
        return st;
    x->scale = log ? GDT_SWEEP_LOG : GDT_SWEEP_LIN;
    cmp = mpq_cmp(x->a, x->b);
    if (cmp == 0)
        return gdt_opts_bad(s, err, opt, "'%s' is an empty range (A:B needs A < B)", text);
    if (cmp > 0)
        return gdt_opts_bad(s, err, opt, "'%s' is a reversed range (A:B needs A < B)", text);
    if (log && mpq_sgn(x->a) <= 0)
        return gdt_opts_bad(s, err, opt, "'%s' cannot be a log axis: its ends must be positive",
                            text);
    return GDT_OK;
}

/* The grid and scales of S over W's axes. */
static gdt_status
read_grid(gdt_opts_sweep *w, gdt_opts *s, gdt_error *err)
{
    size_t k, nax = w->naxes;

    if (s->ngrid == 2 && nax == 1)
        return gdt_opts_bad(s, err, "grid", "'%s' has two axes, and the sweep one",
                            s->set[GDT_OPT_GRID]);
    if (s->nscale == 2 && nax == 1)
        return gdt_opts_bad(s, err, "scale", "'%s' has two axes, and the sweep one",
                            s->set[GDT_OPT_SCALE]);
    for (k = 0; k < nax; k++)
        w->axes[k].n = s->ngrid != 0 ? s->grid[s->ngrid == 2 ? k : 0]
                       : s->zoom ? GDT_OPTS_ZOOM_GRID_DEFAULT : GDT_OPTS_GRID_DEFAULT;
    if (nax == 2 && (uint64_t)w->axes[0].n * w->axes[1].n > (UINT64_C(1) << 31))
        return gdt_opts_bad(s, err, "grid", "'%s' has more than 2^31 points with two axes",
                            s->set[GDT_OPT_GRID]);
    for (k = 0; k < nax; k++) {
        int cls = gdt_mode_class_of(s->modes[0]);
        if (s->scale[s->nscale == 2 ? k : 0] && (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT))
            return gdt_opts_bad(s, err, "scale", "'%s': a log axis has irrational points, which "
                                "mode %s cannot hold (a float mode can)", s->set[GDT_OPT_SCALE],
                                s->modes[0]);
    }
    return GDT_OK;
}

/* The bits a certified sweep's runs lose: the Lyapunov exponent in bits
   a step (analyze's, along the MPFR run at 128 bits from the grid's
   centre; one parameter only, else 0) times max-iter.  With the bits
   that tell the grid's points apart and 32 more, the first working
   precision (gdt_sweep_first_prec): a window of 1e-100 starts near 333
   bits and Liu's loss over 1000 steps near 7600 more, where doubling from
   64 bits would run each point 8 times. */
static double
lost_bits(const gdt_opts_sweep *w, const gdt_session *ss, const gdt_session_opts *o,
          gdt_cancel *stop)
{
    double lost = 0;
    size_t k;

    if (w->contract_ok) {
        gdt_program fpp = w->contract; /* a view: its loss register g' */
        gdt_lyapunov_run run;
        mpq_t lr, w0;
        mpfr_t lambda;

        fpp.loss_reg = w->contract.grad_reg[0];
        mpq_inits(lr, w0, (mpq_ptr)0);
        mpfr_init2(lambda, 64);
        mpq_set(lr, *o->lr);
        mpq_set(w0, o->w0[0]);
        for (k = 0; k < w->naxes; k++) { /* the grid's centre */
            mpq_ptr c = w->axes[k].target == GDT_SWEEP_W0 ? w0 : lr;
            mpq_add(c, w->axes[k].a, w->axes[k].b);
            mpq_div_2exp(c, c, 1);
        }
        if (gdt_analyze_lyapunov(lambda, &run, &ss->program, &fpp, lr, w0, o->max_iter, 128,
                                 stop) == GDT_OK
            && mpfr_number_p(lambda) && mpfr_sgn(lambda) > 0)
            lost = mpfr_get_d(lambda, MPFR_RNDU) / log(2) * (double)o->max_iter;
        mpfr_clear(lambda);
        mpq_clears(lr, w0, (mpq_ptr)0);
    }
    return lost;
}

/* gdtrace zoom's frames over W's sweep: --frames, or as many as --factor
   takes from --from to --to. */
static gdt_status
zoom_frames(gdt_opts_sweep *w, gdt_opts *s, gdt_error *err)
{
    size_t n = s->zoom_frames;
    int to = s->set[GDT_OPT_TO] != NULL, factor = s->set[GDT_OPT_FACTOR] != NULL;

    if (to && factor
        && gdt_zoom_count(&n, s->zoom_from, s->zoom_to, s->zoom_factor, GDT_ZOOM_MAX_FRAMES)
               != GDT_OK)
        return gdt_opts_bad(s, err, "factor", "'%s' takes more than %d frames from --from %s "
                            "to --to %s", s->set[GDT_OPT_FACTOR], GDT_ZOOM_MAX_FRAMES,
                            s->set[GDT_OPT_FROM], s->set[GDT_OPT_TO]);
    w->zoom = (gdt_zoom_opts){
        .sweep = &w->so, .centre = (const mpq_t *)&s->lr_q,
        .from = (const mpq_t *)&s->zoom_from, .to = to ? (const mpq_t *)&s->zoom_to : NULL,
        .factor = factor ? (const mpq_t *)&s->zoom_factor : NULL, .frames = n,
        .lost = w->lost_bits,
    };
    return GDT_OK;
}

gdt_status
gdt_opts_sweep_init(gdt_opts_sweep *w, gdt_opts *s, const gdt_session *ss,
                    const gdt_session_opts *o, gdt_cancel *stop, gdt_error *err)
{
    size_t k, bad;
    long cores;
    gdt_status st;

    memset(w, 0, sizeof *w);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_init(&w->axes[k]);
    st = s->zoom ? zoom_axes(w, s, &ss->problem, err) : find_axes(w, s, &ss->problem, err);
    if (st != GDT_OK)
        return st;
    for (k = s->zoom ? 1 : 0; k < w->naxes; k++)
        if ((st = read_axis(s, &w->axes[k], w->opt[k], w->text[k],
                            s->scale[s->nscale == 2 ? k : 0], err)) != GDT_OK)
            return st;
    if ((st = read_grid(w, s, err)) != GDT_OK)
        return st;
    if (s->set[GDT_OPT_DIMENSION] != NULL && w->naxes == 2)
        return gdt_opts_bad(s, err, "dimension", "box counting is along one axis, and the "
                            "sweep has two");
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    w->so = (gdt_sweep_opts){
        .prog = &ss->program, .names = ss->problem.params.name,
        .mode = s->certify ? "certified" : o->mode, .prec = s->certify ? 64 : o->prec,
        .rnd = o->rnd, .max_bits = o->max_bits,
        .update = s->certify ? GDT_UPDATE_SUB : o->update, .master = o->master,
        .loss_scale = o->loss_scale,
        .optim = o->optim,
        .lr = o->lr, .lr_neg0 = o->lr_neg0, .lrs = o->lrs, .lrs_neg0 = o->lrs_neg0,
        .w0 = o->w0, .w0_neg0 = o->w0_neg0, .max_iter = o->max_iter, .axes = w->axes,
        .naxes = w->naxes, .escape = (const mpq_t *)&s->escape,
        .threads = s->threads != 0 ? (unsigned)s->threads
                   : cores > 0 && cores < 1024 ? (unsigned)cores : 1,
        .stop = stop, .sr = o->sr, .seed = o->seed,
        /* certified: each point on its own, at the precision it needs */
        .max_prec = s->certify ? (mpfr_prec_t)s->max_prec : 0, .point_by_point = s->certify,
    };
    if ((st = gdt_sweep_check(&w->so, &bad, err)) != GDT_OK) {
        char why[GDT_ERRMSG_MAX];

        memcpy(why, err->msg, sizeof why);
        if (bad == GDT_SWEEP_CHECK_PROBLEM)
            gdt_opts_bad(s, err, NULL, "%s", why);
        else if (bad != SIZE_MAX)
            gdt_opts_bad(s, err, w->opt[bad], "'%s': %s", w->text[bad], why);
        else
            gdt_opts_bad(s, err, "mode", "%s", why);
        return st == GDT_ENOMEM ? GDT_ENOMEM : GDT_EVALUE;
    }
    /* a certified sweep of one parameter: its points bounded within
       max-iter are tested for a contraction (none when g has no
       derivative as written, a kink under --kinks error); g' gives the
       Lyapunov exponent of certified_prec too */
    if ((s->certify || s->against) && ss->problem.n == 1) {
        gdt_error derr;
        w->has_contract = 1;
        st = gdt_program_init_hessian_row(&w->contract, &ss->problem, &ss->program, 0, &derr);
        if (st == GDT_ENOMEM)
            return gdt_error_set(err, st, SIZE_MAX, "out of memory");
        w->contract_ok = st == GDT_OK;
        if (st == GDT_OK && s->certify)
            w->so.contract = &w->contract;
    }
    /* --against certified: the same grid as a certified sweep, each point
       run in both, one by one */
    if (s->against) {
        w->against = w->so;
        w->against.mode = "certified";
        w->against.prec = 64;
        w->against.update = GDT_UPDATE_SUB;
        w->against.master = NULL;
        w->against.sr = 0;
        w->against.max_prec = (mpfr_prec_t)s->max_prec;
        w->against.point_by_point = 1;
        w->against.against = NULL;
        w->against.contract = NULL;
        w->so.point_by_point = 1;
        w->so.against = &w->against;
    }
    if (s->certify || s->against) {
        w->lost_bits = lost_bits(w, ss, o, stop);
        if (s->certify)
            w->so.prec = gdt_sweep_first_prec(&w->so, w->lost_bits);
        else
            w->against.prec = gdt_sweep_first_prec(&w->against, w->lost_bits);
    }
    if (s->zoom && (st = zoom_frames(w, s, err)) != GDT_OK)
        return st;
    /* a one-parameter quadratic loss: the class column (plain gradient
       descent's, or SGD's with momentum: none with Adam or a schedule) */
    if (ss->problem.n == 1 && gdt_problem_is_affine(&ss->problem)
        && (!s->has_optim || (s->optim.kind == GDT_OPTIM_SGD && s->optim.nsched == 0))) {
        w->has_affine = 1;
        if (gdt_affine_init(&w->affine, &ss->program) != GDT_OK) {
            gdt_affine_clear(&w->affine);
            w->has_affine = 0;
        }
    }
    w->info = (gdt_sweep_info){
        .loss_text = s->loss, .grads = s->grads, .ngrads = s->ngrads,
        .data_path = s->set[GDT_OPT_DATA], .lr_text = s->lr, .w0_text = s->w0,
        .escape_text = s->set[GDT_OPT_ESCAPE] != NULL ? s->set[GDT_OPT_ESCAPE] : "1e16",
    };
    return GDT_OK;
}

void
gdt_opts_sweep_clear(gdt_opts_sweep *w)
{
    size_t k;

    if (w->has_affine)
        gdt_affine_clear(&w->affine);
    w->has_affine = 0;
    if (w->has_contract)
        gdt_program_clear(&w->contract);
    w->has_contract = 0;
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&w->axes[k]);
}

void
gdt_opts_analyze_in(gdt_analyze_in *in, const gdt_opts *s, const gdt_session *ss)
{
    *in = (gdt_analyze_in){
        .problem = &ss->problem, .program = &ss->program, .loss_text = s->loss,
        .lrs = (const mpq_t *)s->lrs_q, .w0 = (const mpq_t *)s->w0_q, .has_at = s->has_at,
        .at = s->at, .max_iter = s->max_iter, .max_bits = (size_t)s->max_bits,
        .prec = (mpfr_prec_t)s->prec, .roots = s->roots,
        .sharpness = s->set[GDT_OPT_SHARPNESS] != NULL,
        .optim = s->has_optim ? &s->optim : NULL,
    };
    mpq_init(in->lr);
    mpq_set(in->lr, s->lr_q);
}

void
gdt_opts_certify(gdt_certify_opts *co, const gdt_opts *s)
{
    size_t digits = s->numfmt.kind == GDT_DIGITS_N ? (size_t)s->numfmt.n : 1;
    /* log2(10) bits a digit, and 32 bits for what the run loses */
    mpfr_prec_t prec = (mpfr_prec_t)((double)digits * 3.33) + 32;

    *co = (gdt_certify_opts){
        .need = s->numfmt.kind == GDT_DIGITS_N       ? GDT_CERTIFY_DIGITS
                : s->numfmt.kind == GDT_DIGITS_EXACT ? GDT_CERTIFY_EXACT
                                                     : GDT_CERTIFY_SOME,
        .digits = digits, .max_prec = (mpfr_prec_t)s->max_prec,
        .no_partials = s->format == GDT_FORMAT_TEXT, /* text shows none */
        .contracting = s->stop_on_contract,
    };
    co->prec = prec < 64 ? 64 : prec;
    if (co->prec > co->max_prec)
        co->prec = co->max_prec;
}
