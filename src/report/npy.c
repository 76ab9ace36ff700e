/* npy -- NumPy .npy headers and records (see gdtrace/npy.h)

   numpy.save's header (numpy/lib/format.py, format 1.0 and 2.0):

     "\x93NUMPY" major minor HLEN   (HLEN: uint16 in 1.0, uint32 in 2.0, LE)
     "{'descr': [('NAME', 'TYPE'), ...], 'fortran_order': False, 'shape': S, }"
     then 21 - len(str(shape[0])) spaces (room for a growing first axis; none
     for a shape of no dimension), then spaces up to one '\n' that ends the
     header where the file's length so far is a multiple of 64.

   S is Python's repr of a tuple: "()", "(7,)", "(2, 3)".  Version 1.0
   unless HLEN does not fit in 16 bits. */
#include <stdio.h>
#include <string.h>
#include "gdtrace/npy.h"

#define NPY_ALIGN 64
#define NPY_GROWTH_DIGITS 21
#define NPY_MAX_DIM 32

static const char *const npy_type_str[] = {
    [GDT_NPY_U1] = "|u1",
    [GDT_NPY_I8] = "<i8",
    [GDT_NPY_F8] = "<f8",
};

static const size_t npy_type_size[] = {
    [GDT_NPY_U1] = 1,
    [GDT_NPY_I8] = 8,
    [GDT_NPY_F8] = 8,
};

/* Can NAME stand between single quotes in Python's repr as it is? */
static int
name_ok(const char *name)
{
    const unsigned char *c = (const unsigned char *)name;

    if (*c == '\0')
        return 0;
    for (; *c != '\0'; c++)
        if (*c < 0x20 || *c > 0x7e || *c == '\'' || *c == '\\')
            return 0;
    return 1;
}

/* The dictionary and its spare space, no padding yet. */
static gdt_status
put_dict(gdt_buf *b, const gdt_npy_field *fields, size_t nfields,
         const uint64_t *shape, size_t ndim)
{
    gdt_status st;
    size_t i, first = 0;

    st = gdt_buf_puts(b, "{'descr': [");
    for (i = 0; i < nfields && st == GDT_OK; i++)
        st = gdt_buf_printf(b, "%s('%s', '%s')", i > 0 ? ", " : "",
                            fields[i].name, npy_type_str[fields[i].type]);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "], 'fortran_order': False, 'shape': (");
    for (i = 0; i < ndim && st == GDT_OK; i++)
        st = gdt_buf_printf(b, "%s%llu", i > 0 ? ", " : "", (unsigned long long)shape[i]);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, ndim == 1 ? ",), }" : "), }");
    if (st == GDT_OK && ndim > 0) {
        char digits[24];
        int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)shape[0]);

        for (first = (size_t)n; first < NPY_GROWTH_DIGITS && st == GDT_OK; first++)
            st = gdt_buf_putc(b, ' ');
    }
    return st;
}

gdt_status
gdt_npy_header(gdt_buf *out, const gdt_npy_field *fields, size_t nfields,
               const uint64_t *shape, size_t ndim)
{
    gdt_buf dict;
    size_t i, pre, total, hlen, start = out->len;
    unsigned char head[12];
    gdt_status st;

    if (nfields == 0)
        return GDT_EVALUE;
    for (i = 0; i < nfields; i++)
        if (!name_ok(fields[i].name) || (unsigned)fields[i].type > GDT_NPY_F8)
            return GDT_EVALUE;
    if (ndim > NPY_MAX_DIM)
        return GDT_ERANGE;
    gdt_buf_init(&dict);
    st = put_dict(&dict, fields, nfields, shape, ndim);
    if (st != GDT_OK) {
        gdt_buf_clear(&dict);
        return st;
    }
    /* version 1.0: 10 bytes before the dictionary; 2.0: 12 */
    pre = 10;
    total = (pre + dict.len + 1 + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    if (total - pre > 0xffff) {
        pre = 12;
        total = (pre + dict.len + 1 + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    }
    hlen = total - pre;
    if (hlen > 0xffffffffu) {
        gdt_buf_clear(&dict);
        return GDT_ERANGE;
    }
    memcpy(head, "\x93NUMPY", 6);
    head[6] = pre == 10 ? 1 : 2;
    head[7] = 0;
    for (i = 0; i < pre - 8; i++)
        head[8 + i] = (unsigned char)(hlen >> (8 * i));
    st = gdt_buf_reserve(out, total);
    if (st == GDT_OK)
        st = gdt_buf_putn(out, (const char *)head, pre);
    if (st == GDT_OK)
        st = gdt_buf_putn(out, dict.s, dict.len);
    for (i = pre + dict.len; i + 1 < total && st == GDT_OK; i++)
        st = gdt_buf_putc(out, ' ');
    if (st == GDT_OK)
        st = gdt_buf_putc(out, '\n');
    gdt_buf_clear(&dict);
    if (st != GDT_OK && out->s != NULL) {
        out->len = start;
        out->s[start] = '\0';
    }
    return st;
}

size_t
gdt_npy_record_size(const gdt_npy_field *fields, size_t nfields)
{
    size_t i, n = 0;

    for (i = 0; i < nfields; i++)
        n += npy_type_size[fields[i].type];
    return n;
}

gdt_status
gdt_npy_record(gdt_buf *out, const gdt_npy_field *fields, size_t nfields,
               const gdt_npy_value *v)
{
    unsigned char bytes[8];
    uint64_t u;
    size_t i, k, start = out->len;
    gdt_status st;

    for (i = 0; i < nfields; i++)
        if (fields[i].type == GDT_NPY_U1 && v[i].u > 255)
            return GDT_EVALUE;
    if ((st = gdt_buf_reserve(out, gdt_npy_record_size(fields, nfields))) != GDT_OK)
        return st;
    for (i = 0; i < nfields && st == GDT_OK; i++) {
        switch (fields[i].type) {
        case GDT_NPY_U1:
            st = gdt_buf_putc(out, (char)(unsigned char)v[i].u);
            continue;
        case GDT_NPY_I8:
            u = (uint64_t)v[i].i;
            break;
        case GDT_NPY_F8:
        default:
            memcpy(&u, &v[i].d, sizeof u);
            break;
        }
        for (k = 0; k < 8; k++)
            bytes[k] = (unsigned char)(u >> (8 * k));
        st = gdt_buf_putn(out, (const char *)bytes, 8);
    }
    if (st != GDT_OK && out->s != NULL) {
        out->len = start;
        out->s[start] = '\0';
    }
    return st;
}
