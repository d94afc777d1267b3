"""Run a student's kernel in a sandbox; also the kernel launcher itself (``python -m autograde.sandbox``).

Two levels, chosen automatically (``level()``), the README says what each protects against:

- ``bwrap``: bubblewrap (Debian package ``bubblewrap``) puts the kernel in new user, PID, network,
  IPC and mount namespaces, with no capabilities. It sees only what runs Python (``/usr``, the
  interpreter and its packages, the course's helper package, a few files of ``/etc``) read-only,
  a private empty ``/tmp``, and one writable home folder of its own. The solutions, the hidden
  tests, the gradebook and the other students' work are not there. There is no network.
- ``rlimits``: no bubblewrap. The kernel still gets the resource limits and a private working
  folder, but it can read what the grading user can read and it can use the network.

Both levels set resource limits on each process: address space (memory), CPU seconds, size of a
written file and no core dumps. Limits for the submission as a whole (``limits_level()``,
``describe()`` says which applied):

- ``cgroup2``/``cgroup1``: the launcher makes a cgroup per kernel (v2 when the unified hierarchy
  offers ``memory`` and ``pids``, else v1 ``memory`` + ``pids``) below its own, with
  ``Limits.memory_mb`` for all its processes together (its tmpfs ``/tmp`` and home included) and
  ``Limits.processes``; a reaper in its own session removes it when the launcher is gone, even
  after a SIGKILL to the kernel's process group.
- ``rlimits``: memory per process only; processes by ``RLIMIT_NPROC``, which binds only when the
  grader is not root (it counts all of the grading user's processes).

With bubblewrap 0.8 or later, ``/tmp`` and the home are tmpfs capped at ``Limits.disk_mb`` each:
nothing the kernel writes reaches the host's disk. The kernel talks to the grader over Unix
sockets in the submission's own runtime folder (``KernelManager.transport = "ipc"``), which is
why it needs no network at all.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, fields
from pathlib import Path

from autograde.course import REPO

KERNEL_NAME = "autograde-sandbox"
# Files of /etc that Python, NumPy, PyTorch and Matplotlib read; /etc as a whole holds secrets.
ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "localtime", "passwd", "group",
             "nsswitch.conf", "hosts", "mime.types", "ssl", "alternatives", "matplotlibrc"]


@dataclass(frozen=True)
class Limits:
    """What one submission may use: the one place where the grader's limits are set.

    With cgroups (``limits_level()``), ``memory_mb`` and ``processes`` hold for the submission as a
    whole: the kernel, every process it starts, and what it writes to its ``/tmp`` and home (both
    in memory). Without, ``memory_mb`` is each process's address space, and ``processes`` a
    ``RLIMIT_NPROC`` that binds only when the grader does not run as root.
    """

    memory_mb: int = 4096  # importing PyTorch alone maps about 1 GB of address space
    cpu_seconds: int = 600  # CPU time over each process's whole life, all threads
    file_mb: int = 256  # largest file it may write
    processes: int = 256  # processes and threads together, the kernel's own included
    disk_mb: int = 512  # what it may write to its home, and to its /tmp (each a size-capped tmpfs)
    cell_output_bytes: int = 1_000_000  # printed text the kernel sends per cell (``cap_output``)
    notebook_output_bytes: int = 5_000_000  # and per notebook

    def argv(self) -> list[str]:
        """The launcher's command-line options for these limits."""
        return [f"--{field.name.replace('_', '-')}={getattr(self, field.name)}" for field in fields(self)]


@functools.lru_cache(maxsize=None)
def level() -> str:
    """``"bwrap"`` when bubblewrap is installed and can make namespaces here, else ``"rlimits"``."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "rlimits"
    trial = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--unshare-user",
                            "--die-with-parent", "true"], capture_output=True)
    return "bwrap" if trial.returncode == 0 else "rlimits"


@functools.lru_cache(maxsize=None)
def _bwrap_sizes_tmpfs() -> bool:
    """Whether this bubblewrap has ``--size`` for a tmpfs (0.8.0 and later)."""
    shown = subprocess.run(["bwrap", "--help"], capture_output=True, text=True)
    return "--size" in shown.stdout + shown.stderr


def _mounts() -> list[tuple[str, str, str, set[str]]]:
    """(root, mount point, type, super options) of each cgroup hierarchy this process sees."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        left, right = left.split(), right.split()
        if len(right) >= 3 and right[0] in ("cgroup", "cgroup2"):
            found.append((left[3], left[4].replace("\\040", " "), right[0], set(right[2].split(","))))
    return found


