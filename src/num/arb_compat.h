/* arb_compat.h -- the one place that names Arb's header (not installed)

   Debian's Arb 2.x installs <arb.h> (with -lflint-arb -lflint, the
   Makefile's ARB_LIBS); FLINT 3, which took Arb in, installs
   <flint/arb.h> (with -lflint).  Moving to it is this line and that
   variable. */
#ifndef GDTRACE_ARB_COMPAT_H
#define GDTRACE_ARB_COMPAT_H

#include <arb.h>
#include <arb_hypgeom.h>

#endif
