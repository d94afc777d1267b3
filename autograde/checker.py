"""Checker side of the grading boundary: every test cell runs here, never in the student's process.

    python -m autograde.checker SOCKET

One checker server per batch (``start``), shared by its grading workers, imports the oracles
(NumPy, PyTorch) once, then forks a fresh child for every submission (``socketserver.ForkingMixIn``),
so no state leaks between students and no import is paid twice. A child never executes student
code. It runs the lab's own parameters and setup cells, then each test cell, in a namespace where
every name that the grader's code did not bind and that is not a built-in is looked up in the
student's kernel through ``autograde.agent``. What comes back is plain data (``autograde.wire``) or
a ``Remote`` handle whose calls go back to the kernel. A test's verdict, its printed text and its
error come from here alone.

The control connection from the grading worker (``autograde.execute``) carries frames of:
``begin`` (setup sources, the lab's answer names, the agent socket path), ``test`` (a test cell's
source), ``kernel_done`` (the kernel's serve cell ended) -> the test's outputs, ``end``.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import importlib
import inspect
import io
import linecache
import os
import signal
import socket
import socketserver
import subprocess
import sys
import textwrap
import traceback
import warnings
from pathlib import Path

from autograde.wire import (CHECKER, Codec, Peer, PeerGone, RemoteError, WireError, receive_message,
                            send_message)

MAX_OUTPUT = 20_000  # characters of printed text kept per test cell
BUILTIN_NAMES = frozenset(vars(builtins))
# isinstance(handle, nn.Module) may be True when the object in the kernel says so; a handle never
# poses as an array or a tensor, which always cross by value.
CLAIMABLE_PACKAGES = ("torch", "numpy")


class Remote:
    """Stand-in for an object that stays in the student's kernel: calls and reads go over the wire."""

    __slots__ = ("_wire_id", "_session", "_mro", "_name", "_epoch")

    def __init__(self, session: "Session", key: int, mro: list[str], name: str):
        for slot, value in zip(self.__slots__, (key, session, mro, name, session.epoch)):
            object.__setattr__(self, slot, value)

    def _ask(self, op: str, **fields):
        session = object.__getattribute__(self, "_session")
        if object.__getattribute__(self, "_epoch") != session.epoch:
            raise RuntimeError("a student object from an earlier test cell was used after that cell ended")
        return session.ask(op, target=self, **fields)

    def __call__(self, *args, **kwargs):
        return self._ask("call", args=list(args), kwargs=kwargs)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # protocol probes (copy, numpy, pickle) get no answer from the kernel
        return self._ask("getattr", name=name)

    def __setattr__(self, name: str, value) -> None:
        self._ask("setattr", name=name, value=value)

    def __getitem__(self, key):
        return self._ask("getitem", key=key)

    def __setitem__(self, key, value) -> None:
        self._ask("setitem", key=key, value=value)

    def __len__(self) -> int:
        return _exactly(int, self._ask("len"), "len()")

    def __bool__(self) -> bool:
        return _exactly(bool, self._ask("bool"), "bool()")

    def __contains__(self, key) -> bool:
        return _exactly(bool, self._ask("contains", key=key), "'in'")

    def __iter__(self):
        return iter(_exactly(list, self._ask("iter"), "iteration"))

    def __repr__(self) -> str:
        return _exactly(str, self._ask("repr"), "repr()")

    def __str__(self) -> str:
        return _exactly(str, self._ask("str"), "str()")

    @property
    def __class__(self):
        """The nearest PyTorch or NumPy class the object claims, so that ``isinstance`` checks work."""
        for entry in object.__getattribute__(self, "_mro"):
            module, _, qualname = entry.partition(":")
            if module.split(".")[0] not in CLAIMABLE_PACKAGES or module not in sys.modules:
                continue
            found = sys.modules[module]
            for part in qualname.split("."):
                found = getattr(found, part, None)
            numpy, torch = sys.modules.get("numpy"), sys.modules.get("torch")
            by_value = tuple(t for t in (getattr(numpy, "ndarray", None), getattr(torch, "Tensor", None)) if t)
            if isinstance(found, type) and not issubclass(found, by_value):
                return found
        return Remote


def _exactly(kind: type, value, what: str):
    if type(value) is not kind:
        raise TypeError(f"{what} of a student object must give a {kind.__name__}, got {type(value).__name__}")
    return value


