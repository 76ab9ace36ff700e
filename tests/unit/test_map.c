/* test_map -- a sweep's map as a PNG image (report/map_png.c)

   The palette against the formula of gdtrace/map.h computed here in
   doubles from the documented colours; then maps written to memory
   (open_memstream) and read back with libpng's read API: the image's size
   (scaled up by an integer to at least 512 pixels a side, never for a
   4096-point axis), 8-bit RGB, and every pixel's colour that of its point
   (gdt_map_colour), the first axis left to right and the second bottom to
   top (a marked corner).  Errors: an empty map, a missing array, an
   outcome code that is none, an image too large for PNG, writes to
   /dev/full.  The gnuplot picture (gdt_map_write_plot): read back, each
   point's colour fills its place, the temporary files are all removed, a
   stop request and bad axes are obeyed. */
#include <png.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdtrace/map.h"
#include "testutil.h"

/* The colours of map.h, as documented. */
static const unsigned doc_shades[3][3] = {
    /* dark, mid, light */
    { 0x67000d, 0xef651e, 0xfee0b4 }, /* diverged */
    { 0x08306b, 0x2171b5, 0xc6dbef }, /* converged */
    { 0x00403c, 0x00968c, 0xb4ebe1 }, /* stalled */
};
static const unsigned doc_flat[GDT_OUTCOME_COUNT] = {
    [GDT_OUTCOME_NONE] = 0xffffff,        [GDT_OUTCOME_CYCLE] = 0xc800c8,
    [GDT_OUTCOME_BOUNDED] = 0x000000,     [GDT_OUTCOME_SIZE_LIMIT] = 0xffe600,
    [GDT_OUTCOME_INTERRUPTED] = 0x808080, [GDT_OUTCOME_ERROR] = 0x00ff00, [GDT_OUTCOME_UNDECIDED] = 0xff8cc6, [GDT_OUTCOME_CONTRACTING] = 0x6baed6,
};

static unsigned
rgb_hex(const unsigned char rgb[3])
{
    return (unsigned)rgb[0] << 16 | (unsigned)rgb[1] << 8 | rgb[2];
}

static int
family(unsigned o)
{
    return o == GDT_OUTCOME_DIVERGED ? 0 : o == GDT_OUTCOME_CONVERGED ? 1
                                     : o == GDT_OUTCOME_STALLED       ? 2
                                                                      : -1;
}

/* The colour of family F at level T (0 .. 256) from the documented stops. */
static unsigned
doc_shade(int f, unsigned t)
{
    unsigned a = doc_shades[f][t <= 128 ? 0 : 1], b = doc_shades[f][t <= 128 ? 1 : 2];
    unsigned u = t <= 128 ? t : t - 128, r = 0;
    int c;

    for (c = 16; c >= 0; c -= 8)
        r |= (((a >> c & 0xff) * (128 - u) + (b >> c & 0xff) * u + 64) / 128) << c;
    return r;
}

/* map.h's t in 1/256ths, in doubles; *NEAR set when it is within 1e-5 of a
   rounding boundary, where the library's fixed point may round the other
   way. */
static unsigned
doc_level(int64_t step, unsigned long max, int *near)
{
    double s, t;

    *near = 0;
    if (max == 0)
        return 0;
    s = step < 0 ? 0 : (uint64_t)step > max ? (double)max : (double)step;
    t = 256 * log2(1 + s) / log2(1 + (double)max);
    *near = fabs(t - floor(t) - 0.5) < 1e-5;
    return (unsigned)floor(t + 0.5);
}

/* gdt_map_colour (O, STEP, MAX) must be WANT. */
static void
check_colour(unsigned o, int64_t step, unsigned long max, unsigned want)
{
    unsigned char rgb[3];
    char got_s[16], want_s[16];

    if (gdt_map_colour(rgb, o, step, max) != GDT_OK || rgb_hex(rgb) != want) {
        snprintf(got_s, sizeof got_s, "#%06x", rgb_hex(rgb));
        snprintf(want_s, sizeof want_s, "#%06x", want);
        report("gdt_map_colour", got_s, want_s);
        printf("  outcome %u, step %lld, max_iter %lu\n", o, (long long)step, max);
    }
}