def _own_cgroups() -> dict[str, str]:
    """This process's cgroup path per v1 controller, and under ``""`` in the v2 hierarchy."""
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own


def _under(mount_root: str, mount_point: str, path: str) -> Path:
    relative = os.path.relpath(path, mount_root) if path.startswith(mount_root) else path.lstrip("/")
    return Path(os.path.normpath(Path(mount_point) / relative))


class Cgroup:
    """One submission's cgroup: a memory limit and a process limit for the kernel and all it starts.

    Made by the kernel launcher below its own cgroup (so the host's limits on the grader still
    hold), in the v2 hierarchy when it offers the ``memory`` and ``pids`` controllers, else in
    the v1 ``memory`` and ``pids`` hierarchies. Pages that the submission writes to its tmpfs
    ``/tmp`` and home are charged to its memory cgroup too.
    """

    PREFIX = "autograde-"

    def __init__(self, version: int, folders: list[Path]):
        self.version, self.folders = version, folders

    @staticmethod
    def _parents() -> tuple[int, list[Path]] | None:
        """Where submission cgroups go: (2, [folder]) or (1, [memory folder, pids folder])."""
        mounts, own = _mounts(), _own_cgroups()
        for root, point, kind, _ in mounts:
            if kind == "cgroup2" and "" in own:
                folder = _under(root, point, own[""])
                try:
                    available = (folder / "cgroup.controllers").read_text().split()
                except OSError:
                    continue
                if {"memory", "pids"} <= set(available) and os.access(folder, os.W_OK):
                    return 2, [folder]
        v1 = {}
        for root, point, kind, options in mounts:
            for controller in ("memory", "pids"):
                if kind == "cgroup" and controller in options and controller in own:
                    v1[controller] = _under(root, point, own[controller])
        if set(v1) == {"memory", "pids"} and all(os.access(folder, os.W_OK) for folder in v1.values()):
            return 1, [v1["memory"], v1["pids"]]
        return None

    @classmethod
    def create(cls, limits: Limits, name: str | None = None) -> "Cgroup | None":
        """A new cgroup with ``limits``, or None when this machine or user cannot make one."""
        parents = cls._parents()
        if parents is None:
            return None
        version, folders = parents
        name = name or f"{cls.PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        group = cls(version, [folder / name for folder in folders])
        memory, processes = str(limits.memory_mb * 1024 * 1024), str(limits.processes)
        try:
            if version == 2:
                wanted = {"memory", "pids"} - set((folders[0] / "cgroup.subtree_control").read_text().split())
                if wanted:  # fails (EBUSY) where the grader's own cgroup holds processes: then v1 or none
                    (folders[0] / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in wanted))
                group.folders[0].mkdir()
                group._write("memory.max", memory)
                group._write("memory.swap.max", "0", optional=True)
                group._write("pids.max", processes)
            else:
                for folder in group.folders:
                    folder.mkdir()
                group._write("memory.limit_in_bytes", memory)
                group._write("memory.memsw.limit_in_bytes", memory, optional=True)  # no swapping out of it
                group._write("pids.max", processes)
        except OSError:
            group.remove()
            return None
        return group

    def _file(self, name: str) -> Path:
        return self.folders[0 if self.version == 2 or name.startswith("memory.") else 1] / name

    def _write(self, name: str, value: str, optional: bool = False) -> None:
        try:
            self._file(name).write_text(value)
        except OSError:
            if not optional:
                raise

    def join(self, pid: int = 0) -> None:
        """Move ``pid`` (this process by default) into the cgroup; what it starts stays there."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(pid or os.getpid()))

    def pids(self) -> list[int]:
        found = set()
        for folder in self.folders:
            try:
                found |= {int(pid) for pid in (folder / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return sorted(found)

    def _counter(self, name: str, key: str) -> int:
        try:
            lines = self._file(name).read_text().splitlines()
        except OSError:
            return 0
        return sum(int(line.split()[1]) for line in lines if line.split()[:1] == [key])

    def events(self) -> dict[str, int]:
        """How often the limits bit: processes killed for memory, forks refused."""
        memory = "memory.events" if self.version == 2 else "memory.oom_control"
        return {"oom_kills": self._counter(memory, "oom_kill"), "forks_refused": self._counter("pids.events", "max")}

    def remove(self, wait: float = 10.0) -> None:
        """Kill what is left in the cgroup, then remove it."""
        deadline = time.monotonic() + wait
        while True:
            left = self.pids()
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            for folder in self.folders:
                try:
                    folder.rmdir()
                except FileNotFoundError:
                    pass
                except OSError:
                    if time.monotonic() > deadline:
                        return
            if not any(folder.exists() for folder in self.folders):
                return
            time.sleep(0.05)

    @classmethod
    def sweep(cls) -> None:
        """Remove empty submission cgroups whose launcher is gone (a belt to the reaper's braces)."""
        parents = cls._parents()
        for folder in parents[1] if parents else []:
            for stale in folder.glob(f"{cls.PREFIX}*"):
                launcher = stale.name[len(cls.PREFIX):].split("-")[0]
                if stale.is_dir() and not Path(f"/proc/{launcher}").exists():
                    try:
                        stale.rmdir()
                    except OSError:
                        pass


@functools.lru_cache(maxsize=None)
def limits_level() -> str:
    """``"cgroup2"`` or ``"cgroup1"`` when the launcher can give each submission a cgroup, else ``"rlimits"``."""
    group = Cgroup.create(Limits(), f"{Cgroup.PREFIX}{os.getpid()}-probe")
    if group is None:
        return "rlimits"
    group.remove()
    return f"cgroup{group.version}"


def describe() -> str:
    """Which level applied, in a few words for the grades output: e.g. ``bubblewrap + cgroup v2 limits``."""
    limits = {"cgroup2": "cgroup v2 limits", "cgroup1": "cgroup v1 limits"}.get(limits_level(), "rlimits only")
    if level() == "bwrap":
        return f"bubblewrap + {limits}"
    return limits if limits == "rlimits only" else f"no bubblewrap + {limits}"


def explain_level() -> str:
    """What the sandbox does on this machine, for the grader to print."""
    if level() == "bwrap":
        where = "bubblewrap (no network, no access to solutions, tests or gradebook)"
    else:
        where = ("resource limits only; install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) so "
                 "that student code cannot read your files or use the network")
    if limits_level() != "rlimits":
        limits = ("memory (its /tmp and home included) and processes limited per submission by a "
                  f"cgroup ({limits_level().replace('cgroup', 'v')})")
    else:
        limits = "memory limited per process (address space), not per submission; "
        limits += ("processes not limited (root without cgroups)" if os.geteuid() == 0
                   else "processes limited per grading user (RLIMIT_NPROC)")
    if level() == "bwrap" and _bwrap_sizes_tmpfs():
        disk = "/tmp and home are size-capped tmpfs"
    else:
        disk = "home on the host's disk, only each file's size capped"
    return f"sandbox: {describe()}: {where}; {limits}; {disk}"


def prepare(workspace: Path, limits: Limits, config) -> dict[str, str]:
    """Make ``workspace`` (kernelspec, runtime folder, home), point nbgrader's ``config`` at it.

    Returns the environment variables to set in the grading process before nbgrader starts the
    kernel (where Jupyter finds the kernelspec). The kernel's sockets are Unix sockets in the
    runtime folder, the only place the grader and the sandbox share besides the home folder.
    """
    workspace = workspace.resolve()
    home, runtime, spec = workspace / "home", workspace / "runtime", workspace / "kernels" / KERNEL_NAME
    for folder in (home, runtime, spec):
        folder.mkdir(parents=True, exist_ok=True)
    # Matplotlib builds a font cache on first use (seconds); start from the grader's own.
    import matplotlib

    cache = Path(matplotlib.get_cachedir())
    if cache.is_dir():
        shutil.copytree(cache, home / ".matplotlib", dirs_exist_ok=True)
    Cgroup.sweep()
    argv = [sys.executable, "-m", "autograde.sandbox", "--workspace", str(workspace), *limits.argv(),
            "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "Python 3 (autograde sandbox)", "language": "python",
         "env": {"PYTHONPATH": str(REPO)}}))
    config.Execute.kernel_name = KERNEL_NAME
    config.KernelManager.transport = "ipc"
    config.KernelManager.connection_file = str(runtime / "kernel.json")
    config.KernelManager.ip = str(runtime / "kernel-ipc")
    return {"JUPYTER_PATH": str(workspace), "JUPYTER_RUNTIME_DIR": str(runtime)}


