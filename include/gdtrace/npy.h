/* gdtrace/npy.h -- NumPy .npy files of records, written without NumPy

   An .npy file (NumPy's format 1.0, or 2.0 when the header passes 65535
   bytes) holds one C-order array of records: a header naming the fields,
   their types and the shape, then the records packed, little-endian, as
   numpy.save writes a structured array of that dtype (no padding between
   fields).  The header is byte for byte numpy.save's, spare space for a
   growing first axis included, so that a file reads back with numpy.load
   and compares equal to NumPy's own. */
#ifndef GDTRACE_NPY_H
#define GDTRACE_NPY_H

#include <stddef.h>
#include <stdint.h>
#include "gdtrace/buf.h"

typedef enum gdt_npy_type {
    GDT_NPY_U1, /* uint8, '|u1' */
    GDT_NPY_I8, /* int64, '<i8' */
    GDT_NPY_F8  /* float64, '<f8' */
} gdt_npy_type;

typedef struct gdt_npy_field {
    const char *name; /* printable ASCII, no quote or backslash */
    gdt_npy_type type;
} gdt_npy_field;

/* One value of a record: u for U1 (0 .. 255), i for I8, d for F8. */
typedef union gdt_npy_value {
    unsigned u;
    int64_t i;
    double d;
} gdt_npy_value;

/* Append to OUT the header of an array of records with the NFIELDS
   FIELDS (at least one) and the shape SHAPE[0 .. NDIM-1] (NDIM may be 0:
   one record).  GDT_EVALUE for a field name that NumPy's header cannot
   hold as written, GDT_ERANGE for more than 32 dimensions or a header of
   4 GB; OUT is unchanged on an error. */
gdt_status gdt_npy_header(gdt_buf *out, const gdt_npy_field *fields, size_t nfields,
                          const uint64_t *shape, size_t ndim) GDT_MUST_CHECK;

/* Append to OUT the bytes of one record: V[i] for FIELDS[i].  GDT_EVALUE
   for a U1 value over 255 (OUT unchanged). */
gdt_status gdt_npy_record(gdt_buf *out, const gdt_npy_field *fields, size_t nfields,
                          const gdt_npy_value *v) GDT_MUST_CHECK;

/* The bytes of one record of FIELDS. */
size_t gdt_npy_record_size(const gdt_npy_field *fields, size_t nfields);

#endif