/* The documented stops, the flat colours, the clamps, and random steps
   against the formula in doubles. */
static void
test_palette(void **state)
{
    static const unsigned long maxes[] = { 1, 2, 10, 1000, 65535, 1000000, 4294967295ul };
    unsigned char rgb[3];
    unsigned o, t;
    size_t m;
    int f, i, near;

    (void)state;
    for (o = GDT_OUTCOME_NONE; o < GDT_OUTCOME_COUNT; o++) {
        f = family(o);
        if (f < 0) {
            check_colour(o, 0, 100, doc_flat[o]);
            check_colour(o, 57, 100, doc_flat[o]);
            continue;
        }
        check_colour(o, 0, 65535, doc_shades[f][0]);
        check_colour(o, 255, 65535, doc_shades[f][1]); /* log2 256 / log2 65536 = 1/2 */
        check_colour(o, 65535, 65535, doc_shades[f][2]);
        check_colour(o, -3, 100, doc_shades[f][0]);      /* clamped */
        check_colour(o, 1000, 100, doc_shades[f][2]);
        check_colour(o, INT64_MAX, 100, doc_shades[f][2]);
        check_colour(o, 5, 0, doc_shades[f][0]);         /* max_iter 0: dark */
        for (m = 0; m < sizeof maxes / sizeof *maxes; m++)
            for (i = 0; i < 2000; i++) {
                int64_t s = (int64_t)(rng() % (maxes[m] + 1));

                t = doc_level(s, maxes[m], &near);
                if (!near)
                    check_colour(o, s, maxes[m], doc_shade(f, t));
            }
    }
    /* later escapes are lighter: the sum of the channels never falls */
    for (f = 0; f < 3; f++)
        for (t = 1; t <= 256; t++) {
            unsigned a = doc_shade(f, t - 1), b = doc_shade(f, t);
            if ((a >> 16) + (a >> 8 & 0xff) + (a & 0xff) > (b >> 16) + (b >> 8 & 0xff) + (b & 0xff))
                report("lightness", "darker", "lighter or the same");
        }
    /* the largest max-iter */
    assert_int_equal(gdt_map_colour(rgb, GDT_OUTCOME_DIVERGED, INT64_MAX, ~0ul), GDT_OK);
    t = doc_level(INT64_MAX, ~0ul, &near);
    assert_int_equal(t, 252);
    check_colour(GDT_OUTCOME_DIVERGED, INT64_MAX, ~0ul, doc_shade(0, 252));
    /* no outcome: white and an error */
    assert_int_equal(gdt_map_colour(rgb, GDT_OUTCOME_COUNT, 0, 10), GDT_EVALUE);
    assert_int_equal(rgb_hex(rgb), 0xffffff);
    assert_int_equal(gdt_map_colour(rgb, 255, 0, 10), GDT_EVALUE);
    check_failures();
}

/* A map and its arrays. */
typedef struct test_map {
    gdt_map m;
    unsigned char *outcome;
    int64_t *step;
} test_map;

static void
map_init(test_map *t, size_t w, size_t h, unsigned long max_iter)
{
    t->outcome = calloc(w * h, 1);
    t->step = calloc(w * h, sizeof *t->step);
    assert_non_null(t->outcome);
    assert_non_null(t->step);
    t->m = (gdt_map){ .width = w, .height = h, .outcome = t->outcome, .step = t->step,
                      .max_iter = max_iter };
}

static void
map_clear(test_map *t)
{
    free(t->outcome);
    free(t->step);
}

