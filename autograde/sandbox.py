"""Run a student's kernel in a sandbox; also the kernel launcher itself (``python -m autograde.sandbox``).

Two levels, chosen automatically (``level()``), the README says what each protects against:

- ``bwrap``: bubblewrap (Debian package ``bubblewrap``) puts the kernel in new user, PID, network,
  IPC and mount namespaces, with no capabilities. It sees only what runs Python (``/usr``, the
  interpreter and its packages, the course's helper package, a few files of ``/etc``) read-only,
  a private empty ``/tmp``, and one writable home folder of its own. The solutions, the hidden
  tests, the gradebook and the other students' work are not there. There is no network.
- ``rlimits``: no bubblewrap. The kernel still gets the resource limits and a private working
  folder, but it can read what the grading user can read and it can use the network.

Both levels set resource limits on the kernel process: address space (memory), CPU seconds, size
of a written file and no core dumps. The kernel talks to the grader over Unix sockets in the
submission's own runtime folder (``KernelManager.transport = "ipc"``), which is why it needs no
network at all.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograde.course import REPO

KERNEL_NAME = "autograde-sandbox"
# Files of /etc that Python, NumPy, PyTorch and Matplotlib read; /etc as a whole holds secrets.
ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "localtime", "passwd", "group",
             "nsswitch.conf", "hosts", "mime.types", "ssl", "alternatives", "matplotlibrc"]


@dataclass(frozen=True)
class Limits:
    """What one submission's kernel may use."""

    memory_mb: int = 4096  # address space; importing PyTorch alone maps about 1 GB
    cpu_seconds: int = 600  # CPU time over the kernel's whole life, all threads
    file_mb: int = 256  # largest file it may write


@functools.lru_cache(maxsize=None)
def level() -> str:
    """``"bwrap"`` when bubblewrap is installed and can make namespaces here, else ``"rlimits"``."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "rlimits"
    trial = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--unshare-user",
                            "--die-with-parent", "true"], capture_output=True)
    return "bwrap" if trial.returncode == 0 else "rlimits"


def explain_level() -> str:
    if level() == "bwrap":
        return "sandbox: bubblewrap (no network, no access to solutions, tests or gradebook)"
    return ("sandbox: resource limits only; install bubblewrap (Debian/Ubuntu: apt-get install "
            "bubblewrap) so that student code cannot read your files or use the network")


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
    argv = [sys.executable, "-m", "autograde.sandbox", "--workspace", str(workspace),
            "--memory-mb", str(limits.memory_mb), "--cpu-seconds", str(limits.cpu_seconds),
            "--file-mb", str(limits.file_mb), "{connection_file}"]
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


def bwrap_command(workspace: Path, kernel: list[str]) -> list[str]:
    """The bubblewrap command line that runs ``kernel`` with ``workspace``'s home and runtime only."""
    command = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
               "--cap-drop", "ALL"]
    if os.geteuid() == 0:  # never root inside, even a root without capabilities
        command += ["--uid", "65534", "--gid", "65534"]
    for top in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"]:
        command += ["--ro-bind-try", top, top]
    for name in ETC_FILES:
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    command += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]  # before the binds: they may be in /tmp
    for path in _visible_paths():
        command += ["--ro-bind", path, path]
    for rw in ("home", "runtime"):
        command += ["--bind", str(workspace / rw), str(workspace / rw)]
    return command + ["--chdir", str(workspace / "home"), "--", *kernel]


def set_limits(limits: Limits) -> None:
    """Resource limits for this process and what it starts (the kernel)."""
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> None:
    """Kernel launcher named in the kernelspec: limits, then the sandbox, then ipykernel."""
    parser = argparse.ArgumentParser(prog="python -m autograde.sandbox")
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--file-mb", type=int, required=True)
    parser.add_argument("connection_file")
    args = parser.parse_args(argv)
    home = args.workspace / "home"
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", args.connection_file,
              "--HistoryManager.hist_file=:memory:"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "MPLCONFIGDIR": str(home / ".matplotlib"), "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "PYTHONDONTWRITEBYTECODE": "1", "NBGRADER_EXECUTION": "autograde",
           "LANG": "C.UTF-8", "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    # A sandboxed kernel must not inherit the grader's secrets: nothing else from os.environ.
    set_limits(Limits(args.memory_mb, args.cpu_seconds, args.file_mb))
    if level() == "bwrap":
        command = bwrap_command(args.workspace, kernel)
    else:
        os.chdir(home)
        command = kernel
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main()
