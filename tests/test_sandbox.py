"""The kernel sandbox on its own: what a sandboxed kernel can see, reach and use."""
import os
import queue

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


def run_in_sandbox(workspace, code, limits=sandbox.Limits(memory_mb=2048)):
    config = Config()
    env = sandbox.prepare(workspace, limits, config)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        km = KernelManager(kernel_name=sandbox.KERNEL_NAME, config=config)
        km.start_kernel()
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        printed = []
        client.execute_interactive(code, timeout=60, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        client.stop_channels()
        km.shutdown_kernel(now=True)
        return "".join(printed)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


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
    assert (tmp_path / "ws" / "home" / "scratch.txt").read_text() == "mine"


def test_resource_limits_apply_at_every_level(tmp_path):
    report = eval(run_in_sandbox(tmp_path / "ws", "PATHS = []\n" + PROBE))
    assert report["memory"] == 2048 * 1024 * 1024