/* Random outcomes and steps across 0 .. max_iter (a third of them small). */
static void
map_random(test_map *t)
{
    size_t i;

    for (i = 0; i < t->m.width * t->m.height; i++) {
        t->outcome[i] = (unsigned char)(rng() % GDT_OUTCOME_COUNT);
        t->step[i] = (int64_t)(rng() % 3 == 0 ? rng() % 10 : rng() % (t->m.max_iter + 1));
    }
}

/* M as a PNG image in memory: *BYTES (freed by the caller), *LEN. */
static gdt_status
encode(const gdt_map *m, char **bytes, size_t *len, gdt_error *err)
{
    FILE *f = open_memstream(bytes, len);
    gdt_status st;

    assert_non_null(f);
    st = gdt_map_write_png(f, m, err);
    assert_int_equal(fclose(f), 0);
    return st;
}

/* A decoded image: 8-bit RGB rows, top first. */
typedef struct image {
    png_uint_32 width, height;
    unsigned char *px;
} image;

/* Read the PNG image of LEN bytes at BYTES with libpng's read API. */
static void
decode(image *img, char *bytes, size_t len)
{
    FILE *f = fmemopen(bytes, len, "rb");
    png_structp png;
    png_infop info;
    png_uint_32 y;
    int depth, colour, interlace;

    assert_non_null(f);
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    assert_non_null(png);
    info = png_create_info_struct(png);
    assert_non_null(info);
    img->px = NULL;
    if (setjmp(png_jmpbuf(png)))
        fail_msg("libpng cannot read the image");
    png_init_io(png, f);
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_read_info(png, info);
    png_get_IHDR(png, info, &img->width, &img->height, &depth, &colour, &interlace, NULL, NULL);
    assert_int_equal(depth, 8);
    assert_int_equal(colour, PNG_COLOR_TYPE_RGB);
    assert_int_equal(interlace, PNG_INTERLACE_NONE);
    assert_int_equal(png_get_rowbytes(png, info), (size_t)img->width * 3);
    img->px = malloc((size_t)img->width * img->height * 3);
    assert_non_null(img->px);
    for (y = 0; y < img->height; y++)
        png_read_row(png, img->px + (size_t)y * img->width * 3, NULL);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
}

/* Write M, read it back and check its size (scaled by K, a row of one
   row's map at least 64 pixels tall) and every pixel. */
static void
check_image(const gdt_map *m, size_t k)
{
    size_t kv = m->height == 1 && k < 64 ? 64 : k;

    char *bytes = NULL, got_s[16], want_s[16];
    size_t len = 0, x, y, i, j;
    unsigned char want[3];
    gdt_error err;
    image img;
    int bad = 0;

    assert_int_equal(gdt_map_scale(m), k);
    assert_int_equal(gdt_map_row_height(m), kv);
    assert_int_equal(encode(m, &bytes, &len, &err), GDT_OK);
    decode(&img, bytes, len);
    assert_int_equal(img.width, m->width * k);
    assert_int_equal(img.height, m->height * kv);
    for (y = 0; y < img.height && bad < 10; y++)
        for (x = 0; x < img.width && bad < 10; x++) {
            const unsigned char *px = img.px + (y * img.width + x) * 3;

            i = x / k;
            j = m->height - 1 - y / kv;
            assert_int_equal(gdt_map_colour(want, m->outcome[j * m->width + i],
                                            m->step[j * m->width + i], m->max_iter),
                             GDT_OK);
            /* a disagreeing point: the top third of its square cyan */
            if (m->mark != NULL && m->mark[j * m->width + i] == GDT_VERDICT_DISAGREE
                && y % kv < (kv + 2) / 3)
                memcpy(want, "\x00\xff\xff", 3);
            if (memcmp(px, want, 3) != 0) {
                snprintf(got_s, sizeof got_s, "#%06x", rgb_hex(px));
                snprintf(want_s, sizeof want_s, "#%06x", rgb_hex(want));
                report("pixel", got_s, want_s);
                printf("  pixel (%zu, %zu) of %zu x %zu points, k %zu\n", x, y, m->width,
                       m->height, k);
                bad++;
            }
        }
    free(img.px);
    free(bytes);
    check_failures();
}

