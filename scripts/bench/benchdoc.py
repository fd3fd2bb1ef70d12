"""Shared helpers for the benchmark scripts: machine description and
rewriting one section of docs/benchmarks.md without touching the others."""
import datetime
import os
import platform
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")

HEADER = """# Benchmarks

Figures measured by the benchmark scripts in `scripts/` on the machine named
in each section. Each script rewrites only its own section. Medians of
several runs; the machines are shared and noisy, so compare ratios rather
than single figures.
"""


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = os.cpu_count()
    mem_gib = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    compiler = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout
    compiler = compiler.splitlines()[0] if compiler else "g++"
    mem = f", {mem_gib:.0f} GiB" if mem_gib else ""
    return f"{cpu}, {cores} cores{mem}; {platform.system()} {platform.release()}; {compiler}"


def git_commit():
    out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True,
                         text=True, cwd=ROOT)
    return out.stdout.strip() or "unknown"


def stamp():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def write_section(name, body):
    """Replaces (or appends) the section delimited by markers for `name`."""
    begin = f"<!-- {name}:begin -->"
    end = f"<!-- {name}:end -->"
    text = open(DOC).read() if os.path.exists(DOC) else HEADER
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as f:
        f.write(text)


def instructions(args):
    """Instructions executed by a command (valgrind's callgrind tool, no
    cache simulation): a cost figure that does not depend on the machine's
    speed or load. Returns None when valgrind is missing."""
    import shutil
    import tempfile
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "callgrind.out")
        result = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
                                + list(args), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} under callgrind failed:\n{result.stderr}")
        for line in result.stderr.splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1].strip())
    raise RuntimeError("callgrind reported no instruction count")
