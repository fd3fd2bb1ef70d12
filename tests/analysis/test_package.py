"""The results module installs with Debian's Python (pip install -e, no
network, no build isolation) and imports from anywhere."""
import os
import subprocess

from conftest import PYTHON, SOURCE_DIR


def test_editable_install_with_debian_python(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), PIP_NO_INDEX="1", PYTHONPATH="",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    before = subprocess.run(["git", "-C", str(SOURCE_DIR), "status", "--porcelain",
                             "--ignored", "scripts/python"], capture_output=True, text=True)
    installed = subprocess.run(
        [PYTHON, "-m", "pip", "install", "--user", "--no-build-isolation",
         "--break-system-packages", "-e", str(SOURCE_DIR / "scripts" / "python")],
        capture_output=True, text=True, env=env, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    imported = subprocess.run(
        [PYTHON, "-c", "import wfsim_results, wfsim_results.compare, wfsim_results.report, "
                       "wfsim_results.sweep; print(wfsim_results.__file__)"],
        capture_output=True, text=True, env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == str(SOURCE_DIR / "scripts/python/wfsim_results/__init__.py")
    after = subprocess.run(["git", "-C", str(SOURCE_DIR), "status", "--porcelain",
                            "--ignored", "scripts/python"], capture_output=True, text=True)
    assert before.stdout == after.stdout, "the install left files in the source tree"
