"""What a planner waits for on the Classement page (issue 14): from a click on the « Commune » level, with three
départements in the link, to the ranking of their communes on screen, in a real browser on a warm server.

Baseline: the floor, a bare Streamlit page with a level radio and a table of the same size, timed the same way in
the same run. Target: every click-to-result under 2 s.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.measure import result
from emile import geography, indicators, snapshot
from emile.config import load_config
from emile.scoring.ranking import rank_territories, within_departements
from emile.scoring.scenario import default_scenario
from emile.scoring.weights import effective_weights
from harness.browser import chromium
from harness.server import serving

DEPARTEMENTS = ("15", "46", "48")
FLOOR_SCRIPT = Path(__file__).with_name("floor_table_app.py")
REPEATS = 5


def _commune_leader() -> str:
    """The commune the page must put first, computed with the domain, as the page does by default."""
    config = load_config()
    frame = within_departements(snapshot.load_indicators("commune"), DEPARTEMENTS)
    criteria = indicators.scorable("commune", frame.columns)
    start = default_scenario("commune", criteria, config.scoring)
    weights = effective_weights(criteria, start.theme_weights, start.criteria)
    ranking = rank_territories(frame, criteria, weights, start.method, start.normalisation, geography.origins(config))
    return str(ranking.table["nom"].iloc[0])


def _click_to_text(url: str, label: str, expected: str) -> float:
    """Median seconds from a click on the radio ``label`` to the text ``expected`` on screen, fresh page each time."""
    timings = []
    with chromium() as browser:
        for _ in range(REPEATS):
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
            page.goto(url)
            page.get_by_text("En tête").first.wait_for(timeout=120_000)
            page.wait_for_timeout(1500)
            started = time.perf_counter()
            page.get_by_text(label, exact=True).first.click()
            page.get_by_text(expected).first.wait_for(timeout=120_000)
            timings.append(time.perf_counter() - started)
            page.close()
    return statistics.median(timings)


def run() -> list[dict[str, object]]:
    leader = _commune_leader()
    with serving(script=FLOOR_SCRIPT) as floor_app:
        floor = _click_to_text(floor_app.url, "Commune", "1er Commune modèle")
    link = f"/classement?dep={','.join(DEPARTEMENTS)}"
    with serving() as app:
        ours = _click_to_text(app.url + link, "Commune", f"1er {leader}")
    return [result("browser_classement_commune_level_s", ours, "s", floor, floor="page nue, même taille de tableau")]