class TestNamespace(dict):
    """Globals of the checker's cells: the grader's names here, the student's looked up in the kernel.

    A name is looked up in the kernel when the grader's code has not bound it, it is not a built-in
    and it does not start with ``_`` (the tests' own names), so a student's ``len`` or ``np`` can
    never stand in for the checker's. Assigning one of
    the lab's answer names (``softmax = reference``) also assigns it in the kernel, so that the
    student's other functions call the reference, as in the student's own notebook.
    """

    def __init__(self, session: "Session", answer_names: frozenset[str]):
        super().__init__(__builtins__=builtins.__dict__, __name__="__main__")
        self.session, self.answer_names = session, answer_names

    def __missing__(self, name: str):
        # A test's own names start with "_": one that an earlier, stopped test cell did not get to
        # define must stay undefined, never be read from the kernel (where the student could make it).
        if name in BUILTIN_NAMES or name.startswith("_"):
            raise KeyError(name)
        try:
            return self.session.ask("get", name=name)
        except NameError:
            raise KeyError(name) from None

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name) -> bool:
        return self.get(name, _ABSENT) is not _ABSENT

    def __setitem__(self, name: str, value) -> None:
        super().__setitem__(name, value)
        if name in self.answer_names:
            self.session.ask("set", name=name, value=value)

    def forget_answers(self) -> None:
        """Before each test cell: the student's answers are read afresh from the kernel."""
        for name in self.answer_names:
            super().pop(name, None)


_ABSENT = object()


class Session:
    """One submission: the grader's setup, then its test cells, each answered by the kernel."""

    def __init__(self, control: socket.socket):
        self.control = control
        self.epoch = 0
        self.listener: socket.socket | None = None
        self.peer: Peer | None = None
        self.namespace: TestNamespace | None = None
        self.cells = 0

    # The conversation with the kernel's agent.
    def _stand_in(self, key: int, mro: list[str], name: str) -> Remote:
        return Remote(self, key, mro, name)

    def _agent(self) -> Peer:
        """The agent of the current test cell, waiting for its serve cell to connect if needed."""
        if self.peer is None:
            import select

            ready, _, _ = select.select([self.listener, self.control], [], [])
            if self.listener not in ready:
                raise PeerGone("the notebook's kernel did not answer the grader (was the kernel replaced?)")
            connection, _ = self.listener.accept()
            codec = Codec(CHECKER, self._stand_in, Remote)
            self.peer = Peer(connection, codec, self._answer_callback, abort=self.control.fileno())
        return self.peer

    def ask(self, op: str, **fields):
        peer = self._agent()
        encoded = {key: (value if key == "name" else peer.codec.encode(value)) for key, value in fields.items()}
        return peer.request(op, **encoded)

    def _answer_callback(self, message: dict):
        """The student's code called a grader object it was given (e.g. a reference softmax)."""
        codec = self.peer.codec
        target = codec.decode(message.get("target"))
        if message.get("op") == "call":
            return target(*codec.decode(message.get("args")), **codec.decode(message.get("kwargs")))
        if message.get("op") == "getattr" and isinstance(message.get("name"), str):
            if message["name"].startswith("_"):
                raise AttributeError(message["name"])
            return getattr(target, message["name"])
        raise WireError("the kernel may only call the grader's objects or read their public attributes")

    def run_student_side(self, function, args: tuple, kwargs: dict):
        """An ``attention_course.grading.student_side`` check: its source runs in the kernel."""
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        definition = tree.body[0]
        definition.decorator_list = []
        return self.ask("run", source=ast.unparse(tree), name=definition.name, args=list(args), kwargs=kwargs)

    def _finish_test(self) -> None:
        """Tell the serve cell to stop and wait for the worker's word that the kernel is done."""
        try:
            if self.peer is None:
                self._agent()
            self.peer.send({"op": "done"})
        except (OSError, PeerGone, WireError):
            pass
        if self.peer is not None:
            self.peer.sock.close()
        self.peer = None
        self.epoch += 1

    # Running the grader's cells.
    def run_cell(self, source: str, label: str) -> dict:
        """Execute one grader cell here; return its outputs and whether it passed."""
        self.cells += 1
        filename = f"<{label}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        printed = io.StringIO()
        error = None
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self.namespace.forget_answers()
                exec(compile(source, filename, "exec"), self.namespace, self.namespace)
            except Exception as raised:  # a failing test: its error is the verdict
                error = raised
        text = printed.getvalue()
        text += "".join(f"{w.category.__name__}: {w.message}\n" for w in caught)
        outputs = []
        if text:
            if len(text) > MAX_OUTPUT:
                text = text[:MAX_OUTPUT] + f"\n[... {len(text) - MAX_OUTPUT} more characters not kept]\n"
            outputs.append({"output_type": "stream", "name": "stdout", "text": text})
        if error is not None:
            outputs.append(_error_output(error, filename))
        return {"outputs": outputs, "passed": error is None}

    def serve(self) -> None:
        while True:
            try:
                message = receive_message(self.control)
            except PeerGone:
                return
            op = message.get("op")
            if op == "begin":
                self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                path = message["socket"]
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                self.listener.bind(path)
                os.chmod(path, 0o777)  # the kernel runs as another user in the sandbox
                self.listener.listen(4)
                self.namespace = TestNamespace(self, frozenset(message["answer_names"]))
                with contextlib.suppress(ImportError):
                    from attention_course import grading

                    grading._runner = self.run_student_side
                results = [self.run_cell(source, f"grader cell {i}") for i, source in enumerate(message["setup"])]
                send_message(self.control, {"setup": results, "pid": os.getpid()})
            elif op == "test":
                result = self.run_cell(message["source"], f"test cell {message.get('grade_id', '')}")
                self._finish_test()
                done = receive_message(self.control)  # the worker: the kernel's serve cell ended
                if done.get("op") != "kernel_done":
                    raise WireError("expected kernel_done")
                send_message(self.control, result)
            elif op == "end":
                return


