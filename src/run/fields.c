/* fields -- the names of a record's fields (gdt_field_name, run.h) */
#include "gdtrace/run.h"

gdt_status
gdt_field_name(gdt_buf *b, const gdt_problem *p, size_t field, int text)
{
    size_t n = p->n;

    if (field == 0)
        return gdt_buf_puts(b, "step");
    if (field <= n)
        return gdt_buf_puts(b, n == 1 && !text ? "w" : p->params.name[field - 1]);
    if (field < GDT_FIELD_LOSS(n))
        return n == 1 ? gdt_buf_puts(b, "grad")
                      : gdt_buf_printf(b, "grad_%s", p->params.name[field - 1 - n]);
    return n == 1 && text ? gdt_buf_printf(b, "loss(%s)", p->params.name[0])
                          : gdt_buf_puts(b, "loss");
}
