"""A sweep as a Slurm job array on a real single-node Slurm cluster started
on localhost for the test: munged, slurmctld and slurmd run in the
foreground under a temporary directory (no systemd) and are stopped by PID.
scripts/slurm/submit-sweep submits the array template and the merge template
that depends on it; the merged file must equal a single run's."""
import os
import pathlib
import shutil
import socket
import subprocess
import time

import pytest

from sweep_helpers import SOURCE, WFSIM, h5diff, ishigami_sweep, wfsim

DAEMONS = {"munged": "/usr/sbin/munged", "slurmctld": "/usr/sbin/slurmctld",
           "slurmd": "/usr/sbin/slurmd"}
CLIENTS = ["sbatch", "squeue", "sinfo"]


def missing_binaries():
    missing = [name for name, path in DAEMONS.items()
               if not os.access(path, os.X_OK) and shutil.which(name) is None]
    return missing + [name for name in CLIENTS if shutil.which(name) is None]


if missing_binaries():
    pytest.skip("SLURM TEST SKIPPED: missing " + ", ".join(missing_binaries()) +
                " (scripts/install-deps installs slurmctld, slurmd, slurm-client and munge)",
                allow_module_level=True)


def daemon(name):
    return DAEMONS[name] if os.access(DAEMONS[name], os.X_OK) else shutil.which(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


class Cluster:
    """munged + slurmctld + slurmd with everything under `root`."""

    def __init__(self, root):
        self.root = pathlib.Path(root)
        self.processes = []
        self.host = socket.gethostname().split(".")[0]
        self.env = dict(os.environ, SLURM_CONF=str(self.root / "slurm.conf"))

    def log(self, name):
        path = self.root / "log" / name
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self):
        root = self.root
        for folder in ["munge", "state", "spool", "log"]:
            (root / folder).mkdir(parents=True)
        # Slurm's clients and daemons reach munged through this socket; its
        # folder must be traversable by everyone.
        for folder in [root, root / "munge"]:
            folder.chmod(0o755)
        key = root / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        socket_path = root / "munge" / "munge.socket"
        self.spawn("munged", [daemon("munged"), "--foreground", "--force",
                              f"--socket={socket_path}", f"--key-file={key}",
                              f"--log-file={root / 'log' / 'munged.log'}",
                              f"--pid-file={root / 'munge' / 'munged.pid'}",
                              f"--seed-file={root / 'munge' / 'seed'}"])
        wait_for(socket_path.exists, 20, "munged's socket")
        (root / "slurm.conf").write_text(f"""
ClusterName=wfsimtest
SlurmctldHost={self.host}(127.0.0.1)
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
AuthType=auth/munge
AuthInfo=socket={socket_path}
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation={root / 'state'}
SlurmdSpoolDir={root / 'spool'}
SlurmctldPidFile={root / 'slurmctld.pid'}
SlurmdPidFile={root / 'slurmd.pid'}
SlurmctldLogFile={root / 'log' / 'slurmctld.log'}
SlurmdLogFile={root / 'log' / 'slurmd.log'}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName={self.host} NodeAddr=127.0.0.1 CPUs=1 State=UNKNOWN
PartitionName=test Nodes={self.host} Default=YES MaxTime=INFINITE State=UP
""")
        self.spawn("slurmctld", [daemon("slurmctld"), "-D", "-i", "-f", str(root / "slurm.conf")])
        self.spawn("slurmd", [daemon("slurmd"), "-D", "-f", str(root / "slurm.conf"), "-N", self.host])

        def idle():
            result = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True,
                                    env=self.env, timeout=30)
            return result.returncode == 0 and result.stdout.strip() == "idle"

        wait_for(idle, 60, "an idle node\n" + self.log("slurmctld.log") + self.log("slurmd.log"))

    def spawn(self, name, command):
        with open(self.root / "log" / f"{name}.out", "w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=self.env)
        self.processes.append(process)

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path / "slurm")
    try:
        c.start()
        yield c
    finally:
        c.stop()


def test_job_array_and_merge_give_the_single_run_file(tmp_path, cluster, have_h5diff):
    work = tmp_path / "work"
    work.mkdir()
    sweep = ishigami_sweep(work, "{type: sobol, samples: 256}", replications=2, noise=0.2)
    single = work / "single.h5"
    assert wfsim("sweep", sweep, "-o", single, "-q").returncode == 0

    env = dict(cluster.env, WFSIM=str(pathlib.Path(WFSIM).resolve()))
    submit = subprocess.run([str(SOURCE / "scripts" / "slurm" / "submit-sweep"), "sweep.yaml",
                             "out.h5", "4"], capture_output=True, text=True, env=env, cwd=work,
                            timeout=60)
    assert submit.returncode == 0, submit.stderr
    ids = dict(line.split() for line in submit.stdout.splitlines())
    assert set(ids) == {"array", "merge"}

    def queue_empty():
        result = subprocess.run(["squeue", "-h"], capture_output=True, text=True,
                                env=cluster.env, timeout=30)
        return result.returncode == 0 and result.stdout.strip() == ""

    logs = lambda: "\n".join(p.read_text() for p in sorted(work.glob("*.log")))
    wait_for(queue_empty, 240, "the jobs to finish\n" + cluster.log("slurmctld.log"))
    assert sorted(p.name for p in work.glob("out.shard-*.h5")) == [
        f"out.shard-{i}-of-4.h5" for i in range(4)], logs()
    merged = work / "out.h5"
    assert merged.exists(), logs()
    status, diff = h5diff(single, merged)
    assert status == 0, diff