def _error_output(error: BaseException, filename: str) -> dict:
    """An nbformat error output that shows only the test cell's own lines, not the grader's files."""
    if isinstance(error, PeerGone):
        name, message = "KernelDidNotAnswer", str(error)
    elif isinstance(error, RemoteError):
        name, message = "StudentCodeError", str(error)
    else:
        name, message = type(error).__name__, str(error)
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename.startswith("<test cell") or frame.filename.startswith("<grader cell")]
    lines = [f"  line {frame.lineno}: {frame.line}" for frame in frames]
    return {"output_type": "error", "ename": name, "evalue": message,
            "traceback": [*lines, f"\x1b[0;31m{name}\x1b[0m: {message}"]}


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:  # runs in the forked child: one submission
        Session(self.request).serve()


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    """Forks a fresh checker for each submission, for as long as the process that started it lives."""

    block_on_close = False
    started_by: int | None = None  # the process that started the server (``main``)

    def service_actions(self) -> None:
        super().service_actions()  # reaps the children that have finished
        if self.started_by is not None and os.getppid() != self.started_by:
            raise SystemExit(0)  # the batch that started it is gone (killed): so is the reason to serve


def start(folder: Path, log: Path | None = None, optimizers: bool = True) -> tuple[subprocess.Popen, str]:
    """Start a checker server, in a session of its own so that ``stop`` ends its children with it, its
    stderr to ``log``; return it and its socket's path (in ``folder``). It imports for seconds:
    ``wait_until_ready`` before the first submission connects. ``optimizers``: whether the tests it
    will run make PyTorch optimizers (``Lab.tests_make_optimizers``; see ``warm_up``)."""
    from autograde.course import REPO

    address = str(folder / "checker.sock")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    with open(log, "a") if log else contextlib.nullcontext() as errors:
        process = subprocess.Popen([sys.executable, "-m", "autograde.checker", address,
                                    *(["--optimizers"] if optimizers else [])], cwd=REPO, env=env,
                                   stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True)
    return process, address


def wait_until_ready(process: subprocess.Popen) -> None:
    if process.stdout.readline().strip() != "ready":
        stop(process)
        raise RuntimeError("the checker did not start")


def stop(process: subprocess.Popen) -> None:
    """End a checker server and every checker it forked (a child whose worker was killed may remain)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def warm_up(optimizers: bool = True) -> None:
    """Import the oracles once, before any fork, and pay PyTorch's first-use costs here (the first
    backward pass and optimizer step load lazily imported modules), not once per submission.

    ``optimizers``: also make and step an optimizer. The first one PyTorch makes imports
    ``torch._dynamo`` (about 800 modules, a second of CPU): worth it before the forks only when the
    tests make optimizers, wasted for the labs whose tests do not."""
    for module in ("numpy", "torch", "torch.nn", "torch.nn.functional", "matplotlib", "attention_course"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    import matplotlib

    matplotlib.use("Agg")
    with contextlib.suppress(ImportError):
        import torch

        # One thread: no thread pool exists when the children are forked, and checkers of parallel
        # workers do not compete for the cores the kernels need.
        torch.set_num_threads(1)
        layer = torch.nn.Linear(4, 4)
        attention = torch.nn.MultiheadAttention(4, 2, batch_first=True)
        x = torch.randn(2, 3, 4)
        loss = layer(x).sum() + attention(x, x, x)[0].sum()
        loss = loss + torch.nn.functional.scaled_dot_product_attention(x, x, x).sum()
        loss.backward()
        if optimizers:
            torch.optim.AdamW(layer.parameters()).step()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograde.checker")
    parser.add_argument("socket", type=Path)
    parser.add_argument("--optimizers", action="store_true", help="the tests make PyTorch optimizers")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    warm_up(args.optimizers)
    with contextlib.suppress(FileNotFoundError):
        args.socket.unlink()
    with Server(str(args.socket), _Handler) as server:
        server.started_by = os.getppid()
        print("ready", flush=True)
        server.serve_forever(poll_interval=1.0)


if __name__ == "__main__":
    main()
