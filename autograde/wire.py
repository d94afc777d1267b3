"""The grading boundary's wire: plain data and handles between the checker and the sandbox.

Two peers talk over one Unix socket, in frames of 4-byte length + UTF-8 JSON. What crosses is

- ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``bytes``, and lists, tuples, dicts,
  sets of them (a dict crosses as its items; subclasses such as ``OrderedDict`` or a named tuple
  arrive as the plain type);
- NumPy arrays and scalars, and torch tensors, as raw bytes + dtype (from an allow-list) + shape,
  rebuilt by the receiver; torch dtypes and devices, ``torch.Size``, slices, ``...``;
- anything else as a *reference*: an id in the table of the peer that owns the object. The
  receiver gets a stand-in (``Remote`` in the checker, ``Callback`` in the sandbox) whose calls and
  attribute reads go back over the wire.

Nothing is unpickled and no constructor of the sender's choosing runs on the receiving side: a
decoded value is built only from ``json`` output by the code below. This module is also sent as
source into the sandboxed kernel (``autograde.agent``), so it imports only the standard library
at the top and NumPy/torch where they are needed.
"""
from __future__ import annotations

import base64
import json
import math
import select
import socket
import struct
import sys

MAX_FRAME = 64 * 1024 * 1024  # bytes of one message (about 48 MB of array data)
MAX_DEPTH = 64  # nesting of containers in one value
MAX_ITEMS = 1_000_000  # items of one container

NUMPY_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                "float16", "float32", "float64", "complex64", "complex128"}
TORCH_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "float16", "bfloat16", "float32",
                "float64", "complex64", "complex128", "float8_e4m3fn", "float8_e5m2"}
CHECKER, SANDBOX = "checker", "sandbox"


class WireError(Exception):
    """A message that breaks the protocol: too big, too deep, or not of a known shape."""


class PeerGone(Exception):
    """The other side closed the connection (its process ended) or the grader stopped waiting."""


