"""The kernel sandbox on its own: what a sandboxed kernel can see, reach and use."""
import contextlib
import os
import signal
import time

import pytest
from jupyter_client import KernelManager
from traitlets.config import Config

from autograde import sandbox
from autograde.course import REPO

PROBE = """
import os, socket, resource
seen = {p: os.path.exists(p) for p in PATHS}
try:
    socket.create_connection(("10.255.255.1", 80), timeout=3)
    network = "reachable"
except OSError as err:
    network = str(err)
home = os.path.expanduser("~")
open(os.path.join(home, "scratch.txt"), "w").write("mine")
print(repr({"seen": seen, "network": network, "uid": os.getuid(), "cwd": os.getcwd(), "home": home,
            "memory": resource.getrlimit(resource.RLIMIT_AS)[0]}))
"""
MB = 1024 * 1024
CGROUPS = pytest.mark.skipif(sandbox.limits_level() == "rlimits",
                             reason="no cgroup for the submission here (needs root, or a delegated cgroup)")
TMPFS = pytest.mark.skipif(sandbox.level() != "bwrap" or not sandbox._bwrap_sizes_tmpfs(),
                           reason="needs bubblewrap 0.8 or later (size-capped tmpfs)")


@contextlib.contextmanager
def sandboxed_kernel(workspace, limits=sandbox.Limits(memory_mb=2048)):
    """A started sandboxed kernel: yields (kernel manager, run), where run(code) returns what it printed."""
    config = Config()
    env = sandbox.prepare(workspace, limits, config)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    km = KernelManager(kernel_name=sandbox.KERNEL_NAME, config=config)
    try:
        km.start_kernel()
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)

        def run(code, timeout=60):
            printed = []
            client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: printed.append(
                msg["content"].get("text", "") or msg["content"].get("evalue", ""))
                if msg["msg_type"] in ("stream", "error") else None)
            return "".join(printed)

        run.client = client
        yield km, run
        client.stop_channels()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_in_sandbox(workspace, code, limits=sandbox.Limits(memory_mb=2048)):
    with sandboxed_kernel(workspace, limits) as (_, run):
        return run(code)


def launcher_pid(km):
    return km.provisioner.process.pid


def cgroups_of(pid):
    """The cgroup folders the launcher ``pid`` made for its submission."""
    parents = sandbox.Cgroup._parents()
    return [found for folder in (parents[1] if parents else []) for found in folder.glob(f"autograde-{pid}-*")]


def gone(folders, wait=15.0):
    deadline = time.monotonic() + wait
    while any(folder.exists() for folder in folders) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(folder.exists() for folder in folders)


def oom_kills(workspace, wait=10.0):
    """What the launcher's reaper recorded once the kernel ended (it writes after the launcher is gone)."""
    deadline = time.monotonic() + wait
    while sandbox.usage(workspace.resolve())["oom_kills"] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    return sandbox.usage(workspace.resolve())["oom_kills"]


def tasks_below(pid):
    """Processes and threads descending from ``pid`` (itself excluded), from the host's /proc."""
    children = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = open(f"/proc/{entry.name}/stat").read()
                threads = len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append((int(entry.name), threads))
    count, todo = 0, [pid]
    while todo:
        for child, threads in children.get(todo.pop(), []):
            count += threads
            todo.append(child)
    return count


def host_tasks():
    return sum(len(os.listdir(f"/proc/{e.name}/task")) for e in os.scandir("/proc")
               if e.name.isdigit() and os.path.exists(f"/proc/{e.name}/task"))


@pytest.mark.skipif(sandbox.level() != "bwrap", reason="bubblewrap is not installed (apt-get install bubblewrap)")
def test_bubblewrap_hides_files_and_network(tmp_path):
    secret = tmp_path / "gradebook.db"  # beside the workspace, as in a grading batch
    secret.write_text("grades")
    paths = [str(REPO / "solutions"), str(REPO / ".git"), str(secret), os.path.expanduser("~/.bashrc"),
             "/etc/shadow", str(REPO / "attention_course" / "__init__.py")]
    report = eval(run_in_sandbox(tmp_path / "ws", f"PATHS = {paths!r}\n" + PROBE))
    assert report["seen"] == {**dict.fromkeys(paths[:-1], False), paths[-1]: True}, \
        "only the helper package, the interpreter and the kernel's own home are visible"
    assert report["network"] != "reachable"
    assert report["uid"] != 0
    assert report["cwd"] == report["home"] == str((tmp_path / "ws" / "home").resolve())
    if sandbox._bwrap_sizes_tmpfs():  # the home is a tmpfs: nothing written reaches the host's disk
        assert not (tmp_path / "ws" / "home" / "scratch.txt").exists()
    else:
        assert (tmp_path / "ws" / "home" / "scratch.txt").read_text() == "mine"


def test_resource_limits_apply_at_every_level(tmp_path):
    report = eval(run_in_sandbox(tmp_path / "ws", "PATHS = []\n" + PROBE))
    assert report["memory"] == 2048 * 1024 * 1024


def test_level_is_described():
    assert sandbox.describe() in {"bubblewrap + cgroup v2 limits", "bubblewrap + cgroup v1 limits",
                                  "bubblewrap + rlimits only", "rlimits only", "no bubblewrap + cgroup v2 limits",
                                  "no bubblewrap + cgroup v1 limits"}
    assert sandbox.describe() in sandbox.explain_level()
    assert sandbox.Limits().processes == 256 and sandbox.Limits().disk_mb == 512


MEMORY_IN_CHILDREN = """
import subprocess, sys
hog = "import time; block = b'x' * (500 * 1024 * 1024); time.sleep(3)"
children = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(3)]
print([child.wait() for child in children])
"""


