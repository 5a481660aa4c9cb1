#!/usr/bin/env python3
"""Prints one test id per line (module.Class.method) for CMake to register each as a ctest test."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def walk(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from walk(item)
        else:
            yield item.id()


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    for test_id in walk(suite):
        if test_id.startswith("unittest.loader"):
            sys.exit(f"cannot load e2e tests: {test_id}")
        print(test_id)