class RemoteError(Exception):
    """An exception raised on the other side, when it is not a built-in exception type."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text) -> bytes:
    if not isinstance(text, str):
        raise WireError("bytes must travel as base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


class Codec:
    """Encodes values for the wire and decodes them, for one side (``CHECKER`` or ``SANDBOX``).

    ``table`` holds this side's objects that crossed as references (id -> object);
    ``stand_in(id, mro, name)`` makes the local stand-in (of type ``stand_in_type``, with a
    ``_wire_id``) for an object of the other side.
    """

    def __init__(self, side: str, stand_in, stand_in_type: type):
        self.side, self.stand_in, self.stand_in_type = side, stand_in, stand_in_type
        self.table: dict[int, object] = {}

    # Encoding: anything -> JSON-able structure.
    def encode(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} levels deep cannot be sent")
        kind = type(value)
        if value is None or kind in (bool, str):
            return value
        if kind is int:
            return value if abs(value) < 2 ** 63 else {"$": "int", "v": str(value)}
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if kind is complex:
            return {"$": "complex", "v": [self.encode(value.real), self.encode(value.imag)]}
        if kind in (bytes, bytearray):
            return {"$": "bytes", "v": _b64(bytes(value))}
        if kind is type(Ellipsis):
            return {"$": "ellipsis"}
        if kind is slice:
            return {"$": "slice", "v": [self.encode(value.start, depth + 1), self.encode(value.stop, depth + 1),
                                        self.encode(value.step, depth + 1)]}
        if kind is self.stand_in_type:  # the other side's object goes home as its id
            return {"$": "ref", "side": CHECKER if self.side == SANDBOX else SANDBOX, "id": value._wire_id}
        array = self._encode_array(value)
        if array is not None:
            return array
        if isinstance(value, (list, tuple, set, frozenset, dict)) and not callable(value):
            items = list(value.items()) if isinstance(value, dict) else list(value)
            if len(items) > MAX_ITEMS:
                raise WireError(f"a container of {len(items)} items is too large to send")
            if isinstance(value, dict):
                return {"$": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in items]}
            name = ("list" if isinstance(value, list) else "tuple" if isinstance(value, tuple)
                    else "frozenset" if isinstance(value, frozenset) else "set")
            if name == "tuple" and type(value).__name__ == "Size" and type(value).__module__.startswith("torch"):
                name = "size"
            return {"$": name, "v": [self.encode(item, depth + 1) for item in items]}
        return self.reference(value)

    def reference(self, value) -> dict:
        """Keep ``value`` on this side; send its id and what it is (for error messages and isinstance)."""
        key = id(value)
        self.table[key] = value
        kind = type(value)
        mro = [f"{c.__module__}:{c.__qualname__}" for c in getattr(kind, "__mro__", (kind,))][:32]
        return {"$": "ref", "side": self.side, "id": key, "mro": mro, "name": str(getattr(value, "__name__", ""))[:200]}

    def _encode_array(self, value):
        numpy = sys.modules.get("numpy")
        torch = sys.modules.get("torch")
        if torch is not None and isinstance(value, torch.Tensor):
            tensor = value.detach().cpu().contiguous()
            dtype = str(tensor.dtype).removeprefix("torch.")
            if dtype not in TORCH_DTYPES:
                return None
            raw = tensor.reshape(-1).view(torch.uint8) if tensor.numel() and dtype != "bool" else tensor.reshape(-1)
            data = bytes(raw.numpy().tobytes()) if tensor.numel() else b""
            return {"$": "tensor", "dtype": dtype, "shape": list(tensor.shape), "v": _b64(data),
                    "grad": bool(value.requires_grad)}
        if torch is not None and isinstance(value, torch.dtype):
            return {"$": "torch.dtype", "v": str(value).removeprefix("torch.")}
        if torch is not None and isinstance(value, torch.device):
            return {"$": "torch.device", "v": str(value)}
        if numpy is not None and isinstance(value, (numpy.ndarray, numpy.generic)):
            array = numpy.asarray(value)
            dtype = array.dtype.name
            if dtype not in NUMPY_DTYPES:
                return None
            kind = "ndarray" if isinstance(value, numpy.ndarray) else "numpy.scalar"
            return {"$": kind, "dtype": dtype, "shape": list(array.shape),
                    "v": _b64(numpy.ascontiguousarray(array).tobytes())}
        if numpy is not None and isinstance(value, numpy.dtype) and value.name in NUMPY_DTYPES:
            return {"$": "numpy.dtype", "v": value.name}
        return None

    # Decoding: JSON structure -> plain values, arrays, tensors, this side's objects and stand-ins.
    def decode(self, data, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
        if data is None or type(data) in (bool, int, str):
            return data
        if type(data) is float:
            return data
        if type(data) is list:
            raise WireError("a bare list is not a value on this wire")
        if type(data) is not dict or not isinstance(data.get("$"), str):
            raise WireError("not a value of this wire")
        tag, v = data["$"], data.get("v")
        if tag == "int":
            return int(str(v)[:5000])
        if tag == "float":
            if v not in ("nan", "inf", "-inf"):
                raise WireError("a float that is not finite must be nan, inf or -inf")
            return float(v)
        if tag == "complex":
            real, imag = (self.decode(part, depth + 1) for part in self._items(v, 2))
            return complex(float(real), float(imag))
        if tag == "bytes":
            return _unb64(v)
        if tag == "ellipsis":
            return Ellipsis
        if tag == "slice":
            return slice(*(self._plain_index(self.decode(x, depth + 1)) for x in self._items(v, 3)))
        if tag in ("list", "tuple", "set", "frozenset", "size"):
            items = [self.decode(item, depth + 1) for item in self._items(v)]
            if tag == "size":
                import torch
                return torch.Size([int(i) for i in items])
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            pairs = [self._items(pair, 2) for pair in self._items(v)]
            return {self.decode(k, depth + 1): self.decode(val, depth + 1) for k, val in pairs}
        if tag in ("ndarray", "numpy.scalar"):
            return self._decode_numpy(data, tag)
        if tag == "tensor":
            return self._decode_tensor(data)
        if tag == "numpy.dtype" and v in NUMPY_DTYPES:
            import numpy
            return numpy.dtype(v)
        if tag == "torch.dtype" and v in TORCH_DTYPES:
            import torch
            return getattr(torch, v)
        if tag == "torch.device" and isinstance(v, str) and len(v) < 64:
            import torch
            return torch.device(v)
        if tag == "ref":
            key = data.get("id")
            if type(key) is not int:
                raise WireError("a reference without an id")
            if data.get("side") == self.side:
                if key not in self.table:
                    raise WireError("a reference to an object this side does not hold")
                return self.table[key]
            mro = [str(m)[:300] for m in self._items(data.get("mro", []))][:32]
            return self.stand_in(key, mro, str(data.get("name", ""))[:200])
        raise WireError(f"unknown kind of value {tag[:40]!r}")

    @staticmethod
    def _items(v, count: int | None = None) -> list:
        if type(v) is not list or (count is not None and len(v) != count) or len(v) > MAX_ITEMS:
            raise WireError("a container of the wrong shape")
        return v

    @staticmethod
    def _plain_index(x):
        if x is not None and type(x) is not int:
            raise WireError("slice bounds must be integers or None")
        return x

    @staticmethod
    def _shape(data) -> tuple[int, ...]:
        shape = data.get("shape")
        if type(shape) is not list or len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
            raise WireError("an array shape must be a list of at most 32 non-negative integers")
        return tuple(shape)

    def _decode_numpy(self, data, tag):
        import numpy
        if data.get("dtype") not in NUMPY_DTYPES:
            raise WireError("an array of a dtype this wire does not carry")
        dtype, shape, raw = numpy.dtype(data["dtype"]), self._shape(data), _unb64(data.get("v"))
        if len(raw) != math.prod(shape) * dtype.itemsize:
            raise WireError("an array whose bytes do not match its shape and dtype")
        array = numpy.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if tag == "numpy.scalar":
            if shape != ():
                raise WireError("a NumPy scalar must have shape ()")
            return array[()]
        return array

    def _decode_tensor(self, data):
        import torch
        if data.get("dtype") not in TORCH_DTYPES:
            raise WireError("a tensor of a dtype this wire does not carry")
        dtype, shape, raw = getattr(torch, data["dtype"]), self._shape(data), _unb64(data.get("v"))
        itemsize = torch.empty((), dtype=dtype).element_size()
        if len(raw) != math.prod(shape) * itemsize:
            raise WireError("a tensor whose bytes do not match its shape and dtype")
        if not raw:
            tensor = torch.empty(shape, dtype=dtype)
        else:
            tensor = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(dtype).reshape(shape).clone()
        if data.get("grad") is True and (tensor.is_floating_point() or tensor.is_complex()):
            tensor.requires_grad_(True)
        return tensor


import builtins as _builtins  # noqa: E402

BUILTIN_ERRORS = {name: error for name, error in vars(_builtins).items()
                  if isinstance(error, type) and issubclass(error, Exception)}


def error_to_wire(error: BaseException) -> dict:
    return {"type": type(error).__name__[:100], "message": str(error)[:4000]}


def error_from_wire(data) -> Exception:
    """A built-in exception type is raised as itself (tests catch ValueError); others as RemoteError."""
    if type(data) is not dict:
        return RemoteError("the other side failed and did not say why")
    name, message = str(data.get("type", "Exception"))[:100], str(data.get("message", ""))[:4000]
    error = BUILTIN_ERRORS.get(name)
    if error is not None and not issubclass(error, (SystemExit, KeyboardInterrupt)):
        try:
            return error(message)
        except Exception:
            pass
    return RemoteError(f"{name}: {message}" if message else name)


def send_message(sock: socket.socket, message: dict) -> None:
    """One frame: 4-byte big-endian length, then the message as UTF-8 JSON."""
    body = json.dumps(message, allow_nan=False).encode("utf-8")
    if len(body) > MAX_FRAME:
        raise WireError(f"a message of {len(body)} bytes is larger than {MAX_FRAME}")
    sock.sendall(struct.pack(">I", len(body)) + body)


def _read(sock: socket.socket, count: int, abort: int | None) -> bytes:
    chunks, left = [], count
    while left:
        if abort is not None:
            ready, _, _ = select.select([sock, abort], [], [])
            if abort in ready and sock not in ready:
                raise PeerGone("the grader stopped waiting for the notebook's kernel")
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise PeerGone("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive_message(sock: socket.socket, abort: int | None = None) -> dict:
    """Read exactly one frame (never more, so that ``select`` on the socket stays truthful)."""
    (size,) = struct.unpack(">I", _read(sock, 4, abort))
    if size > MAX_FRAME:
        raise WireError(f"a message of {size} bytes is larger than {MAX_FRAME}")
    try:
        message = json.loads(_read(sock, size, abort).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise WireError(f"a message that is not JSON of this wire ({type(error).__name__})") from None
    if type(message) is not dict:
        raise WireError("a message must be a JSON object")
    return message


class Peer:
    """One end of the connection: send requests, answer the other side's requests in the meantime.

    ``handle(message) -> value`` answers a request of the other side (its return value is encoded;
    an exception it raises is sent back and raised there). ``abort`` is an optional file
    descriptor: when it becomes readable while this side waits, ``PeerGone`` is raised.
    """

    def __init__(self, sock: socket.socket, codec: Codec, handle, abort: int | None = None):
        self.sock, self.codec, self.handle, self.abort = sock, codec, handle, abort
        self.finished = False

    def send(self, message: dict) -> None:
        send_message(self.sock, message)

    def receive(self) -> dict:
        return receive_message(self.sock, self.abort)

    def request(self, op: str, **fields):
        """Send a request and wait for its answer, serving the other side's requests meanwhile."""
        self.send({"op": op, **fields})
        return self.wait_for_answer()

    def wait_for_answer(self):
        while True:
            message = self.receive()
            if "answer" in message:
                return self.codec.decode(message["answer"])
            if "raise" in message:
                raise error_from_wire(message["raise"])
            self.answer(message)
            if self.finished:
                raise PeerGone("the other side ended the conversation")

    def answer(self, message: dict) -> None:
        """Serve one request of the other side."""
        if message.get("op") == "done":
            self.finished = True
            return
        try:
            value = self.codec.encode(self.handle(message))
        except (Exception, SystemExit) as error:  # the other side sees it as its own exception
            self.send({"raise": error_to_wire(error)})
            return
        self.send({"answer": value})

    def serve(self) -> None:
        """Answer requests until the other side says it is done."""
        while not self.finished:
            self.answer(self.receive())
