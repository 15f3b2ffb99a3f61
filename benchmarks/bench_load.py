"""Many visitors at once on one app server: simulated sessions speaking Streamlit's websocket protocol
(``harness.streamlit_session``) replay a visitor's journey against the app started on 127.0.0.1.

Journey: home page → « Carte des territoires » → drill into Cantal's communes (the link's ``niveau=communes&dep=15``)
→ « Classement » → a theme weight moved. Every step is one rerun, timed from the request to ``script_finished``.
Visitors look at each screen before the next click (3 to 10 s, seeded: a map or a ranking is read, not skimmed) and
arrive over ``RAMP_S`` seconds, as people opening a link sent by e-mail do, rather than all clicking in the same
millisecond.

- ``load_20_sessions_p95_s``: 95th percentile of the rerun latency with 20 concurrent visitors (target ≤ 1 s); the
  baseline is the same journey by a single visitor in the same run, on the same warm server;
  ``with_post_script_gc_p95_s`` is the same load on a server left with Streamlit's garbage collection after every
  rerun.
- ``load_50_sessions_errors``: journeys of 50 concurrent visitors that failed (traceback, timeout, closed session);
  target 0.
- ``rss_per_session_mb``: growth of the server's resident memory per idle session that made the journey, over
  ``IDLE_SESSIONS`` sessions held open after one another.
- ``load_browsers_alongside_errors``: ``BROWSERS`` real Chromium visitors make the journey's pages (home, Carte,
  Cantal's communes, Classement) while the 20 simulated ones run, each page waited for by its title and a drawn
  map or table, and checked for what the protocol alone cannot see: an exception box or technical words on screen,
  a page not drawn; ``value`` is the number of pages that failed, ``slowest_page_s`` the slowest page drawn.
- ``load_20_sessions_two_replicas_p95_s``: the 20 visitors through nginx (deploy/nginx.conf) in front of two
  replicas, the deployment of deploy/compose.yaml: one Streamlit process runs one script at a time per interpreter
  lock, a second one uses the second core.

Bounded: at most 50 sessions, each step times out after ``STEP_TIMEOUT_S``, each phase after ``PHASE_TIMEOUT_S``;
the server (loopback only, its own SQLite store in a temporary folder) is stopped at the end. The load generator
runs on the same machine and takes some of its CPU: the figures are, if anything, pessimistic.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import result
from harness.proxy import nginx_binary, reverse_proxy
from harness.server import AppProcess, serving
from harness.streamlit_session import SessionError, SimulatedSession, run_sessions, slider_state

THINK_S = (3.0, 10.0)
RAMP_S = 10.0
STEP_TIMEOUT_S = 60.0
PHASE_TIMEOUT_S = 300.0
IDLE_SESSIONS = 10
BROWSERS = 2
BROWSER_PAGES = (
    ("", "EMILE Territoires", "canvas"),
    ("carte", "Carte des territoires", "canvas"),
    ("carte?niveau=communes&dep=15", "Carte des territoires", "canvas"),
    ("classement", "Classement des territoires", "[data-testid='stDataFrame']"),
)
TECHNICAL_WORDS = ("Traceback", 'File "')
BASELINE_JOURNEYS = 4
WEIGHTED_THEME = "Thème Emploi"


@dataclass
class Journey:
    latencies: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    error: str | None = None


async def _step(journey: Journey, name: str, run) -> object:
    outcome = await run
    if outcome.exceptions:
        raise SessionError(f"{name} : {outcome.exceptions[0]}")
    journey.latencies.append(outcome.seconds)
    journey.steps.setdefault(name, []).append(outcome.seconds)
    return outcome


async def _journey(url: str, seed: int, delay_s: float = 0.0, think: bool = True, keep_open: list | None = None):
    """One visitor's journey; its failure is recorded, never raised, so that one bad session does not hide the
    others' figures. With ``keep_open`` the session is left connected (idle) and appended there."""
    rng = random.Random(seed)
    journey = Journey()
    await asyncio.sleep(delay_s)

    async def pause() -> None:
        if think:
            await asyncio.sleep(rng.uniform(*THINK_S))

    session = SimulatedSession(url, timeout_s=STEP_TIMEOUT_S)
    try:
        await session.__aenter__()
        await _step(journey, "accueil", session.open_page())
        await pause()
        await _step(journey, "carte", session.open_page("Carte des territoires"))
        await pause()
        await _step(journey, "carte_cantal", session.open_page("Carte des territoires", "niveau=communes&dep=15"))
        await pause()
        classement = await _step(journey, "classement", session.open_page("Classement"))
        await pause()
        slider = classement.widgets[WEIGHTED_THEME]
        weight = rng.choice([w for w in range(int(slider.min), int(slider.max) + 1) if w != int(slider.value[0])])
        await _step(journey, "poids", session.rerun([slider_state(slider, float(weight))]))
    except Exception as error:  # a timeout, a traceback, a refused handshake: a failed visit all the same
        journey.error = f"{type(error).__name__}: {error}"
    if keep_open is not None and journey.error is None:
        keep_open.append(session)
    else:
        await session.__aexit__(None, None, None)
    return journey


