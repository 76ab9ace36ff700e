/* gdtrace/buf.h -- growable character buffers for building output records */
#ifndef GDTRACE_BUF_H
#define GDTRACE_BUF_H

#include <stddef.h>
#include "gdtrace/status.h"

/* A NUL-terminated string that grows as text is appended.  A record is built
   whole in a buffer and written with one call, so that no record is ever left
   half-written. */
typedef struct gdt_buf {
    char *s;    /* always NUL-terminated once initialised */
    size_t len; /* bytes before the NUL */
    size_t cap; /* bytes allocated */
} gdt_buf;

void gdt_buf_init(gdt_buf *b);
void gdt_buf_clear(gdt_buf *b);              /* frees; B may be NULL */
void gdt_buf_reset(gdt_buf *b);              /* len = 0, keeps memory */
gdt_status gdt_buf_reserve(gdt_buf *b, size_t extra) GDT_MUST_CHECK;
gdt_status gdt_buf_putc(gdt_buf *b, char c) GDT_MUST_CHECK;
gdt_status gdt_buf_puts(gdt_buf *b, const char *s) GDT_MUST_CHECK;
gdt_status gdt_buf_putn(gdt_buf *b, const char *s, size_t n) GDT_MUST_CHECK;
gdt_status gdt_buf_printf(gdt_buf *b, const char *fmt, ...) GDT_MUST_CHECK
    __attribute__((format(printf, 2, 3)));
/* Append S as a JSON string: quoted, with '"', '\\' and control characters
   escaped. */
gdt_status gdt_buf_json_string(gdt_buf *b, const char *s) GDT_MUST_CHECK;
/* Write B's bytes to the descriptor FD, going on after a short write or a
   signal (EINTR).  GDT_EIO with errno on an error; B is left as it is. */
gdt_status gdt_buf_write(const gdt_buf *b, int fd) GDT_MUST_CHECK;

#endif
