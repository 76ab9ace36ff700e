/* buf -- growable character buffers */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gdtrace/buf.h"

void
gdt_buf_init(gdt_buf *b)
{
    b->s = NULL;
    b->len = 0;
    b->cap = 0;
}

void
gdt_buf_clear(gdt_buf *b)
{
    if (b == NULL)
        return;
    free(b->s);
    gdt_buf_init(b);
}

void
gdt_buf_reset(gdt_buf *b)
{
    b->len = 0;
    if (b->s != NULL)
        b->s[0] = '\0';
}

gdt_status
gdt_buf_reserve(gdt_buf *b, size_t extra)
{
    size_t need, cap;
    char *s;

    if (extra > SIZE_MAX - b->len - 1)
        return GDT_ENOMEM;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return GDT_OK;
    cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    s = realloc(b->s, cap);
    if (s == NULL)
        return GDT_ENOMEM;
    if (b->s == NULL)
        s[0] = '\0';
    b->s = s;
    b->cap = cap;
    return GDT_OK;
}

gdt_status
gdt_buf_putn(gdt_buf *b, const char *s, size_t n)
{
    gdt_status st = gdt_buf_reserve(b, n);

    if (st != GDT_OK)
        return st;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return GDT_OK;
}

gdt_status
gdt_buf_puts(gdt_buf *b, const char *s)
{
    return gdt_buf_putn(b, s, strlen(s));
}

gdt_status
gdt_buf_putc(gdt_buf *b, char c)
{
    return gdt_buf_putn(b, &c, 1);
}

gdt_status
gdt_buf_printf(gdt_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    gdt_status st;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return GDT_EVALUE;
    st = gdt_buf_reserve(b, (size_t)n);
    if (st != GDT_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return GDT_OK;
}

gdt_status
gdt_buf_json_string(gdt_buf *b, const char *s)
{
    gdt_status st = gdt_buf_putc(b, '"');

    for (; st == GDT_OK && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            st = gdt_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            st = gdt_buf_printf(b, "\\u%04x", c);
        else
            st = gdt_buf_putc(b, (char)c);
    }
    return st == GDT_OK ? gdt_buf_putc(b, '"') : st;
}

gdt_status
gdt_buf_write(const gdt_buf *b, int fd)
{
    const char *s = b->s;
    size_t n = b->len;

    while (n > 0) {
        ssize_t k = write(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return GDT_EIO;
        s += k;
        n -= (size_t)k;
    }
    return GDT_OK;
}
