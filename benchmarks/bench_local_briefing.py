"""Timings of the sheet of a commune or an EPCI on the committed snapshot (targets from issue 19).

``briefing_commune_pdf_s``: assemble and print Saint-Flour's sheet once the snapshot is read (what a click on the
page costs; the rankings it needs are computed by the first sheet and kept, as on the page);
``briefing_commune_pdf_cold_s``: the same including the snapshot read, the rankings and the similar territories (first
sheet after a start);
``briefing_epci_zip_s``: the ZIP of the nine EPCI of Cantal from one shared context, against the naive way that
reads the snapshot again for every sheet (``baseline``). Medians of a few runs.
"""

from __future__ import annotations

from benchmarks.measure import median_seconds, result
from emile import snapshot
from emile.briefing.local import build_local_briefing, load_local_context
from emile.briefing.local_pdf import export_local_zip, render_local_pdf
from emile.config import ProgrammeConfig, load_config


def _naive_zip(config: ProgrammeConfig, codes: list[str]) -> None:
    for code in codes:
        render_local_pdf(build_local_briefing(load_local_context(config), "epci", code))


def run() -> list[dict[str, object]]:
    config = load_config()
    context = load_local_context(config)
    build_local_briefing(context, "commune", "15187")  # rankings of its scopes, kept in the context as on the page
    warm = median_seconds(lambda: render_local_pdf(build_local_briefing(context, "commune", "15187")))
    cold = median_seconds(
        lambda: render_local_pdf(build_local_briefing(load_local_context(config), "commune", "15187")), 3
    )
    table = snapshot.load_indicators("epci")
    cantal = sorted(table.index[table["departement"] == "15"])
    fresh = load_local_context(config)
    shared = median_seconds(lambda: export_local_zip(fresh, "epci", cantal), 3)
    naive = median_seconds(lambda: _naive_zip(config, cantal), 3)
    return [
        result("briefing_commune_pdf_s", warm, target=1.0),
        result("briefing_commune_pdf_cold_s", cold),
        result("briefing_epci_zip_s", shared, baseline=naive, sheets=len(cantal)),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
