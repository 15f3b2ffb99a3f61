"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print its results as JSON lines.

python -m benchmarks              # all
python -m benchmarks skeleton map # only bench_skeleton.py and bench_map.py

Started by an interpreter without the project's packages (``python3 -m benchmarks`` outside ``.venv``), it runs
itself again with the project's ``.venv`` interpreter, so that every benchmark prints its figures rather than an
import error; without a ``.venv``, it says to run ``make bench``, which installs one.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

PROJECT_VENV = Path(__file__).resolve().parent.parent / ".venv"
PROJECT_PYTHON = PROJECT_VENV / "bin" / "python"
NEEDED = ("pandas", "geopandas", "pydeck", "playwright", "websockets")  # what the benchmarks import at their top


def _with_project_packages(selected: list[str]) -> None:
    """Run again with the project's interpreter when this one lacks the benchmarks' packages."""
    if all(importlib.util.find_spec(name) is not None for name in NEEDED):
        return
    if PROJECT_PYTHON.exists() and Path(sys.prefix).resolve() != PROJECT_VENV.resolve():
        os.execv(PROJECT_PYTHON, [str(PROJECT_PYTHON), "-m", "benchmarks", *selected])
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    raise SystemExit(f"Paquets absents ({', '.join(missing)}) : lancez « make bench », qui les installe.")


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
    _with_project_packages(sys.argv[1:])
    raise SystemExit(main(sys.argv[1:]))
