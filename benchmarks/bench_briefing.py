"""Timings of the prefecture briefing on the committed snapshot (target from issue 7: one PDF in ≤ 3 s).

``briefing_pdf_s``: assemble and print the Cantal sheet once the snapshot is loaded (what a click on the page costs);
``briefing_pdf_cold_s``: the same including the snapshot read and ranking (first sheet after a start);
``briefing_zip_pilots_s``: the ZIP of the six 2019 pilots with one shared context, against the naive way that reloads
the snapshot for every sheet (``baseline``). Medians of a few runs.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from emile.briefing import PlacementSource, build_briefing, load_context
from emile.briefing.batch import export_zip
from emile.briefing.pdf import render_pdf
from emile.config import ProgrammeConfig, load_config

REPEATS = 5
NO_PLACEMENTS = PlacementSource(None, False, 5)


def _median(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _naive_zip(config: ProgrammeConfig, codes: list[str]) -> None:
    for code in codes:
        render_pdf(build_briefing(load_context(config, NO_PLACEMENTS), code))


def run() -> list[dict[str, object]]:
    config = load_config()
    context = load_context(config, NO_PLACEMENTS)
    warm = _median(lambda: render_pdf(build_briefing(context, "15")))
    cold = _median(lambda: render_pdf(build_briefing(load_context(config, NO_PLACEMENTS), "15")), 3)
    pilots = list(config.territoires.pilotes_2019)
    shared = _median(lambda: export_zip(context, pilots), 3)
    naive = _median(lambda: _naive_zip(config, pilots), 3)
    return [
        {"name": "briefing_pdf_s", "value": round(warm, 3), "unit": "s", "target": 3.0},
        {"name": "briefing_pdf_cold_s", "value": round(cold, 3), "unit": "s"},
        {"name": "briefing_zip_pilots_s", "value": round(shared, 3), "unit": "s", "baseline": round(naive, 3),
         "ratio": round(shared / naive, 3)},
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
