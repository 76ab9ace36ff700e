/* map_png -- a sweep's map of outcomes as a PNG image, through libpng
   (see gdtrace/map.h for the palette and the layout)

   libpng reports an error by calling the error function it was given and
   jumping back to the setjmp below; ours keeps the message for the
   gdt_error and prints nothing, and the warning function drops libpng's
   warnings.  Bytes go out through our own write function, so that a
   failed write says why (errno). */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/map.h"

/* The longest side the scaling reaches, in pixels. */
#define MAP_MIN_SIDE 512
#define MAP_MIN_STRIP 64   /* the least height of a one-row map, in pixels */
/* PNG's limit on a side, in pixels. */
#define MAP_MAX_SIDE 0x7fffffffu

/* A family of shades: the colours at t = 0, 1/2 and 1. */
typedef struct shades {
    unsigned char dark[3], mid[3], light[3];
} shades;

/* The outcomes shaded by their step, and their families. */
static const shades families[GDT_OUTCOME_COUNT] = {
    [GDT_OUTCOME_DIVERGED] = { { 0x67, 0x00, 0x0d }, { 0xef, 0x65, 0x1e }, { 0xfe, 0xe0, 0xb4 } },
    [GDT_OUTCOME_CONVERGED] = { { 0x08, 0x30, 0x6b }, { 0x21, 0x71, 0xb5 }, { 0xc6, 0xdb, 0xef } },
    [GDT_OUTCOME_STALLED] = { { 0x00, 0x40, 0x3c }, { 0x00, 0x96, 0x8c }, { 0xb4, 0xeb, 0xe1 } },
};
static const unsigned char shaded[GDT_OUTCOME_COUNT] = {
    [GDT_OUTCOME_DIVERGED] = 1, [GDT_OUTCOME_CONVERGED] = 1, [GDT_OUTCOME_STALLED] = 1,
};

/* The one colour of an outcome without shades. */
static const unsigned char flat[GDT_OUTCOME_COUNT][3] = {
    [GDT_OUTCOME_NONE] = { 0xff, 0xff, 0xff },
    [GDT_OUTCOME_CYCLE] = { 0xc8, 0x00, 0xc8 },
    [GDT_OUTCOME_BOUNDED] = { 0x00, 0x00, 0x00 },
    [GDT_OUTCOME_SIZE_LIMIT] = { 0xff, 0xe6, 0x00 },
    [GDT_OUTCOME_INTERRUPTED] = { 0x80, 0x80, 0x80 },
    [GDT_OUTCOME_ERROR] = { 0x00, 0xff, 0x00 },
    [GDT_OUTCOME_UNDECIDED] = { 0xff, 0x8c, 0xc6 },
    [GDT_OUTCOME_CONTRACTING] = { 0x6b, 0xae, 0xd6 },
};

/* log2(X) in fixed point with 32 fraction bits, rounded down, for X >= 1
   (the fraction bit by bit, squaring X's mantissa with 62 fraction bits):
   integers only, so that every machine draws the same shades. */
static uint64_t
log2_fix(uint64_t x)
{
    unsigned __int128 y;
    uint64_t r;
    int e = 0, b;

    while (e < 63 && x >> (e + 1) != 0)
        e++;
    r = (uint64_t)e << 32;
    /* y = x / 2^e in [1, 2) */
    y = e <= 62 ? (unsigned __int128)x << (62 - e) : (unsigned __int128)x >> 1;
    for (b = 31; b >= 0; b--) {
        y = (y * y) >> 62;
        if (y >> 63 != 0) {
            y >>= 1;
            r |= (uint64_t)1 << b;
        }
    }
    return r;
}

/* The levels of t: 0 .. 256. */
#define MAP_LEVELS 257

/* t of map.h in 1/256ths: round(256 log2(1 + S) / log2(1 + MAX)), for S
   from 0 to MAX; it never falls as S grows. */
static unsigned
shade_level(uint64_t s, uint64_t max)
{
    uint64_t num, den;

    if (max == 0)
        return 0;
    num = log2_fix(s == UINT64_MAX ? s : s + 1);
    den = log2_fix(max == UINT64_MAX ? max : max + 1);
    /* num < 2^38: num * 256 fits */
    return (unsigned)((num * 256 + den / 2) / den);
}

/* STEP clamped to 0 .. MAX. */
static uint64_t
clamp_step(int64_t step, unsigned long max)
{
    if (step <= 0)
        return 0;
    return (uint64_t)step < max ? (uint64_t)step : max;
}

/* The colour at level T (0 .. 256) of family F, linear between its
   stops. */
static void
shade(unsigned char rgb[3], const shades *f, unsigned t)
{
    const unsigned char *a = t <= 128 ? f->dark : f->mid;
    const unsigned char *b = t <= 128 ? f->mid : f->light;
    unsigned u = t <= 128 ? t : t - 128, c;

    for (c = 0; c < 3; c++)
        rgb[c] = (unsigned char)((a[c] * (128 - u) + b[c] * u + 64) / 128);
}