/* Every outcome in a 9 x 3 map (scaled by 57: 513 x 171 pixels), steps
   from 0 to past max-iter. */
static void
test_every_outcome(void **state)
{
    static const int64_t steps[3] = { 0, 37, 1000 };
    test_map t;
    size_t i, j;

    (void)state;
    map_init(&t, 9, 3, 1000);
    for (j = 0; j < 3; j++)
        for (i = 0; i < 9; i++) {
            t.outcome[j * 9 + i] = (unsigned char)i;
            t.step[j * 9 + i] = steps[j];
        }
    check_image(&t.m, 57);
    map_clear(&t);
}

/* Random outcomes and steps across 0 .. max-iter on maps of many shapes;
   a 1-D map (height 1: a strip at least 64 pixels tall), one point, a
   4096 x 3 one (not scaled). */
static void
test_shapes(void **state)
{
    static const size_t shapes[][3] = {
        /* width, height, k */
        { 1, 1, 512 }, { 64, 40, 8 }, { 100, 1, 6 }, { 1, 100, 6 }, { 3, 7, 74 },
        { 511, 2, 2 }, { 512, 1, 1 }, { 513, 5, 1 }, { 200, 300, 2 }, { 4096, 3, 1 },
        { 65536, 1, 1 }, { 9, 1, 57 },
    };
    static const unsigned long maxes[] = { 1000, 1, 0, 1000000 };
    test_map t;
    size_t s;

    (void)state;
    for (s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        map_init(&t, shapes[s][0], shapes[s][1], maxes[s % 4]);
        map_random(&t);
        check_image(&t.m, shapes[s][2]);
        map_clear(&t);
    }
}

/* sweep --against certified's marks: the disagreeing points' squares
   topped with cyan, on maps of one and two axes, scaled or not. */
static void
test_marks(void **state)
{
    static const size_t shapes[][3] = { { 5, 1, 103 }, { 9, 3, 57 }, { 513, 5, 1 },
                                        { 600, 1, 1 } };
    unsigned char *mark;
    test_map t;
    size_t s, i, n;

    (void)state;
    for (s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        map_init(&t, shapes[s][0], shapes[s][1], 1000);
        map_random(&t);
        n = shapes[s][0] * shapes[s][1];
        mark = malloc(n);
        assert_non_null(mark);
        for (i = 0; i < n; i++)
            mark[i] = (unsigned char)(rng() % GDT_VERDICT_COUNT);
        t.m.mark = mark;
        check_image(&t.m, shapes[s][2]);
        free(mark);
        map_clear(&t);
    }
}

/* Every step from 0 to max-iter, and -1 and INT64_MAX, in each shaded
   family (the image's tables of levels against gdt_map_colour); random
   steps of any size up to the largest max-iter. */
static void
test_every_step(void **state)
{
    static const unsigned long maxes[] = { 1, 2, 3, 10, 255, 1000, 4095 };
    static const unsigned char rows[3] = { GDT_OUTCOME_DIVERGED, GDT_OUTCOME_CONVERGED,
                                           GDT_OUTCOME_STALLED };
    test_map t;
    size_t s, i, j, w;

    (void)state;
    for (s = 0; s < sizeof maxes / sizeof *maxes; s++) {
        w = maxes[s] + 3;
        map_init(&t, w, 3, maxes[s]);
        for (j = 0; j < 3; j++)
            for (i = 0; i < w; i++) {
                t.outcome[j * w + i] = rows[j];
                t.step[j * w + i] = i == w - 1 ? INT64_MAX : (int64_t)i - 1;
            }
        check_image(&t.m, gdt_map_scale(&t.m));
        map_clear(&t);
    }
    map_init(&t, 300, 3, ~0ul);
    for (i = 0; i < 900; i++) {
        t.outcome[i] = rows[i % 3];
        t.step[i] = (int64_t)(rng() >> (rng() % 64));
    }
    check_image(&t.m, 2);
    map_clear(&t);
}

