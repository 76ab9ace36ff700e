/* status -- status codes and error details */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "gdtrace/status.h"

void
gdt_error_clear(gdt_error *e)
{
    if (e == NULL)
        return;
    e->status = GDT_OK;
    e->pos = SIZE_MAX;
    e->msg[0] = '\0';
}

gdt_status
gdt_error_set(gdt_error *e, gdt_status status, size_t pos, const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return status;
    e->status = status;
    e->pos = pos;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

const char *
gdt_status_str(gdt_status status)
{
    switch (status) {
    case GDT_OK: return "success";
    case GDT_ENOMEM: return "out of memory";
    case GDT_ESYNTAX: return "syntax error";
    case GDT_EVALUE: return "invalid value";
    case GDT_EDIVZERO: return "division by zero";
    case GDT_EDOMAIN: return "no value in this number domain";
    case GDT_ERANGE: return "value too large";
    case GDT_EIO: return "write error";
    case GDT_EINEXACT: return "no exact value";
    case GDT_EINTERRUPTED: return "interrupted";
    case GDT_EUNDECIDED: return "undecided at this precision";
    case GDT_EUNAVAILABLE: return "a module cannot be loaded";
    }
    return "unknown error";
}
