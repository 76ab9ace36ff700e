/* module -- loading the modules (module.h): found, opened and their table
   looked up once per process

   The one place of the library with process-wide state (a module's
   handle is the process's, as the dynamic linker's own tables are) and
   that reads the environment (GDTRACE_MODULE_DIR): tests/arch/check
   allows this file both, and nothing else. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/module.h"

#ifndef GDT_MODULE_DIR
#define GDT_MODULE_DIR "/usr/local/lib/gdtrace"
#endif

static const struct {
    const char *file, *symbol;
} names[GDT_MODULE_COUNT] = {
    [GDT_MODULE_BALL] = { "gdtrace-ball.so", "gdt_module_ball_v1" },
    [GDT_MODULE_SERVE] = { "gdtrace-serve.so", "gdt_module_serve_v1" },
};

/* A module's state: written once by its load (under pthread_once, which
   orders it before every later reader), but TABLE, which is set when a
   caller has checked the module's ABI and read without the once by
   gdt_module_loaded. */
static struct {
    const gdt_module_head *found;       /* the symbol, NULL: it failed */
    char path[PATH_MAX];                /* the file opened, or tried */
    char why[GDT_ERRMSG_MAX];           /* why it failed */
    const gdt_module_head *_Atomic table;
} state[GDT_MODULE_COUNT];

static pthread_once_t once[GDT_MODULE_COUNT] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };

/* Module ID's failure, as printf's FMT says (cut at its end). */
static void
why(gdt_module_id id, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(state[id].why, sizeof state[id].why, fmt, ap);
    va_end(ap);
}

/* 1 when DIR/SUB/FILE (SUB may be "") is a file, its name in PATH. */
static int
exists(char *path, const char *dir, const char *sub, const char *file)
{
    int n = snprintf(path, PATH_MAX, "%s%s%s/%s", dir, sub[0] ? "/" : "", sub, file);

    return n > 0 && n < PATH_MAX && access(path, F_OK) == 0;
}

/* The directory of the object that holds this code into DIR ("" when it
   cannot be told): the shared library's, or the program's that linked
   libgdtrace.a, whose dladdr name may be bare (the main program). */
static void
own_dir(char *dir)
{
    Dl_info info;
    char *slash;
    ssize_t n;

    dir[0] = '\0';
    if (dladdr((void *)(size_t)own_dir, &info) != 0 && info.dli_fname != NULL
        && strchr(info.dli_fname, '/') != NULL && strlen(info.dli_fname) < PATH_MAX) {
        strcpy(dir, info.dli_fname);
    } else if ((n = readlink("/proc/self/exe", dir, PATH_MAX - 1)) > 0) {
        dir[n] = '\0';
    } else {
        dir[0] = '\0';
        return;
    }
    slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
}

/* dlerror's text without the file name it may begin with */
static const char *
reason(const char *path)
{
    const char *e = dlerror();
    size_t n = strlen(path);

    if (e == NULL)
        return "unknown error";
    if (strncmp(e, path, n) == 0 && e[n] == ':' && e[n + 1] == ' ')
        return e + n + 2;
    return e;
}

static void
load(gdt_module_id id)
{
    const char *file = names[id].file, *env = getenv("GDTRACE_MODULE_DIR");
    char *path = state[id].path, dir[PATH_MAX];
    void *h;

    if (env != NULL && env[0] != '\0') {
        snprintf(path, PATH_MAX, "%s/%s", env, file);
    } else {
        own_dir(dir);
        if (!(dir[0] != '\0' && (exists(path, dir, "", file) || exists(path, dir, "gdtrace", file)))
            && !exists(path, GDT_MODULE_DIR, "", file)) {
            why(id, "cannot load %s: it is in none of %s, %s/gdtrace and %s "
                "(GDTRACE_MODULE_DIR names another directory)",
                file, dir[0] ? dir : "(this program's directory)",
                dir[0] ? dir : "(this program's directory)", GDT_MODULE_DIR);
            return;
        }
    }
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        why(id, "cannot load %s: %s", path, reason(path));
        return;
    }
    dlerror();
    state[id].found = dlsym(h, names[id].symbol);
    if (state[id].found == NULL)
        why(id, "cannot load %s: it has no %s (not a module of this gdtrace)", path,
            names[id].symbol);
    /* a module that fails stays open: its code may be the process's
       already (a constructor ran) */
}

static void load_ball(void) { load(GDT_MODULE_BALL); }
static void load_serve(void) { load(GDT_MODULE_SERVE); }

gdt_status
gdt_module_get(const void **table, gdt_module_id id, unsigned abi, unsigned size, gdt_error *err)
{
    const gdt_module_head *m;

    *table = NULL;
    if ((m = atomic_load_explicit(&state[id].table, memory_order_acquire)) != NULL) {
        *table = m;
        return GDT_OK;
    }
    pthread_once(&once[id], id == GDT_MODULE_BALL ? load_ball : load_serve);
    if ((m = state[id].found) == NULL)
        return gdt_error_set(err, GDT_EUNAVAILABLE, SIZE_MAX, "%s", state[id].why);
    if (m->abi != abi || m->size != size)
        return gdt_error_set(err, GDT_EUNAVAILABLE, SIZE_MAX,
                             "cannot load %s: it is of ABI %u (%u bytes), this gdtrace needs "
                             "ABI %u (%u bytes): a module of another build, rebuild or "
                             "reinstall it",
                             state[id].path, m->abi, m->size, abi, size);
    atomic_store_explicit(&state[id].table, m, memory_order_release);
    *table = m;
    return GDT_OK;
}

const void *
gdt_module_loaded(gdt_module_id id)
{
    return atomic_load_explicit(&state[id].table, memory_order_acquire);
}
