"""Detect a submission that tampers with what the tests rely on.

Tests run in the student's kernel, after the student's code, so a submission can make failing
tests pass: replace ``numpy.testing.assert_allclose`` or ``torch.testing.assert_close`` by a
function that does nothing, redefine ``abs`` or ``isinstance``, patch ``torch.Tensor.__eq__``,
rebind ``np`` to a fake module, or install a trace function that does any of this later.

The grader injects a *guard cell* at the start of the notebook (before any student code), right
after the setup cell, and right before and after every test cell. A guard cell prints one line,
a fingerprint of the identities of those objects. The grader compares the fingerprints outside
the kernel, after the run: a test cell whose guards do not print the baseline fingerprint, print
nothing or fail is not trusted, and scores nothing.

What it does not stop: code written against this guard in particular (for example a patched
``id`` that lies about the patched objects). The sandbox still confines such code, and the
autograded notebook keeps the evidence for a human to see.
"""
from __future__ import annotations

import ast

MARK = "AUTOGRADE-GUARD"

# Objects tests use to decide pass or fail, by module; ``*`` means every attribute in the module.
WATCHED = {
    "builtins": ["abs", "all", "any", "bool", "callable", "dict", "divmod", "enumerate", "float",
                 "getattr", "hasattr", "hash", "id", "int", "isinstance", "issubclass", "iter", "len",
                 "list", "map", "max", "min", "next", "pow", "print", "range", "repr", "round", "set",
                 "sorted", "str", "sum", "tuple", "type", "vars", "zip", "AssertionError", "Exception",
                 "__import__", "exec", "compile"],
    "math": ["isclose", "isfinite", "isnan", "sqrt", "exp", "log", "fabs", "inf", "pi"],
    "numpy": ["allclose", "isclose", "array_equal", "array", "asarray", "abs", "all", "any", "max",
              "min", "sum", "isfinite", "isnan", "ndarray", "testing", "linalg"],
    "numpy.testing": ["*"],
    "numpy.linalg": ["norm"],
    "torch": ["allclose", "isclose", "equal", "tensor", "as_tensor", "abs", "all", "any", "max",
              "isfinite", "isnan", "testing", "Tensor", "no_grad", "float64", "float32"],
    "torch.testing": ["*"],
    "torch.Tensor": ["*"],
}


def guard_source(names: list[str], libraries: list[str]) -> str:
    """A guard cell's source: it prints ``MARK <crc of watched objects> <crc of names>``.

    ``names``: names the setup cell binds to modules; ``libraries``: which of numpy and torch the
    lab uses (a NumPy-only lab should not pay for importing PyTorch). The code relies on nothing
    in the student's namespace.
    """
    watched = {module: attributes for module, attributes in WATCHED.items()
               if module.split(".")[0] in ("builtins", "math", *libraries)}
    return f"""\
def __autograde_fingerprint(watched={watched!r}, names={names!r}):
    import importlib, sys, zlib
    ids = []
    for module_name, attributes in sorted(watched.items()):
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            owner = getattr(importlib.import_module(module_name.rsplit(".", 1)[0]), module_name.rsplit(".", 1)[1], None) \\
                if "." in module_name and module_name.rsplit(".", 1)[0] in sys.modules else None
        if owner is None:
            continue
        found = {{a: v for a, v in vars(owner).items() if a != "__warningregistry__"}} if attributes == ["*"] \\
            else {{a: getattr(owner, a, None) for a in attributes}}
        ids += [(module_name, a, id(v)) for a, v in sorted(found.items(), key=lambda kv: kv[0])]
    ids += [("trace", id(sys.gettrace())), ("profile", id(sys.getprofile()))]
    user = sys.modules["__main__"].__dict__
    bound = [(n, id(user[n])) for n in names if type(user.get(n)) is type(sys)]  # modules only
    print("{MARK}", zlib.crc32(repr(ids).encode()), zlib.crc32(repr(bound).encode()))
__autograde_fingerprint()
del __autograde_fingerprint"""


def module_names(setup_source: str) -> list[str]:
    """Names the setup cell binds to imported modules (``np``, ``torch``, ``F``, ...), sorted."""
    names = []
    for node in ast.walk(ast.parse(setup_source)):
        if isinstance(node, ast.Import):
            names += [alias.asname or alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [alias.asname or alias.name for alias in node.names]  # F, or a function
    return sorted(set(names))


def libraries(sources: list[str]) -> list[str]:
    """Which of numpy and torch a lab imports anywhere (its cells' sources)."""
    imported = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    return [name for name in ("numpy", "torch") if name in imported]


def read_fingerprint(cell) -> tuple[str, str] | None:
    """The (modules, names) fingerprint a guard cell printed, or None if it printed none or failed."""
    if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
        return None
    text = "".join(out.get("text", "") for out in cell.get("outputs", [])
                   if out.get("output_type") == "stream" and out.get("name") == "stdout")
    lines = [line.split() for line in text.splitlines() if line.startswith(MARK)]
    if len(lines) != 1 or len(lines[0]) != 3:
        return None
    return lines[0][1], lines[0][2]
