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
from harness.browser import chromium, wait_for_map_colour
from harness.server import serving

PILOT_BLUE = geography.STATUS_COLOURS[geography.Status.PILOTE]
NAIVE_SCRIPT = Path(__file__).with_name("naive_map_app.py")
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
        output = subprocess.run([sys.executable, "-c", COLD_START_CODE.format(app=str(PROJECT_ROOT / "app.py"))],
                                cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
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


def _first_map_seconds(url: str, browser, colour: tuple[int, int, int]) -> float:
    """Navigation → coloured pixels on the deck canvas, in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    wait_for_map_colour(page, colour, minimum=300, timeout_s=120)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def browser_first_map_and_rss() -> list[dict[str, object]]:
    with chromium() as browser:
        with serving() as app:
            _first_map_seconds(app.url, browser, PILOT_BLUE)  # warm the server's caches
            ours = statistics.median(_first_map_seconds(app.url, browser, PILOT_BLUE) for _ in range(3))
            rss = app.peak_rss_mb()
        with serving(script=NAIVE_SCRIPT) as naive_app:
            _first_map_seconds(naive_app.url, browser, PILOT_BLUE)
            naive = statistics.median(_first_map_seconds(naive_app.url, browser, PILOT_BLUE) for _ in range(3))
    return [result("browser_first_map_s", ours, baseline=naive), result("peak_rss_mb", rss, "MB")]


def build_geodata_s() -> dict[str, object]:
    """The whole snapshot build from the raw files into a throwaway folder."""
    from loaders.build import DEFAULT_CACHE, build, load_specs
    from loaders.context import BuildContext

    specs, policy = load_specs()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(sys.stderr):  # keep stdout JSON-only
        start = time.perf_counter()
        build(Path(folder) / "geodata", BuildContext(specs, RAW_DIR, DEFAULT_CACHE, False, policy))
        return result("build_geodata_s", time.perf_counter() - start, "s")


def run() -> list[dict[str, object]]:
    results = [cold_start_s(), map_payload_departements_bytes(), *browser_first_map_and_rss()]
    if RAW_DIR.is_dir():
        results.append(build_geodata_s())
    return results