def _browsers_alongside(url: str) -> tuple[list[str], float]:
    """``BROWSERS`` real browsers visit ``BROWSER_PAGES`` one after the other; what failed, and the slowest page."""
    from harness.browser import chromium  # Playwright only where a browser is wanted

    failures: list[str] = []
    slowest = 0.0
    with chromium() as browser:
        pages = [browser.new_context(viewport={"width": 1400, "height": 1000}).new_page() for _ in range(BROWSERS)]
        for path, title, drawn in BROWSER_PAGES:
            for page in pages:
                started = time.perf_counter()
                try:
                    page.goto(f"{url}/{path}")
                    page.get_by_role("heading", name=title).first.wait_for(timeout=STEP_TIMEOUT_S * 1000)
                    page.locator(drawn).first.wait_for(timeout=STEP_TIMEOUT_S * 1000)
                    slowest = max(slowest, time.perf_counter() - started)
                    shown = page.locator("[data-testid='stException']").count()
                    text = page.locator("[data-testid='stMain']").inner_text()
                    if shown or any(word in text for word in TECHNICAL_WORDS):
                        failures.append(f"/{path} : erreur affichée")
                except Exception as error:  # a page not drawn in time is what this check is for
                    failures.append(f"/{path} : {type(error).__name__}")
        for page in pages:
            page.context.close()
    return failures, slowest


async def _concurrent(url: str, sessions: int, seed: int) -> list[Journey]:
    async with asyncio.timeout(PHASE_TIMEOUT_S):
        return await asyncio.gather(*(_journey(url, seed + i, delay_s=RAMP_S * i / sessions) for i in range(sessions)))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def _rss_mb(app: AppProcess) -> float:
    for line in Path(f"/proc/{app.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS absent de /proc")


async def _idle_growth(app: AppProcess) -> float:
    """MB of resident memory per session left idle after its journey, sessions made one after the other."""
    before = _rss_mb(app)
    held: list[SimulatedSession] = []
    async with asyncio.timeout(PHASE_TIMEOUT_S):
        for i in range(IDLE_SESSIONS):
            journey = await _journey(app.url, 1000 + i, think=False, keep_open=held)
            if journey.error:
                raise RuntimeError(f"session inactive en erreur : {journey.error}")
    await asyncio.sleep(1.0)
    growth = (_rss_mb(app) - before) / IDLE_SESSIONS
    for session in held:
        await session.__aexit__(None, None, None)
    return growth


def _slowest_step(journeys: list[Journey]) -> str:
    steps: dict[str, list[float]] = {}
    for journey in journeys:
        for name, values in journey.steps.items():
            steps.setdefault(name, []).extend(values)
    return ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in steps.items())


