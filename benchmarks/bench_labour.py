"""Timings of the labour theme build on the real files of ../shared/data/raw (the whole snapshot build must stay
≤ 60 s on a 2-core machine, issue 3).

``labour_build_s`` is the theme's ``build(ctx)`` (three BMO workbooks, bassins, DARES, INSEE rates, bassin polygons)
given the geography, which the orchestrator builds once for all themes. ``bmo_read_s`` reads one BMO workbook
through the defensive reader (calamine); its baseline is pandas' default openpyxl engine on the same sheet.
Each figure is a single run: these are tens of seconds of input parsing, not micro-timings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.measure import median_seconds, result
from emile.config import PROJECT_ROOT
from loaders import bmo, labour, population
from loaders.build import load_specs
from loaders.context import BuildContext
from loaders.geo import build_geography
from loaders.sources import SourceFiles

RAW_DIR = PROJECT_ROOT.parent / "shared" / "data" / "raw"
BMO_FILE = "bmo/Base_open_data_BMO_2025.xlsx"


def _context(raw_dir: Path) -> BuildContext:
    """Every source of config.toml (the labour theme reads several), with the geography already built."""
    specs, policy = load_specs()
    geography = build_geography()
    files = SourceFiles(specs, raw_dir, raw_dir / "unused-cache", policy=policy)
    reference = population.reference_population(files, geography.codes)
    return BuildContext.create(files, geography.communes, geography.codes, reference)


def labour_build() -> dict[str, object]:
    ctx = _context(RAW_DIR)
    return result("labour_build_s", median_seconds(lambda: labour.build(ctx), repeats=1))


def bmo_read() -> dict[str, object]:
    value = median_seconds(lambda: bmo.parse_bmo(RAW_DIR / BMO_FILE, 2025), repeats=1)
    baseline = median_seconds(
        lambda: pd.read_excel(RAW_DIR / BMO_FILE, sheet_name="BMO_2025_open_data", dtype=str, engine="openpyxl"),
        repeats=1,
    )
    return result("bmo_read_s", value, baseline=baseline)


def run() -> list[dict[str, object]]:
    if not RAW_DIR.is_dir():
        return []
    return [labour_build(), bmo_read()]


if __name__ == "__main__":
    for result in run():
        print(result)
