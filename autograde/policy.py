"""Every time and memory limit of grading, in one place."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from autograde.sandbox import Limits


@dataclass(frozen=True)
class GradingPolicy:
    """How long and how much one submission may take (the command line's --timeout, --memory-mb)."""

    timeout: int = 120  # wall-clock seconds for running one notebook's cells, reruns included
    memory_mb: int = 4096  # memory of the submission's kernel
    startup_seconds: int = 60  # nbgrader, each kernel start, the checker: not counted in ``timeout``
    max_stops: int = 4  # cells stopped (hung or crashed) before the notebook counts as broken

    @property
    def cell_timeout(self) -> int:
        """One cell may use half of the time, so that the rest can still run after it is stopped."""
        return max(5, self.timeout // 2)

    @property
    def worker_seconds(self) -> int:
        """When the batch gives up on a worker: the run's own deadline (``timeout``, plus the time
        of at most ``max_stops`` stopped cells, plus start-ups) always comes first."""
        return self.timeout + self.max_stops * self.cell_timeout + 2 * self.startup_seconds

    def limits(self) -> Limits:
        # CPU seconds over the kernel's life: every cell at full time on two threads, plus start-up.
        return Limits(memory_mb=self.memory_mb, cpu_seconds=2 * self.timeout + self.startup_seconds)

    def to_dict(self) -> dict:
        return asdict(self)
