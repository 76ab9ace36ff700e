"""The shared library libgdtrace and its one entry point, gdt_api_call.

The library is found, in this order, at $GDTRACE_LIB (the file, or a
directory holding libgdtrace.so, such as a build tree's build/), by
ctypes.util.find_library("gdtrace"), or by its soname libgdtrace.so.0.
"""
import ctypes
import ctypes.util
import os
import threading
import time

SONAME = "libgdtrace.so.0"

# gdt_api_call's statuses (include/gdtrace/api.h)
OK, FAILED, BAD_OPTION, INTERRUPTED = 0, 1, 2, 3

_lock = threading.Lock()
_lib = None


def library_path():
    """Where the library is loaded from (a path or a name for dlopen)."""
    env = os.environ.get("GDTRACE_LIB")
    if env:
        if os.path.isdir(env):
            return os.path.join(env, "libgdtrace.so")
        return env
    return ctypes.util.find_library("gdtrace") or SONAME


def _load():
    global _lib
    with _lock:
        if _lib is None:
            path = library_path()
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                raise ImportError(
                    "gdtrace: cannot load the shared library %r (%s); build it with "
                    "`make` and set GDTRACE_LIB to build/libgdtrace.so, or `make install`"
                    % (path, e)) from None
            lib.gdt_api_call.restype = ctypes.c_int
            lib.gdt_api_call.argtypes = [
                ctypes.c_char_p, ctypes.c_size_t,
                ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t),
                ctypes.c_char_p, ctypes.c_size_t]
            lib.gdt_api_free.restype = None
            lib.gdt_api_free.argtypes = [ctypes.c_void_p]
            _lib = lib
        return _lib


def call(command, items):
    """Run COMMAND with ITEMS, a list of (key, value) strings: (status,
    jsonl text, message).  The call runs on a thread of its own, so that
    Ctrl-C (KeyboardInterrupt) sets the library's stop flag, waits for the
    run to stop and is raised again."""
    lib = _load()
    n = len(items)
    keys = (ctypes.c_char_p * max(n, 1))(*[k.encode() for k, _ in items])
    values = (ctypes.c_char_p * max(n, 1))(*[v.encode() for _, v in items])
    stop = ctypes.c_int(0)
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    msg = ctypes.create_string_buffer(1024)
    result = []
    finished = threading.Event()

    def work():
        try:
            result.append(lib.gdt_api_call(command.encode(), n, keys, values,
                                           ctypes.byref(stop), ctypes.byref(out),
                                           ctypes.byref(length), msg, len(msg)))
        finally:
            finished.set()

    # An event, not Thread.join: a KeyboardInterrupt inside join can leave
    # the thread looking finished while it still runs (seen on 3.11), and
    # the output would be freed under it.
    t = threading.Thread(target=work, name="gdtrace", daemon=True)
    t.start()
    try:
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        stop.value = 1
        while not finished.is_set():
            try:
                time.sleep(0.01)
            except KeyboardInterrupt:  # the run is stopping already
                pass
        if out.value:
            lib.gdt_api_free(out)
        raise
    try:
        text = ctypes.string_at(out.value, length.value).decode() if out.value else ""
    finally:
        if out.value:
            lib.gdt_api_free(out)
    return result[0], text, msg.value.decode(errors="replace")
