from conftest_small import *  # noqa: F401,F403  (the shared pieces, importable by name)
