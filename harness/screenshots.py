"""Full-page screenshots of every screen, as a French planner opens them: ``python -m harness.screenshots OUT_DIR``.

Used to check that a change leaves the screens as they were (take a set before, one after, and compare them by eye)
and to refresh the README's pictures. The app is started on a free loopback port and stopped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.browser import chromium
from harness.server import running_app

# (file name, path and query, a heading that says the page is ready)
SCREENS: tuple[tuple[str, str, str], ...] = (
    ("accueil", "/?dep=15", "Cantal (15)"),
    ("carte_france", "/carte", "Carte des territoires"),
    ("carte_cantal", "/carte?niveau=communes&dep=15&commune=15187", "Carte des territoires"),
    ("carte_epci_cantal", "/carte?niveau=epci&dep=15&epci=200066660", "Carte des territoires"),
    ("classement", "/classement", "Classement des territoires"),
    ("placements", "/placements", "Placements"),
    ("offres", "/offres", "Offres des territoires"),
    ("fiche", "/fiche?dep=48", "Fiche territoire"),
    ("fiche_commune", "/fiche?commune=15187", "Saint-Flour (15187)"),
    ("fiche_epci", "/fiche?epci=200066660", "Saint-Flour Communauté (200066660)"),
    ("sources", "/sources", "Données et sources"),
)
SETTLE_MS = 4000
DEMO_COMMANDS = ("emile.placements.demo", "emile.offers.demo")


def take(out_dir: Path, width: int = 1400, height: int = 900) -> list[Path]:
    """One PNG per screen in ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    store_dir = tempfile.TemporaryDirectory(prefix="emile-screens-")
    env = {"DATABASE_URL": f"sqlite:///{store_dir.name}/placements.sqlite"}
    # The fictitious cohort and offers, so that the Placements and Offres pages show what a visitor sees before any
    # operator file or offer.
    for command in DEMO_COMMANDS:
        subprocess.run([sys.executable, "-m", command], env={**os.environ, **env}, check=True, capture_output=True)
    with store_dir, running_app(env) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        page = context.new_page()
        for name, path, heading in SCREENS:
            page.goto(url + path)
            page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
            page.wait_for_timeout(SETTLE_MS)
            target = out_dir / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        context.close()
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/screens")):
        print(written_path)
