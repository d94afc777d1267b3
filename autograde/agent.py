"""Sandbox side of the grading boundary: answers the checker from inside the student's kernel.

While a test cell is graded, the kernel runs a *serve cell* (``serve_cell_source``): it connects to
the checker's socket and answers its requests on the student's names (read a global, call a
function, read an attribute, run a student-side check) until the checker says it is done. Values
travel through ``autograde.wire``. Everything here runs in the student's process and so can be
changed by the student's code: that can only change what the student's own functions appear to
return, never how the checker compares it. The source of this module and of ``wire`` is sent into
the kernel with each serve cell; nothing of the grader needs to be importable in the sandbox.
"""
from __future__ import annotations

import socket
from pathlib import Path

try:  # as a module of the grader; in the kernel, wire's code is sent just before this one
    from autograde.wire import MAX_ITEMS, SANDBOX, Codec, Peer, WireError
except ImportError:  # pragma: no cover - only inside the kernel
    pass


class Callback:
    """Stand-in for a checker object handed to student code (e.g. a reference softmax to call)."""

    __slots__ = ("_wire_id", "_peer", "_name")

    def __init__(self, peer, key: int, name: str):
        self._wire_id, self._peer, self._name = key, peer, name

    def __call__(self, *args, **kwargs):
        if self._peer.finished:
            raise RuntimeError(f"the grader's {self._name or 'function'} is only available while a test runs")
        return self._peer.request("call", target=self._peer.codec.encode(self),
                                  args=self._peer.codec.encode(list(args)),
                                  kwargs=self._peer.codec.encode(kwargs))

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._peer.request("getattr", target=self._peer.codec.encode(self), name=name)

    def __repr__(self) -> str:
        return f"<grader's {self._name or 'object'}>"


def _names(message: dict, key: str = "name") -> str:
    name = message.get(key)
    if type(name) is not str or not name.isidentifier():
        raise WireError("a name must be an identifier")
    return name


def handle(message: dict, codec, user_ns: dict):
    """Answer one request of the checker on the student's namespace ``user_ns``."""
    op = message.get("op")
    value = lambda key: codec.decode(message.get(key))  # noqa: E731
    if op == "get":
        name = _names(message)
        if name not in user_ns:
            raise NameError(f"name '{name}' is not defined")
        return user_ns[name]
    if op == "set":
        user_ns[_names(message)] = value("value")
        return None
    if op == "call":
        return value("target")(*value("args"), **value("kwargs"))
    if op == "getattr":
        return getattr(value("target"), _names(message))
    if op == "setattr":
        setattr(value("target"), _names(message), value("value"))
        return None
    if op == "getitem":
        return value("target")[value("key")]
    if op == "setitem":
        value("target")[value("key")] = value("value")
        return None
    if op == "len":
        return int(len(value("target")))
    if op == "bool":
        return bool(value("target"))
    if op == "contains":
        return bool(value("key") in value("target"))
    if op == "iter":
        items = []
        for item in value("target"):
            items.append(item)
            if len(items) > MAX_ITEMS:
                raise WireError("too many items to send")
        return items
    if op in ("repr", "str"):
        text = repr(value("target")) if op == "repr" else str(value("target"))
        return str(text)[:4000]
    if op == "run":  # a student-side check: the grader's function, run beside the student's code
        namespace = dict(user_ns)
        exec(compile(str(message.get("source")), "<student-side check>", "exec"), namespace)
        return namespace[_names(message)](*value("args"), **value("kwargs"))
    raise WireError(f"unknown request {str(op)[:40]!r}")


def serve(path: str, user_ns: dict) -> None:
    """Connect to the checker at ``path`` and answer its requests until it is done."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    peer = None
    codec = Codec(SANDBOX, lambda key, mro, name: Callback(peer, key, name), Callback)
    peer = Peer(sock, codec, lambda message: handle(message, codec, user_ns))
    try:
        peer.serve()
    finally:
        sock.close()


_SOURCE = None


def serve_cell_source(path: str) -> str:
    """The code of a serve cell: this module and ``wire``, then ``serve`` on the kernel's globals.

    It defines nothing in the student's namespace.
    """
    global _SOURCE
    if _SOURCE is None:
        here = Path(__file__).resolve().parent
        agent = (here / "agent.py").read_text().replace("from __future__ import annotations\n", "")
        _SOURCE = (here / "wire.py").read_text() + "\n" + agent
    return (f"exec(compile({_SOURCE!r}, '<autograde agent>', 'exec'), __autograde := {{'__name__': 'autograde_agent'}})\n"
            f"__autograde['serve']({path!r}, globals())\n"
            "del __autograde")
