"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print its results as JSON lines.

python -m benchmarks              # all
python -m benchmarks skeleton map # only bench_skeleton.py and bench_map.py
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path


def main(selected: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected]
    failures = 0
    for name in names:
        started = time.perf_counter()
        try:
            results = importlib.import_module(f"benchmarks.{name}").run()
        except Exception as error:  # one broken benchmark must not hide the others' figures
            print(json.dumps({"name": name, "error": f"{type(error).__name__}: {error}"}, ensure_ascii=False))
            failures += 1
            continue
        for result in results:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        print(f"# {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