async def _measure(app: AppProcess) -> list[dict[str, object]]:
    warm = await _journey(app.url, 0, think=False)  # every cache filled once, as on a server already in use
    if warm.error:
        raise RuntimeError(f"parcours de chauffe en erreur : {warm.error}")
    alone = [await _journey(app.url, 1 + i, think=False) for i in range(BASELINE_JOURNEYS)]
    single_p95 = _p95([s for j in alone for s in j.latencies])
    rss = await _idle_growth(app)
    twenty, (browser_failures, slowest_page) = await asyncio.gather(
        _concurrent(app.url, 20, 100), asyncio.to_thread(_browsers_alongside, app.url)
    )
    twenty_latencies = [s for j in twenty for s in j.latencies]
    fifty = await _concurrent(app.url, 50, 200)
    errors = [j.error for j in fifty + twenty if j.error]
    return [
        result(
            "load_20_sessions_p95_s",
            _p95(twenty_latencies),
            baseline=single_p95,
            target="≤ 1 s",
            reruns=len(twenty_latencies),
            failed_journeys=sum(1 for j in twenty if j.error),
            median_by_step=_slowest_step(twenty),
            single_median_by_step=_slowest_step(alone),
        ),
        result(
            "load_50_sessions_errors",
            sum(1 for j in fifty if j.error),
            unit="sessions",
            target="= 0",
            p95_s=round(_p95([s for j in fifty for s in j.latencies] or [0.0]), 3),
            first_errors=errors[:3],
        ),
        result("rss_per_session_mb", rss, unit="MB", sessions=IDLE_SESSIONS),
        result(
            "load_browsers_alongside_errors",
            len(browser_failures),
            unit="pages",
            target="= 0",
            browsers=BROWSERS,
            pages=BROWSERS * len(BROWSER_PAGES),
            slowest_page_s=round(slowest_page, 3),
            failures=browser_failures[:5],
        ),
    ]


async def _with_post_script_gc(app: AppProcess) -> float:
    """p95 of the 20 visitors on a server that collects garbage after every rerun (Streamlit's default), the
    setting ``.streamlit/config.toml`` turns off."""
    warm = await _journey(app.url, 20, think=False)
    if warm.error:
        raise RuntimeError(f"parcours de chauffe en erreur : {warm.error}")
    return _p95([s for j in await _concurrent(app.url, 20, 100) for s in j.latencies])


async def _behind_proxy(replicas: list[AppProcess], proxy_url: str, single_p95: float) -> dict[str, object]:
    """The 20 visitors again, through nginx in front of two replicas (each warmed first, like the single server)."""
    for i, replica in enumerate(replicas):
        warm = await _journey(replica.url, 10 + i, think=False)
        if warm.error:
            raise RuntimeError(f"parcours de chauffe en erreur : {warm.error}")
    journeys = await _concurrent(proxy_url, 20, 300)
    latencies = [s for j in journeys for s in j.latencies]
    return result(
        "load_20_sessions_two_replicas_p95_s",
        _p95(latencies),
        baseline=single_p95,
        reruns=len(latencies),
        failed_journeys=sum(1 for j in journeys if j.error),
        median_by_step=_slowest_step(journeys),
    )


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="emile-load-") as folder:
        env = {"DATABASE_URL": f"sqlite:///{folder}/placements.sqlite"}
        started = time.perf_counter()
        with serving(env, timeout_s=120) as app:
            rows = run_sessions(_measure(app))
        with serving({**env, "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}, timeout_s=120) as collecting:
            rows[0]["with_post_script_gc_p95_s"] = round(run_sessions(_with_post_script_gc(collecting)), 3)
        with serving(env, timeout_s=120) as app:
            if nginx_binary() is None:
                rows.append({"name": "load_20_sessions_two_replicas_p95_s", "skipped": "nginx absent"})
            else:
                # The deployment of deploy/compose.yaml on this machine: a second replica and nginx in front.
                with serving(env, timeout_s=120) as second, reverse_proxy([a.url[7:] for a in (app, second)]) as proxy:
                    rows.append(run_sessions(_behind_proxy([app, second], proxy.url, rows[0]["baseline"])))
        rows.append(result("load_bench_duration_s", time.perf_counter() - started))
        return rows