def _visible_paths() -> list[str]:
    """Read-only paths the kernel needs: the interpreter, its packages, the helper package.

    Not the working folder (nbgrader starts the kernel next to the notebook with its hidden tests),
    not the repository root (it holds ``solutions/``), nothing in the temporary folder.
    """
    prefixes = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    paths = set(prefixes) | {Path(sys.executable).resolve().parent, REPO / "attention_course"}
    private = [Path(os.getcwd()).resolve(), Path(tempfile.gettempdir()).resolve()]
    for entry in sys.path:
        path = Path(entry or ".").resolve()
        inside = lambda folder: path == folder or folder in path.parents  # noqa: E731
        if not path.is_dir() or any(inside(folder) for folder in private):
            continue
        if inside(REPO) and not any(inside(prefix) for prefix in prefixes):
            continue
        paths.add(path)
    # A path inside another is bound with it.
    return sorted(str(p) for p in paths if not any(q in p.parents for q in paths))


def _seed_files(home: Path, inside: Path) -> tuple[list[str], list[int]]:
    """bubblewrap options that copy ``home``'s files (the Matplotlib cache) into the tmpfs home."""
    options, fds = [], []
    for folder, dirs, files in os.walk(home):
        for name in sorted(dirs):
            options += ["--dir", str(inside / Path(folder, name).relative_to(home))]
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                fd = os.open(path, os.O_RDONLY)
                os.set_inheritable(fd, True)
                fds.append(fd)
                options += ["--perms", "0644", "--file", str(fd), str(inside / path.relative_to(home))]
    return options, fds


