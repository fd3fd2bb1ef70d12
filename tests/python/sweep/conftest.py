"""Fixtures of the sweep tests."""
import shutil

import pytest


@pytest.fixture(scope="session")
def have_h5diff():
    if shutil.which("h5diff") is None:
        pytest.fail("h5diff is missing: scripts/install-deps installs hdf5-tools")
