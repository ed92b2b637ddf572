"""Small timing and memory helpers for the benchmark: medians with min/max, percentiles, peak RSS."""
from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Figure:
    """Repeated measurements of one quantity: median with min and max."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, fmt: str = "{:.3g}") -> str:
        """`median (min-max)`, or the single value."""
        if len(self.values) == 1:
            return fmt.format(self.values[0])
        return f"{fmt.format(self.median)} ({fmt.format(min(self.values))}-{fmt.format(max(self.values))})"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Run a command to completion: wall seconds, peak memory in MB, exit status.

    The peak is the child's own VmHWM, polled until it exits: ru_maxrss would also count the
    benchmark process's pages that the child shared between fork and exec.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, peak_rss_mb(proc.pid))
        except (OSError, RuntimeError, ValueError):
            pass  # the process is exiting
        time.sleep(0.01)
    return time.perf_counter() - start, peak, proc.returncode