def bwrap_command(workspace: Path, kernel: list[str], limits: Limits | None = None) -> tuple[list[str], list[int]]:
    """The bubblewrap command line that runs ``kernel`` with ``workspace``'s home and runtime only,
    and the file descriptors it reads the home's first files from.

    ``/tmp`` and the home are tmpfs capped at ``limits.disk_mb`` each (bubblewrap 0.8's ``--size``):
    nothing the kernel writes reaches the host's disk, and with a cgroup their pages count
    against the submission's memory. ``workspace/home`` only seeds the home.
    """
    limits = limits or Limits()
    sized = _bwrap_sizes_tmpfs()
    size = ["--size", str(limits.disk_mb * 1024 * 1024)] if sized else []
    command = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
               "--cap-drop", "ALL"]
    if os.geteuid() == 0:  # never root inside, even a root without capabilities
        command += ["--uid", "65534", "--gid", "65534"]
    for top in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"]:
        command += ["--ro-bind-try", top, top]
    for name in ETC_FILES:
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    command += ["--dev", "/dev", "--proc", "/proc", *size, "--tmpfs", "/tmp"]  # before the binds: they may be in /tmp
    for path in _visible_paths():
        command += ["--ro-bind", path, path]
    home, fds = workspace / "home", []
    if sized:
        seed, fds = _seed_files(home, home)
        command += [*size, "--tmpfs", str(home), *seed]
    else:  # an old bubblewrap: the home is the host's folder, only each file's size capped
        command += ["--bind", str(home), str(home)]
    command += ["--bind", str(workspace / "runtime"), str(workspace / "runtime")]
    return command + ["--chdir", str(home), "--", *kernel], fds


