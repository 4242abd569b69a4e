"""A command run in its own process, timed, with its peak memory: what a benchmark reports of
each step, so that one step's memory is never another's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_command(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak memory (MiB) and the last line of output of ``args`` run from the project
    folder; exits naming the command, with the end of its output, when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if status:
        print(output[-3000:], file=sys.stderr)
        raise SystemExit(f"{' '.join(args)} failed")
    lines = output.strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""
