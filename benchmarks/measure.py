"""Small timing and memory helpers for the benchmark: medians with min/max, percentiles, peak memory,
and targets that say by how much they are met or missed."""
from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    """Repeated measurements of one quantity: median with min and max."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, fmt: str = "{:,.3g}") -> str:
        """`median (min-max)`, or the single value."""
        if len(self.values) == 1:
            return _num(fmt, self.values[0])
        return f"{_num(fmt, self.median)} ({_num(fmt, min(self.values))}-{_num(fmt, max(self.values))})"


def _num(fmt: str, value: float) -> str:
    """A number to three significant figures, without exponent notation for large values."""
    return f"{value:,.0f}" if abs(value) >= 1000 else fmt.format(value)


@dataclass
class Target:
    """A limit a figure must stay under (or, with `at_least`, reach)."""

    limit: float
    label: str
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def verdict(self, value: float) -> str:
        """"met (41% under)", "met (+12%)", or "MISSED by 2.3x" / "MISSED by 12%"."""
        if not self.limit or not value:
            return "met" if self.met(value) else "MISSED"
        ratio = self.limit / value if self.at_least else value / self.limit
        if self.met(value):
            return f"met (+{1 / ratio - 1:.0%})" if self.at_least else f"met ({1 - ratio:.0%} under)"
        return f"MISSED by {ratio:.1f}x" if ratio >= 1.5 else f"MISSED by {ratio - 1:.0%}"


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


def _proc_kib(path: str, key: str) -> int:
    """A figure in KiB from a /proc file's `key` line (VmHWM:, Pss:...)."""
    with open(path) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in {path}")


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    return _proc_kib(f"/proc/{pid}/status", "VmHWM:") / 1024


def tree(pid: int) -> list[int]:
    """A process and all its descendants (worker and indexing processes included)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return found


def tree_pss_mb(pid: int) -> float:
    """Memory of a process and its descendants now, in MB: the sum of their proportional set sizes (a
    page that forked workers share with their parent is counted once, not once per process)."""
    total = 0
    for p in tree(pid):
        try:
            total += _proc_kib(f"/proc/{p}/smaps_rollup", "Pss:")
        except (OSError, RuntimeError, ValueError):
            pass  # exited meanwhile
    return total / 1024


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float, int]:
    """Run a command to completion: wall seconds, peak memory in MB, exit status.

    The peak is the largest of the process's own VmHWM and the summed proportional memory of it and
    its child processes, polled every 10 ms (ru_maxrss would also count the benchmark's own pages that
    the child shared between fork and exec, and would miss the children's memory).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, tree_pss_mb(proc.pid), peak_rss_mb(proc.pid))
        except (OSError, RuntimeError, ValueError):
            pass  # the process is exiting
        time.sleep(0.01)
    return time.perf_counter() - start, peak, proc.returncode