/* The first axis left to right, the second bottom to top: point (0, 0)
   (error, green) at the bottom left, (4, 0) (cycle) at the bottom right,
   (0, 2) (converged at once) at the top left of a 5 x 3 map, the others
   bounded. */
static void
test_orientation(void **state)
{
    char *bytes = NULL;
    size_t len = 0, k;
    gdt_error err;
    test_map t;
    image img;

    (void)state;
    map_init(&t, 5, 3, 10);
    memset(t.outcome, GDT_OUTCOME_BOUNDED, 15);
    t.outcome[0] = GDT_OUTCOME_ERROR;
    t.outcome[4] = GDT_OUTCOME_CYCLE;
    t.outcome[2 * 5 + 0] = GDT_OUTCOME_CONVERGED;
    k = gdt_map_scale(&t.m);
    assert_int_equal(k, 103);
    assert_int_equal(encode(&t.m, &bytes, &len, &err), GDT_OK);
    decode(&img, bytes, len);
    assert_int_equal(img.width, 515);
    assert_int_equal(img.height, 309);
#define PX(x, y) rgb_hex(img.px + ((size_t)(y) * img.width + (x)) * 3)
    assert_int_equal(PX(0, 308), 0x00ff00);     /* bottom left */
    assert_int_equal(PX(102, 206), 0x00ff00);   /* its block's other corner */
    assert_int_equal(PX(103, 308), 0x000000);
    assert_int_equal(PX(102, 205), 0x000000);
    assert_int_equal(PX(514, 308), 0xc800c8);   /* bottom right */
    assert_int_equal(PX(412, 206), 0xc800c8);
    assert_int_equal(PX(0, 0), 0x08306b);       /* top left */
    assert_int_equal(PX(514, 0), 0x000000);     /* top right */
#undef PX
    free(img.px);
    free(bytes);
    map_clear(&t);
}

