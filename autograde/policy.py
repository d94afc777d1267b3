"""Every time and memory limit of grading, in one place."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from autograde.sandbox import Limits


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1_000_000 else f"{count / 1e3:g} kB"


def output_caps(cell_bytes: int, notebook_bytes: int) -> str:
    return f"at most {_size(cell_bytes)} per cell and {_size(notebook_bytes)} per notebook"


@dataclass(frozen=True)
class GradingPolicy:
    """How long and how much one submission may take (the command line's --timeout, --memory-mb)."""

    timeout: int = 120  # wall-clock seconds for running one notebook's cells, reruns included
    memory_mb: int = 4096  # memory of the submission's kernel
    startup_seconds: int = 60  # nbgrader, each kernel start, the checker: not counted in ``timeout``
    max_stops: int = 4  # stopped cells (hung or crashed) whose time is added back to ``timeout``
    cell_output_bytes: int = 1_000_000  # output kept per cell (text and data); the rest is trimmed
    notebook_output_bytes: int = 5_000_000  # output kept per notebook

    @property
    def cell_timeout(self) -> int:
        """One cell may use half of the time, so that the rest can still run after it is stopped."""
        return max(5, self.timeout // 2)

    @property
    def worker_seconds(self) -> int:
        """When the batch gives up on a worker: the run's own deadline (``timeout``, plus the time
        of at most ``max_stops`` stopped cells, plus start-ups) always comes first."""
        return self.timeout + self.max_stops * self.cell_timeout + 2 * self.startup_seconds

    @property
    def output_caps(self) -> str:
        """The caps on kept output, in words: ``at most 1 MB per cell and 5 MB per notebook``."""
        return output_caps(self.cell_output_bytes, self.notebook_output_bytes)

    def limits(self) -> Limits:
        # CPU seconds over the kernel's life: every cell at full time on two threads, plus start-up.
        return Limits(memory_mb=self.memory_mb, cpu_seconds=2 * self.timeout + self.startup_seconds,
                      cell_output_bytes=self.cell_output_bytes, notebook_output_bytes=self.notebook_output_bytes)

    def to_dict(self) -> dict:
        return asdict(self)
