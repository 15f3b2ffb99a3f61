"""Timings of the prefecture briefing on the committed snapshot (target from issue 7: one PDF in ≤ 3 s).

``briefing_pdf_s``: assemble and print the Cantal sheet once the snapshot is loaded (what a click on the page costs);
``briefing_pdf_cold_s``: the same including the snapshot read and ranking (first sheet after a start);
``briefing_zip_pilots_s``: the ZIP of the six 2019 pilots with one shared context, against the naive way that reloads
the snapshot for every sheet (``baseline``). Medians of a few runs.
"""

from __future__ import annotations

from benchmarks.measure import median_seconds, result
from emile.briefing import build_briefing, load_context
from emile.briefing.batch import export_zip
from emile.briefing.pdf import render_pdf
from emile.config import ProgrammeConfig, load_config
from emile.placements.public import PlacementSource

NO_PLACEMENTS = PlacementSource(None, False, 5)


def _naive_zip(config: ProgrammeConfig, codes: list[str]) -> None:
    for code in codes:
        render_pdf(build_briefing(load_context(config, NO_PLACEMENTS), code))


def run() -> list[dict[str, object]]:
    config = load_config()
    context = load_context(config, NO_PLACEMENTS)
    warm = median_seconds(lambda: render_pdf(build_briefing(context, "15")))
    cold = median_seconds(lambda: render_pdf(build_briefing(load_context(config, NO_PLACEMENTS), "15")), 3)
    pilots = list(config.territories.pilots_2019)
    shared = median_seconds(lambda: export_zip(context, pilots), 3)
    naive = median_seconds(lambda: _naive_zip(config, pilots), 3)
    return [
        result("briefing_pdf_s", warm, target=3.0),
        result("briefing_pdf_cold_s", cold),
        result("briefing_zip_pilots_s", shared, baseline=naive),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
