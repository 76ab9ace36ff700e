#!/usr/bin/python3
"""Run python/gdtrace's tests (unittest) and end with the line
"python: N passed, M failed" that tests/run-tests adds up.

    GDTRACE_LIB=build/libgdtrace.so GDTRACE_BIN=build/gdtrace python3 python/tests/run.py
"""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))  # the package, python/gdtrace
suite = unittest.defaultTestLoader.discover(here)
result = unittest.TextTestRunner(stream=sys.stdout, verbosity=1).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
for test, why in result.skipped:
    print("python: skipped %s: %s" % (test.id(), why))
print("python: %d passed, %d failed" % (max(0, result.testsRun - failed - skipped), failed))
sys.exit(1 if failed else 0)