gdt_status
gdt_map_colour(unsigned char rgb[3], unsigned outcome, int64_t step, unsigned long max_iter)
{
    if (outcome >= GDT_OUTCOME_COUNT) {
        memcpy(rgb, flat[GDT_OUTCOME_NONE], 3);
        return GDT_EVALUE;
    }
    if (shaded[outcome])
        shade(rgb, &families[outcome], shade_level(clamp_step(step, max_iter), max_iter));
    else
        memcpy(rgb, flat[outcome], 3);
    return GDT_OK;
}

/* The palette of one map, for its max-iter, as tables: the colour of a
   shaded point is found with a binary search over the steps where its level
   changes, never a logarithm.  FIRST[L] (L = 1 .. NLEV) is the least step
   whose level is L or more; COLOUR[O][L] the colour of outcome O at level L
   (every level for a shaded outcome, level 0 for the others). */
typedef struct map_palette {
    uint64_t first[MAP_LEVELS];
    unsigned nlev;
    unsigned char colour[GDT_OUTCOME_COUNT][MAP_LEVELS][3];
} map_palette;

static void
palette_init(map_palette *p, unsigned long max)
{
    uint64_t lo, hi, mid;
    unsigned o, l;

    p->nlev = shade_level(max, max);   /* 256, or 0 when max is 0 */
    for (l = 1; l <= p->nlev; l++) {
        /* the least s in [first[l-1], max] of level l or more */
        lo = l == 1 ? 0 : p->first[l - 1];
        hi = max;
        while (lo < hi) {
            mid = lo + (hi - lo) / 2;
            if (shade_level(mid, max) >= l)
                hi = mid;
            else
                lo = mid + 1;
        }
        p->first[l] = lo;
    }
    for (o = 0; o < GDT_OUTCOME_COUNT; o++)
        for (l = 0; l < MAP_LEVELS; l++) {
            if (shaded[o])
                shade(p->colour[o][l], &families[o], l);
            else
                memcpy(p->colour[o][l], flat[o], 3);
        }
}

/* The colour of outcome O (a code) at STEP. */
static const unsigned char *
palette_colour(const map_palette *p, unsigned o, int64_t step, unsigned long max)
{
    uint64_t s;
    unsigned lo = 0, hi, mid;

    if (!shaded[o])
        return p->colour[o][0];
    /* the greatest level l with first[l] <= s (level 0: none) */
    s = clamp_step(step, max);
    hi = p->nlev;
    while (lo < hi) {
        mid = lo + (hi - lo + 1) / 2;
        if (p->first[mid] <= s)
            lo = mid;
        else
            hi = mid - 1;
    }
    return p->colour[o][lo];
}

size_t
gdt_map_scale(const gdt_map *m)
{
    size_t side = m->width > m->height ? m->width : m->height;

    if (side == 0 || side >= MAP_MIN_SIDE)
        return 1;
    return (MAP_MIN_SIDE + side - 1) / side;
}

size_t
gdt_map_row_height(const gdt_map *m)
{
    size_t k = gdt_map_scale(m);

    return m->height == 1 && k < MAP_MIN_STRIP ? MAP_MIN_STRIP : k;
}

/* What libpng's callbacks share with gdt_map_write_png. */
typedef struct png_out {
    FILE *f;
    gdt_status st;   /* GDT_OK until an error */
    char msg[256];
} png_out;

/* Keep the first error: ST, with "WHAT: DETAIL" as its message. */
static void
out_fail(png_out *o, gdt_status st, const char *what, const char *detail)
{
    if (o->st != GDT_OK)
        return;
    o->st = st;
    snprintf(o->msg, sizeof o->msg, "%s: %s", what, detail);
}

static void
on_error(png_structp png, png_const_charp msg)
{
    png_out *o = png_get_error_ptr(png);

    out_fail(o, strstr(msg, "memory") != NULL ? GDT_ENOMEM : GDT_EIO, "libpng", msg);
    png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void
on_write(png_structp png, png_bytep data, size_t n)
{
    png_out *o = png_get_io_ptr(png);

    if (fwrite(data, 1, n, o->f) != n) {
        out_fail(o, GDT_EIO, "cannot write", strerror(errno));
        png_error(png, "write error");
    }
}

static void
on_flush(png_structp png)
{
    png_out *o = png_get_io_ptr(png);

    if (fflush(o->f) != 0) {
        out_fail(o, GDT_EIO, "cannot write", strerror(errno));
        png_error(png, "write error");
    }
}

gdt_status
gdt_map_check(const gdt_map *m, gdt_error *err)
{
    size_t i, n;

    if (m->width == 0 || m->height == 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "an empty map (%zu x %zu points)",
                             m->width, m->height);
    if (m->outcome == NULL || m->step == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "the map has no %s",
                             m->outcome == NULL ? "outcomes" : "steps");
    if (m->width > SIZE_MAX / m->height)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX, "a map of %zu x %zu points", m->width,
                             m->height);
    n = m->width * m->height;
    for (i = 0; i < n; i++)
        if (m->outcome[i] >= GDT_OUTCOME_COUNT)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "point (%zu, %zu) of the map has outcome code %u, which is "
                                 "no outcome", i % m->width, i / m->width,
                                 (unsigned)m->outcome[i]);
    return GDT_OK;
}

