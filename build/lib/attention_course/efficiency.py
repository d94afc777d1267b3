"""Measuring helpers for Chapter 8: peak memory of a call, on a CPU or a GPU, and robust timing.

Plumbing only: no graded solution lives here.

On a GPU, peak memory is what PyTorch's caching allocator reports
(``torch.cuda.max_memory_allocated``). On a CPU PyTorch keeps no such statistic, so
:class:`LiveTensorBytes` counts it itself: a ``TorchDispatchMode`` sees every tensor that
every PyTorch operation returns, adds the bytes of each new storage when it appears and
subtracts them when the last Python tensor using that storage is freed. What it does not
see are buffers that a fused kernel allocates internally and frees before returning (the
small per-thread tiles of ``scaled_dot_product_attention``'s CPU kernel, for example), so on
a CPU it is a lower bound for such kernels and exact for code written with PyTorch operations.
"""
from __future__ import annotations

import statistics
import time
import weakref

import torch
from torch.utils._python_dispatch import TorchDispatchMode

__all__ = ["LiveTensorBytes", "peak_memory", "time_call"]


def _tensors(obj):
    """The tensors inside nested tuples, lists and dicts (a small, fast tree flatten)."""
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _tensors(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _tensors(item)


class LiveTensorBytes(TorchDispatchMode):
    """Track the bytes of tensor storages created inside the ``with`` block.

    ``current`` is the number of bytes still alive, ``peak`` the largest value it reached.
    Storages that existed before the block (the inputs) are not counted.
    """

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        # PyTorch would otherwise wrap __torch_dispatch__ to keep torch.compile out of it, importing
        # torch._dynamo (seconds) on first use; nothing is compiled while this mode is active.
        return False

    def __init__(self):
        super().__init__()
        self.current = 0
        self.peak = 0
        self._live = {}  # storage data_ptr -> [bytes, number of live Python tensors using it]
        self._known = set()  # data_ptrs of storages that existed before (never counted)

    def _release(self, key):
        entry = self._live.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] == 0:
            self.current -= entry[0]
            del self._live[key]

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        for leaf in _tensors((args, kwargs)):
            ptr = leaf.untyped_storage().data_ptr()
            if ptr not in self._live:
                self._known.add(ptr)
        out = func(*args, **kwargs)
        for leaf in _tensors(out):
            if leaf.device.type == "meta":
                continue
            storage = leaf.untyped_storage()
            key = storage.data_ptr()
            if key == 0 or key in self._known:
                continue
            if key in self._live:
                self._live[key][1] += 1  # a view of (or in-place result on) a storage already counted
            else:
                self._live[key] = [storage.nbytes(), 1]
                self.current += storage.nbytes()
                self.peak = max(self.peak, self.current)
            weakref.finalize(leaf, self._release, key)
        return out


def peak_memory(fn, *args, device: str = "cpu"):
    """Call ``fn(*args)`` and return ``(result, peak_bytes)``.

    ``peak_bytes`` is the largest amount of memory, beyond the inputs, that was held by tensors at
    any moment of the call (including the result). On CUDA it comes from the caching allocator; on
    a CPU from :class:`LiveTensorBytes`.
    """
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        result = fn(*args)
        torch.cuda.synchronize()
        return result, torch.cuda.max_memory_allocated() - before
    with torch.no_grad(), LiveTensorBytes() as tracker:
        result = fn(*args)
    return result, tracker.peak


def time_call(fn, *args, repeats: int = 3, device: str = "cpu") -> float:
    """Median wall-clock seconds of ``fn(*args)`` over ``repeats`` calls, after one warm-up call."""
    def once():
        start = time.perf_counter()
        fn(*args)
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start

    once()
    return statistics.median(once() for _ in range(repeats))
