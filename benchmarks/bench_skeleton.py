"""Walking-skeleton figures (issue 2): cold start, national map payload, first map in a real browser, geography
build, server memory. Targets: cold start ≤ 2 s, map ≤ 1.5 s on a warm server, payload ≤ 300 KB, build ≤ 60 s,
RSS ≤ 400 MB. The naive baseline for the map is full-resolution GeoJSON inline with pydeck's default JSON."""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pydeck as pdk

from benchmarks.measure import result
from emile import geography
from emile.config import PROJECT_ROOT
from harness.browser import chromium, tap, wait_for_map_colour
from harness.server import serving

PILOT_BLUE = geography.STATUS_COLOURS[geography.Status.PILOTE]
NAIVE_SCRIPT = Path(__file__).with_name("naive_map_app.py")
STROKED_SCRIPT = Path(__file__).with_name("stroked_map_app.py")
STROKED_FILL = (0, 0, 145)
PRESSES = 7
RAW_DIR = PROJECT_ROOT.parent / "shared" / "data" / "raw"
COLD_START_CODE = """
import time
from streamlit.testing.v1 import AppTest
start = time.perf_counter()
AppTest.from_file({app!r}, default_timeout=120).run()
print(time.perf_counter() - start)
"""


def cold_start_s() -> dict[str, object]:
    """First AppTest run of the home page in a fresh interpreter (imports, config, snapshot, map)."""
    runs = []
    for _ in range(3):
        output = subprocess.run(
            [sys.executable, "-c", COLD_START_CODE.format(app=str(PROJECT_ROOT / "app.py"))],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(output.stdout.strip().splitlines()[-1]))
    return result("cold_start_s", statistics.median(runs), "s")


def map_payload_departements_bytes() -> dict[str, object]:
    """Bytes of the deck spec the browser receives for the national map, against the naive inline spec."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    ours = len(app.get("deck_gl_json_chart")[0].proto.json.encode())
    frame = geography.load_departements()
    frame = frame[~frame["code"].str.startswith("97")]
    data = json.loads(frame[["code", "nom", "geometry"]].to_json())
    naive = pdk.Deck(layers=[pdk.Layer("GeoJsonLayer", data=data)], map_provider=None).to_json()
    return result("map_payload_departements_bytes", ours, "bytes", baseline=len(naive.encode()))


def _first_map_seconds(url: str, context) -> float:
    """Navigation → coloured pixels on the deck canvas, in a new tab of ``context``."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    wait_for_map_colour(page, PILOT_BLUE, minimum=300, timeout_s=120)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _median_first_map(url: str, browser, warm_browser_cache: bool) -> float:
    """Median of three first draws. Cold: each in a fresh browser context, so Streamlit's scripts are downloaded
    again (a first visit); warm: tabs of one context (a returning visitor)."""
    shared = browser.new_context(viewport={"width": 1400, "height": 900})
    _first_map_seconds(url, shared)  # warms the server's caches (and, for the warm case, the browser's)
    timings = []
    for _ in range(3):
        context = shared if warm_browser_cache else browser.new_context(viewport={"width": 1400, "height": 900})
        timings.append(_first_map_seconds(url, context))
        if context is not shared:
            context.close()
    shared.close()
    return statistics.median(timings)


def browser_first_map_and_rss() -> list[dict[str, object]]:
    with chromium() as browser:
        with serving() as app:
            ours = _median_first_map(app.url, browser, warm_browser_cache=False)
            ours_warm = _median_first_map(app.url, browser, warm_browser_cache=True)
            rss = app.peak_rss_mb()
        with serving(script=NAIVE_SCRIPT) as naive_app:
            naive = _median_first_map(naive_app.url, browser, warm_browser_cache=False)
            naive_warm = _median_first_map(naive_app.url, browser, warm_browser_cache=True)
    return [
        result("browser_first_map_s", ours, baseline=naive, note="warm server, browser cache empty"),
        result(
            "browser_first_map_warm_cache_s",
            ours_warm,
            baseline=naive_warm,
            note="warm server, browser cache filled (returning visitor)",
        ),
        result("peak_rss_mb", rss, "MB"),
    ]


def _median_press_seconds(url: str, browser, colour: tuple[int, int, int]) -> float:
    """Median time the page spends handling a press on the map (deck.gl picks what lies under the pointer then).
    The presses land in the sea, top left of the canvas: the pick costs the same, and nothing is selected, so the
    page does not rerun between presses."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    wait_for_map_colour(page, colour, minimum=300, timeout_s=120)
    page.wait_for_timeout(1000)
    box = page.locator("canvas").first.bounding_box()
    timings = []
    for offset in range(PRESSES + 1):
        timings.append(tap(page, box["x"] + 5 + offset, box["y"] + 5))
        page.wait_for_timeout(500)
    context.close()
    return statistics.median(timings[1:])  # the first press also builds deck.gl's picking buffer


def browser_press_pick_s() -> dict[str, object]:
    with chromium() as browser:
        with serving() as app:
            ours = _median_press_seconds(app.url, browser, PILOT_BLUE)
        with serving(script=STROKED_SCRIPT) as stroked:
            baseline = _median_press_seconds(stroked.url, browser, STROKED_FILL)
    return result(
        "browser_press_pick_s",
        ours,
        "s",
        baseline,
        note=f"press on the home map, median of {PRESSES}; baseline: the same départements drawn as "
        "stroked polygons (white outline), as the maps were before",
    )


def build_geodata_s() -> dict[str, object]:
    """The whole snapshot build from the raw files into a throwaway folder."""
    from loaders.build import DEFAULT_CACHE, build, load_specs
    from loaders.sources import SourceFiles

    specs, policy = load_specs()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(sys.stderr):  # keep stdout JSON-only
        start = time.perf_counter()
        build(Path(folder) / "geodata", SourceFiles(specs, RAW_DIR, DEFAULT_CACHE, False, policy))
        return result("build_geodata_s", time.perf_counter() - start, "s")


def run() -> list[dict[str, object]]:
    results = [cold_start_s(), map_payload_departements_bytes(), *browser_first_map_and_rss(), browser_press_pick_s()]
    if RAW_DIR.is_dir():
        results.append(build_geodata_s())
    return results