/* The same map, the same bytes; no time chunk; the signature and IEND. */
static void
test_bytes(void **state)
{
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0, i;
    gdt_error err;
    test_map t;

    (void)state;
    map_init(&t, 37, 21, 500);
    map_random(&t);
    assert_int_equal(encode(&t.m, &a, &alen, &err), GDT_OK);
    assert_int_equal(encode(&t.m, &b, &blen, &err), GDT_OK);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    assert_true(alen > 8 + 25 + 12);
    assert_memory_equal(a, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(a + alen - 8, "IEND\xae\x42\x60\x82", 8);
    for (i = 0; i + 4 <= alen; i++)
        assert_false(memcmp(a + i, "tIME", 4) == 0);
    free(a);
    free(b);
    map_clear(&t);
}

/* Refused before a byte is written: an empty map, no arrays, an outcome
   code that is none (named by its point), a side past 2^31 - 1 pixels. */
static void
test_errors(void **state)
{
    char *bytes = NULL;
    size_t len = 0;
    gdt_error err;
    test_map t;
    gdt_map m;

    (void)state;
    map_init(&t, 4, 3, 10);
    m = t.m;
    m.width = 0;
    assert_int_equal(encode(&m, &bytes, &len, &err), GDT_EVALUE);
    expect(err.msg, "an empty map (0 x 3 points)");
    assert_int_equal(len, 0);
    free(bytes);
    m = t.m;
    m.height = 0;
    assert_int_equal(encode(&m, &bytes, &len, &err), GDT_EVALUE);
    assert_int_equal(len, 0);
    free(bytes);
    m = t.m;
    m.step = NULL;
    assert_int_equal(encode(&m, &bytes, &len, &err), GDT_EVALUE);
    expect(err.msg, "the map has no steps");
    free(bytes);
    t.outcome[2 * 4 + 1] = GDT_OUTCOME_COUNT;
    assert_int_equal(encode(&t.m, &bytes, &len, &err), GDT_EVALUE);
    expect(err.msg, "point (1, 2) of the map has outcome code 11, which is no outcome");
    assert_int_equal(len, 0);
    free(bytes);
    t.outcome[2 * 4 + 1] = 200;
    assert_int_equal(encode(&t.m, &bytes, &len, &err), GDT_EVALUE);
    free(bytes);
    /* the arrays are not read: the size is refused first */
    m = t.m;
    m.width = (size_t)1 << 31;
    m.height = 1;
    assert_int_equal(encode(&m, &bytes, &len, &err), GDT_ERANGE);
    assert_int_equal(len, 0);
    free(bytes);
    m.width = 2;
    m.height = (size_t)1 << 31;
    assert_int_equal(encode(&m, &bytes, &len, &err), GDT_ERANGE);
    free(bytes);
    map_clear(&t);
}

/* A full disk: a small image fails when it is flushed, a large one inside
   libpng's write; both GDT_EIO with the system's reason. */
static void
test_write_error(void **state)
{
    static const size_t sides[2] = { 1, 700 };
    gdt_error err;
    test_map t;
    FILE *f;
    int s;

    (void)state;
    for (s = 0; s < 2; s++) {
        f = fopen("/dev/full", "w");
        if (f == NULL)
            skip();
        map_init(&t, sides[s], sides[s], 1000);
        map_random(&t);
        assert_int_equal(gdt_map_write_png(f, &t.m, &err), GDT_EIO);
        expect(err.msg, "PNG image: cannot write: No space left on device");
        fclose(f);
        map_clear(&t);
    }
}

/* A temporary directory for pictures, removed by plot_dir_clear. */
static char plot_dir[] = "/tmp/gdtrace-test-map-XXXXXX";

/* The temporary files the plot made and has not forgotten (the caller's
   registry of gdt_plot_opts). */
static int live_temps;

static int
count_mkstemp(void *user, char *tmpl)
{
    (void)user;
    live_temps++;
    return mkstemp(tmpl);
}

static void
count_forget(void *user, const char *path)
{
    (void)user;
    (void)path;
    live_temps--;
}

/* Read the PNG file PATH into IMG. */
static void
decode_file(image *img, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *bytes;
    long len;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    rewind(f);
    bytes = malloc((size_t)len);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    decode(img, bytes, (size_t)len);
    free(bytes);
}

/* Where IMG has colour RGB left of x = 700 (the legend is right of the
   plot, from about 750): the box x0 y0 x1 y1 (y down), the centre C (x,
   y), and the number of pixels.  A few pixels of the text's edges may
   have the colour too: the centre is what a test compares. */
static size_t
colour_at(const image *img, unsigned rgb, size_t box[4], double c[2])
{
    size_t x, y, n = 0;

    box[0] = box[1] = SIZE_MAX;
    box[2] = box[3] = 0;
    c[0] = c[1] = 0;
    for (y = 0; y < img->height; y++)
        for (x = 0; x < img->width && x < 700; x++)
            if (rgb_hex(img->px + (y * img->width + x) * 3) == rgb) {
                n++;
                c[0] += (double)x;
                c[1] += (double)y;
                box[0] = x < box[0] ? x : box[0];
                box[1] = y < box[1] ? y : box[1];
                box[2] = x > box[2] ? x : box[2];
                box[3] = y > box[3] ? y : box[3];
            }
    if (n > 0) {
        c[0] /= (double)n;
        c[1] /= (double)n;
    }
    return n;
}

/* Draw M into plot_dir/NAME; skip when gnuplot is missing. */
static gdt_status
draw(const gdt_map *m, const gdt_map_plot_opts *po, gdt_cancel *stop, const char *name,
     char *path, gdt_error *err)
{
    gdt_plot_opts opts = { .tmpdir = plot_dir, .stop = stop, .mkstemp = count_mkstemp,
                           .forget = count_forget };
    gdt_status st;

    snprintf(path, 256, "%s/%s", plot_dir, name);
    live_temps = 0;
    st = gdt_map_write_plot(path, m, po, &opts, err);
    assert_int_equal(live_temps, 0);
    if (st == GDT_EIO && strstr(err->msg, "not installed") != NULL)
        skip();
    return st;
}

/* Each point of a 2 x 2 map fills its quarter of the plot, the first axis
   left to right, the second bottom to top; a 1-D map of three points in
   thirds; the legend's swatches, in the map's colours. */
static void
test_plot(void **state)
{
    gdt_map_plot_opts po = { { { "lr", 0, 1, 0 }, { "w0", -1, 1, 0 } }, "a test map", NULL };
    static const char *const widths[] = { "1e-30", "2.15443e-9", "0.001" };
    char text[1 << 16];
    size_t len;
    FILE *f;
    size_t box[4];
    double g[2], mg[2], y[2], gr[2];
    char path[256];
    gdt_error err;
    test_map t;
    image img;

    (void)state;
    map_init(&t, 2, 2, 100);
    t.outcome[0] = GDT_OUTCOME_ERROR;      /* (0, 0): bottom left */
    t.outcome[1] = GDT_OUTCOME_CYCLE;      /* (1, 0): bottom right */
    t.outcome[2] = GDT_OUTCOME_SIZE_LIMIT; /* (0, 1): top left */
    t.outcome[3] = GDT_OUTCOME_INTERRUPTED;
    assert_int_equal(draw(&t.m, &po, NULL, "quad.png", path, &err), GDT_OK);
    decode_file(&img, path);
    assert_int_equal(img.width, 1000);
    assert_int_equal(img.height, 800);
    /* each quarter of the plot some 300 x 300 pixels */
    assert_true(colour_at(&img, 0x00ff00, box, g) > 50000);
    assert_true(box[2] - box[0] > 250 && box[3] - box[1] > 250);
    assert_true(colour_at(&img, 0xc800c8, box, mg) > 50000);
    assert_true(colour_at(&img, 0xffe600, box, y) > 50000);
    assert_true(colour_at(&img, 0x808080, box, gr) > 50000);
    assert_true(g[0] + 250 < mg[0] && fabs(g[1] - mg[1]) < 5);  /* green left of magenta */
    assert_true(y[0] + 250 < gr[0] && fabs(y[1] - gr[1]) < 5);  /* yellow left of grey */
    assert_true(y[1] + 250 < g[1] && fabs(y[0] - g[0]) < 5);    /* yellow above green */
    free(img.px);
    map_clear(&t);

    map_init(&t, 3, 1, 100);
    t.outcome[0] = GDT_OUTCOME_CONVERGED;
    t.outcome[1] = GDT_OUTCOME_STALLED;
    t.outcome[2] = GDT_OUTCOME_DIVERGED;
    t.step[2] = 100;
    po.axis[0] = (gdt_map_axis){ "lr", 1e-3, 10, 1 };
    po.title = NULL;
    assert_int_equal(draw(&t.m, &po, NULL, "strip.png", path, &err), GDT_OK);
    decode_file(&img, path);
    assert_true(colour_at(&img, 0x08306b, box, g) > 100000);  /* converged at once */
    assert_true(box[3] - box[1] > 500);                       /* the whole height */
    assert_true(colour_at(&img, 0x00403c, box, mg) > 100000); /* stalled at once */
    assert_true(colour_at(&img, 0xfee0b4, box, y) > 100000);  /* diverged at max-iter */
    assert_true(g[0] + 150 < mg[0] && mg[0] + 150 < y[0]);
    free(img.px);
    map_clear(&t);

    /* a large map is sampled; an svg */
    map_init(&t, 3000, 2, 1000);
    map_random(&t);
    assert_int_equal(draw(&t.m, &po, NULL, "big.svg", path, &err), GDT_OK);
    map_clear(&t);

    /* rows labelled each by its own text (a zoom's stack of frames): the
       labels are the vertical axis's tics, in the svg's text */
    map_init(&t, 4, 3, 10);
    map_random(&t);
    po.axis[0] = (gdt_map_axis){ "place", -0.5, 0.5, 0 };
    po.axis[1] = (gdt_map_axis){ "frame width", 0, 2, 0 };
    po.row_labels = widths;
    assert_int_equal(draw(&t.m, &po, NULL, "stack.svg", path, &err), GDT_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    assert_non_null(strstr(text, ">1e-30<"));
    assert_non_null(strstr(text, ">2.15443e-9<"));
    assert_non_null(strstr(text, ">0.001<"));
    assert_non_null(strstr(text, ">frame width<"));
    map_clear(&t);
}

/* Refused, with no picture and no temporary file left: a bad name, a bad
   map, axes that cannot be drawn, a stop request. */
static void
test_plot_errors(void **state)
{
    gdt_map_plot_opts po = { { { "lr", 0, 1, 0 }, { "w0", -1, 1, 0 } }, NULL, NULL };
    static const volatile sig_atomic_t stop = 1;
    char path[256], want[300];
    struct stat sb;
    gdt_error err;
    test_map t;

    (void)state;
    map_init(&t, 3, 2, 10);
    assert_int_equal(draw(&t.m, &po, NULL, "map.gif", path, &err), GDT_EVALUE);
    snprintf(want, sizeof want, "'%s' does not end in .png, .svg or .pdf", path);
    expect(err.msg, want);
    po.axis[1].log = 1;
    assert_int_equal(draw(&t.m, &po, NULL, "log.png", path, &err), GDT_EVALUE);
    expect(err.msg, "--plot: the axis w0 runs from -1 to 1, which a log axis cannot draw");
    assert_true(stat(path, &sb) != 0);
    po.axis[1].log = 0;
    po.axis[0].last = NAN;
    assert_int_equal(draw(&t.m, &po, NULL, "nan.png", path, &err), GDT_EVALUE);
    expect(err.msg, "--plot: the axis lr runs from 0 to nan, which are not numbers");
    po.axis[0].last = 1;
    t.outcome[5] = 77;
    assert_int_equal(draw(&t.m, &po, NULL, "bad.png", path, &err), GDT_EVALUE);
    expect(err.msg, "point (2, 1) of the map has outcome code 77, which is no outcome");
    t.outcome[5] = 0;
    assert_int_equal(draw(&t.m, &po, &stop, "stop.png", path, &err), GDT_EINTERRUPTED);
    assert_true(stat(path, &sb) != 0);
    map_clear(&t);
}

static int
plot_dir_make(void **state)
{
    (void)state;
    return mkdtemp(plot_dir) == NULL ? -1 : 0;
}

/* Remove the pictures and their directory. */
static int
plot_dir_clear(void **state)
{
    static const char *const names[] = { "quad.png", "strip.png", "big.svg" };
    char path[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", plot_dir, names[i]);
        unlink(path);
    }
    rmdir(plot_dir);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette),     cmocka_unit_test(test_every_outcome),
        cmocka_unit_test(test_shapes),      cmocka_unit_test(test_every_step),
        cmocka_unit_test(test_orientation), cmocka_unit_test(test_marks),
        cmocka_unit_test(test_bytes),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_write_error), cmocka_unit_test(test_plot),
        cmocka_unit_test(test_plot_errors),
    };

    return cmocka_run_group_tests(tests, plot_dir_make, plot_dir_clear);
}