@CGROUPS
def test_memory_limit_holds_for_all_processes_together(tmp_path):
    """Three children of 500 MB each cannot all live under a 1024 MB limit (RLIMIT_AS alone lets them)."""
    with sandboxed_kernel(tmp_path / "ws", sandbox.Limits(memory_mb=1024)) as (km, run):
        codes = eval(run(MEMORY_IN_CHILDREN))
        pid, folders = launcher_pid(km), cgroups_of(launcher_pid(km))
        assert folders, "the launcher made a cgroup"
    assert codes.count(0) < 3 and -signal.SIGKILL in codes, codes
    assert gone(folders), "the cgroup is removed when the kernel ends"
    assert oom_kills(tmp_path / "ws") >= 1, "the grader can tell why"
    assert not cgroups_of(pid)


FORK_LOOP = """
import os, time
children = []
try:
    while len(children) < 1000:
        child = os.fork()
        if child == 0:
            time.sleep(60)
            os._exit(0)
        children.append(child)
except OSError as err:
    print(len(children), type(err).__name__)
"""


@pytest.mark.skipif(sandbox.limits_level() == "rlimits" and os.geteuid() == 0,
                    reason="root without cgroups: no process limit binds")
def test_fork_loop_stops_at_the_process_limit(tmp_path):
    before = host_tasks()
    with sandboxed_kernel(tmp_path / "ws", sandbox.Limits(memory_mb=2048, processes=64)) as (km, run):
        forked, error = run(FORK_LOOP).split()
        below, during = tasks_below(launcher_pid(km)), host_tasks()
        folders = cgroups_of(launcher_pid(km))
        assert "alive" in run("print('alive')"), "the kernel itself still works"
    print(f"forked {forked}; the launcher's descendants: {below} tasks; host: {before} -> {during} tasks")
    assert int(forked) < 64 and error == "BlockingIOError"
    # Its tasks (kernel threads, bubblewrap, children) stay within the limit; the reaper and the keeper of
    # the kernel's log (autograde.sandbox._keep_the_start_of) are outside it.
    assert below <= 64 + 2
    assert gone(folders)


WRITE = """
import os
written = 0
try:
    while written < CHUNKS:  # files of 128 MB: one file's size is capped too (RLIMIT_FSIZE)
        with open(os.path.join(FOLDER, f"flood-{written}"), "wb") as out:
            for _ in range(min(128, CHUNKS - written)):
                out.write(b"x" * (1024 * 1024))
                out.flush()
                written += 1
    print(written, "ok")
except OSError as err:
    print(written, err.errno)
"""


@TMPFS
@pytest.mark.parametrize("folder", ["/tmp", "~"])
def test_writes_stop_at_the_disk_cap(tmp_path, folder):
    code = f"FOLDER = os.path.expanduser({folder!r}); CHUNKS = 100\n" + WRITE.replace("import os\n", "")
    output = run_in_sandbox(tmp_path / "ws", "import os\n" + code, sandbox.Limits(memory_mb=2048, disk_mb=64))
    written, outcome = output.split()
    assert outcome == "28" and int(written) <= 64, "No space left on device at 64 MB"
    assert sum(f.stat().st_size for f in (tmp_path / "ws").rglob("*") if f.is_file()) < 16 * MB, \
        "nothing reached the host's disk"


@CGROUPS
@TMPFS
def test_tmp_counts_against_the_memory_limit(tmp_path):
    """Pages written to the tmpfs /tmp are charged to the submission's memory cgroup."""
    with sandboxed_kernel(tmp_path / "ws", sandbox.Limits(memory_mb=1024, disk_mb=512)) as (km, run):
        memory = cgroups_of(launcher_pid(km))[0]
        name = "memory.current" if (memory / "memory.current").exists() else "memory.usage_in_bytes"
        before = int((memory / name).read_text())
        assert run("import os\nFOLDER = '/tmp'; CHUNKS = 200\n" + WRITE.replace("import os\n", "")).split() \
            == ["200", "ok"]
        after = int((memory / name).read_text())
    assert after - before >= 180 * MB, (before, after)


@CGROUPS
@TMPFS
def test_tmp_beyond_the_memory_limit_fails(tmp_path):
    """A /tmp allowed more than memory cannot take it: the write or the writer is stopped."""
    code = ("import subprocess, sys\nwriter = 'FOLDER = \"/tmp\"; CHUNKS = 1200\\n' + "
            f"{WRITE!r}\n" "result = subprocess.run([sys.executable, '-c', writer], capture_output=True, text=True)\n"
            "print(result.returncode, result.stdout.split())")
    with sandboxed_kernel(tmp_path / "ws", sandbox.Limits(memory_mb=1024, disk_mb=2048)) as (km, run):
        run.client.execute(code)
        deadline, output = time.monotonic() + 60, ""
        while km.is_alive() and time.monotonic() < deadline:
            try:
                message = run.client.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            output += message["content"].get("text", "")
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle" and output:
                break
    print(output or "the kernel was stopped")
    # Either the writer failed, or (no swap, tmpfs pages cannot be reclaimed) the OOM killer stopped
    # the sandbox: the grader then reports a cell that ended the kernel and grades the rest.
    assert "'1200', 'ok'" not in output, output
    assert output or oom_kills(tmp_path / "ws") >= 1


@CGROUPS
def test_cgroup_is_removed_when_the_grader_kills_the_kernel(tmp_path):
    """The batch kills a worker's process group with SIGKILL: the launcher's reaper still cleans up."""
    with sandboxed_kernel(tmp_path / "ws") as (km, run):
        run("print(1)")
        folders = cgroups_of(launcher_pid(km))
        assert folders and all(folder.exists() for folder in folders)
        os.killpg(os.getpgid(launcher_pid(km)), signal.SIGKILL)
        assert gone(folders), "no cgroup left behind"