/* Check M and the size of its image before a byte is written. */
static gdt_status
check_image(const gdt_map *m, gdt_error *err)
{
    size_t k = gdt_map_scale(m), kv = gdt_map_row_height(m);

    if (m->width > MAP_MAX_SIDE / k || m->height > MAP_MAX_SIDE / kv
        || (m->height > 0 && m->width > SIZE_MAX / 3 / k / m->height))
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                             "PNG image: %zu x %zu points is more than a PNG image holds",
                             m->width, m->height);
    return gdt_map_check(m, err);
}

/* Fill ROW with data row J of M, each point K pixels wide. */
static void
fill_row(unsigned char *row, const gdt_map *m, const map_palette *p, size_t j, size_t k)
{
    const unsigned char *oc = m->outcome + j * m->width;
    const int64_t *st = m->step + j * m->width;
    size_t i, r;

    for (i = 0; i < m->width; i++) {
        const unsigned char *rgb = palette_colour(p, oc[i], st[i], m->max_iter);

        for (r = 0; r < k; r++, row += 3)
            memcpy(row, rgb, 3);
    }
}

/* Mark in ROW (data row J of M, each point K pixels wide) the points
   that disagree with the certified outcome; 1 when there is one. */
static int
mark_row(unsigned char *row, const gdt_map *m, size_t j, size_t k)
{
    static const unsigned char cyan[3] = { 0x00, 0xff, 0xff };
    const unsigned char *mk = m->mark + j * m->width;
    size_t i, r;
    int any = 0;

    for (i = 0; i < m->width; i++)
        if (mk[i] == GDT_VERDICT_DISAGREE) {
            for (r = 0; r < k; r++)
                memcpy(row + 3 * (i * k + r), cyan, 3);
            any = 1;
        }
    return any;
}

/* Write M's image through PNG, whose error function jumps back here: 0,
   or -1 after an error (O has it).  The setjmp is in a function of its
   own so that nothing it returns to was changed since. */
static int
write_image(png_structp png, png_infop info, png_out *o, const gdt_map *m,
            const map_palette *p, unsigned char *row, size_t k)
{
    size_t j, r, kv = gdt_map_row_height(m);

    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_write_fn(png, o, on_write, on_flush);
    png_set_user_limits(png, MAP_MAX_SIDE, MAP_MAX_SIDE);
    png_set_IHDR(png, info, (png_uint_32)(m->width * k), (png_uint_32)(m->height * kv), 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    /* the top row of the image is the last row of the data */
    for (j = m->height; j-- > 0;) {
        size_t marked = 0;

        fill_row(row, m, p, j, k);
        /* the top third of a marked point's square in the marker */
        if (m->mark != NULL && mark_row(row, m, j, k)) {
            for (marked = (kv + 2) / 3, r = 0; r < marked; r++)
                png_write_row(png, row);
            fill_row(row, m, p, j, k);
        }
        for (r = marked; r < kv; r++)
            png_write_row(png, row);
    }
    png_write_end(png, info);
    return 0;
}

gdt_status
gdt_map_write_png(FILE *f, const gdt_map *m, gdt_error *err)
{
    png_out o = { .f = f, .st = GDT_OK };
    png_structp png = NULL;
    png_infop info = NULL;
    map_palette *pal;
    unsigned char *row;
    size_t k;
    gdt_status st;
    int rc;

    if ((st = check_image(m, err)) != GDT_OK)
        return st;
    k = gdt_map_scale(m);
    row = malloc(m->width * k * 3);
    pal = malloc(sizeof *pal);
    if (row != NULL && pal != NULL)
        png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &o, on_error, on_warning);
    if (png != NULL)
        info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        free(row);
        free(pal);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    palette_init(pal, m->max_iter);
    rc = write_image(png, info, &o, m, pal, row, k);
    png_destroy_write_struct(&png, &info);
    free(row);
    free(pal);
    if (rc != 0)
        return gdt_error_set(err, o.st != GDT_OK ? o.st : GDT_EIO, SIZE_MAX, "PNG image: %s",
                             o.msg);
    if (fflush(f) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "PNG image: cannot write: %s",
                             strerror(errno));
    if (ferror(f))
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "PNG image: cannot write (a write error)");
    return GDT_OK;
}