def _tasks_of(uid: int) -> int:
    """Processes and threads of ``uid`` on this host (what ``RLIMIT_NPROC`` counts)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                status = Path(entry.path, "status").read_text()
            except OSError:
                continue
            fields_ = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields_.get("Uid", "-1 ").split()[0]) == uid:
                count += int(fields_.get("Threads", "1"))
    return count


def set_limits(limits: Limits, cgroup: bool = False) -> None:
    """Resource limits for this process and what it starts (the kernel).

    Without a cgroup, the process limit is ``RLIMIT_NPROC``, which counts every process of the
    grading user and binds only when that user is not root; it is set to what the user runs
    now plus ``limits.processes``.
    """
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not cgroup and os.geteuid() != 0:
        nproc = _tasks_of(os.getuid()) + limits.processes
        hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
        if hard != resource.RLIM_INFINITY:
            nproc = min(nproc, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


TRIMMED_IN_KERNEL = "[output trimmed in the kernel: grading keeps "


def cap_output(cell_chars: int, notebook_chars: int, words: str) -> None:
    """Run in the student's kernel when it starts (``IPKernelApp.exec_lines``, see ``kernel_argv``):
    text written to ``sys.stdout`` and ``sys.stderr`` during one cell beyond ``cell_chars`` (or beyond
    ``notebook_chars`` in all) is dropped before it is sent, and one line says so, in a message of
    its own. At each cell (IPython's ``pre_run_cell``) the count starts again and the streams'
    ``write`` is wrapped again: IPython 9 puts back the ``write`` it found when a cell ends.

    Without it the grader received a flood whole (one message per flush, every 0.2 s) before
    trimming it: one cell printing 200 MB took a grading worker to about 700 MB. With it, the
    stream's own buffer never holds more than ``cell_chars`` of a cell's text, so what the kernel
    sends is bounded. This runs in the student's process, which can undo it: the grader's own
    trimming (``BoundaryExecute.output``) stays the boundary; this only keeps honest floods cheap.
    """
    import sys
    import threading

    from IPython import get_ipython

    lock, inside = threading.RLock(), threading.local()
    count = {"cell": 0, "notebook": 0, "cut": False}
    mark = f"\n{TRIMMED_IN_KERNEL}{words}]\n"

    def capped(stream, write):
        def capped_write(text):
            if type(text) is not str or getattr(inside, "busy", False):
                return write(text)  # the stream's own TypeError; a nested cell's wrapper counts once
            inside.busy = True
            try:
                with lock:
                    room = min(cell_chars - count["cell"], notebook_chars - count["notebook"])
                    if len(text) <= room:
                        count["cell"] += len(text)
                        count["notebook"] += len(text)
                        return write(text)
                    if not count["cut"]:
                        count["cut"] = True
                        if room > 0:
                            count["cell"] += room
                            count["notebook"] += room
                            write(text[:room])
                        # The kept text and the mark in messages of their own: the grader keeps the
                        # first (it fits the grader's cap) and trims at the second.
                        stream.flush()
                        write(mark)
                        stream.flush()
                    return len(text)
            finally:
                inside.busy = False

        capped_write.autograde_cap = True
        return capped_write

    def start_cell(*_):
        with lock:
            count["cell"], count["cut"] = 0, False
        for stream in (sys.stdout, sys.stderr):
            try:
                if not getattr(stream.write, "autograde_cap", False):
                    stream.write = capped(stream, stream.write)
            except Exception:  # a stream the student's code replaced: the grader still trims
                pass

    get_ipython().events.register("pre_run_cell", start_cell)


def kernel_argv(connection_file: str, limits: Limits) -> list[str]:
    """ipykernel's command line, with ``cap_output`` run at start-up (in a namespace of its own, so
    that it defines nothing in the student's)."""
    import inspect

    from autograde.policy import output_caps

    words = output_caps(limits.cell_output_bytes, limits.notebook_output_bytes)
    source = (f"TRIMMED_IN_KERNEL = {TRIMMED_IN_KERNEL!r}\n" + inspect.getsource(cap_output)
              + f"cap_output({limits.cell_output_bytes}, {limits.notebook_output_bytes}, {words!r})\n")
    start = f"exec(compile({source!r}, '<autograde output caps>', 'exec'), {{'__name__': 'autograde_output'}})"
    return [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
            "--HistoryManager.hist_file=:memory:", f"--IPKernelApp.exec_lines={start}"]


USAGE_FILE = "usage.json"
# What the kernel writes to its own stdout and stderr (start-up messages, a crash, and every C-level
# write, which ipykernel also echoes there) goes to the grader's worker log: only its beginning.
KERNEL_LOG_BYTES = 64 * 1024


def usage(workspace: Path) -> dict[str, int]:
    """What the submission's kernels ran into in ``workspace``, summed over its kernels:
    ``oom_kills`` (processes killed for going over the memory limit) and ``forks_refused``
    (processes or threads not started at the process limit). Only known with a cgroup."""
    try:
        return json.loads((workspace / USAGE_FILE).read_text())
    except (OSError, ValueError):
        return {"oom_kills": 0, "forks_refused": 0}


def _reap_when_closed(pipe: int, group: Cgroup, workspace: Path) -> None:
    """In a process of its own (its own session: a SIGKILL to the kernel's process group misses
    it): wait until the launcher is gone, then record the cgroup's events and remove it."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        while os.read(pipe, 1):
            pass
    except OSError:
        pass
    try:
        seen = usage(workspace)
        for key, value in group.events().items():
            seen[key] = seen.get(key, 0) + value
        (workspace / USAGE_FILE).write_text(json.dumps(seen))
    finally:
        group.remove()
        os._exit(0)


def _keep_the_start_of(pipe: int, limit: int) -> None:
    """In a process of its own: copy the first ``limit`` bytes read from ``pipe`` to stderr (the
    worker's log, for the instructor) and drop the rest, so that a flood written straight to the
    kernel's file descriptors costs the host neither disk nor memory."""
    os.setsid()  # an interrupt or kill meant for the kernel's process group leaves the pipe drained
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    kept = dropped = 0
    try:
        while chunk := os.read(pipe, 1 << 16):
            keep = chunk[: max(0, limit - kept)]
            if keep:
                os.write(2, keep)
            kept, dropped = kept + len(keep), dropped + len(chunk) - len(keep)
        if dropped:
            os.write(2, f"\n[autograde: {dropped} more bytes of the kernel's own output dropped]\n".encode())
    except OSError:
        pass
    os._exit(0)


def _bounded_kernel_log() -> None:
    """Point this process's stdout and stderr (which the kernel inherits) at a pipe whose reader keeps
    KERNEL_LOG_BYTES of it."""
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.close(write_end)
        _keep_the_start_of(read_end, KERNEL_LOG_BYTES)
    os.close(read_end)
    for fd in (1, 2):
        os.dup2(write_end, fd)
    os.close(write_end)


def main(argv: list[str] | None = None) -> None:
    """Kernel launcher named in the kernelspec: limits, then the sandbox, then ipykernel.

    With a cgroup, the launcher forks: a reaper (waits for the launcher to go, then removes the
    cgroup), and the sandbox (joins the cgroup, then execs bubblewrap); the launcher forwards
    signals to the sandbox and exits with its status. Without, it execs the sandbox itself.
    """
    parser = argparse.ArgumentParser(prog="python -m autograde.sandbox")
    parser.add_argument("--workspace", type=Path, required=True)
    defaults = Limits()
    for field in fields(Limits):
        parser.add_argument(f"--{field.name.replace('_', '-')}", type=int, default=getattr(defaults, field.name))
    parser.add_argument("connection_file")
    args = parser.parse_args(argv)
    limits = Limits(**{field.name: getattr(args, field.name) for field in fields(Limits)})
    workspace = args.workspace.resolve()
    home = workspace / "home"
    kernel = kernel_argv(args.connection_file, limits)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "MPLCONFIGDIR": str(home / ".matplotlib"), "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "PYTHONDONTWRITEBYTECODE": "1", "NBGRADER_EXECUTION": "autograde",
           "LANG": "C.UTF-8", "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    # A sandboxed kernel must not inherit the grader's secrets: nothing else from os.environ.
    if level() == "bwrap":
        command, _ = bwrap_command(workspace, kernel, limits)
    else:
        os.chdir(home)
        command = kernel
    _bounded_kernel_log()  # first: the log keeper must hold no other pipe of the launcher's
    group = Cgroup.create(limits)
    if group is None:
        set_limits(limits)
        os.execvpe(command[0], command, env)
    keep, closed = os.pipe()  # the reaper reads EOF once the launcher is gone, however it went
    if os.fork() == 0:
        os.close(closed)
        _reap_when_closed(keep, group, workspace)
    os.close(keep)
    sandbox = os.fork()
    if sandbox == 0:
        try:
            group.join()
            set_limits(limits, cgroup=True)
            os.execvpe(command[0], command, env)
        finally:
            os._exit(127)

    def forward(signum, frame) -> None:
        try:
            os.kill(sandbox, signum)
        except ProcessLookupError:  # the sandbox has ended (and been waited for) already
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, forward)
    _, status = os.waitpid(sandbox, 0)
    code = os.waitstatus_to_exitcode(status)
    sys.exit(code if code >= 0 else 128 - code)  # killed by a signal: 128 + its number, as a shell says


if __name__ == "__main__":
    main()
