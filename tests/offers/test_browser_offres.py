"""The journey of issue 15 in a real browser, signed in through Streamlit's st.login against a local OpenID Connect
provider (oidc-provider-mock): a landlord in Cantal declares three dwellings by form and ten by file and sees them on
the map; an employer does the same for jobs; an operator records a household's project; the public then sees only
aggregates. The app, the provider and the store live on 127.0.0.1 and in a temporary folder, stopped by the test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from login_support import identity_provider, write_auth_secrets
from offers_support import add_households, config_with_accounts, csv_file, housing_row, job_row

from emile.offers import projects
from emile.offers import store as offer_store
from emile.offers.access import Principal
from emile.placements.store import open_store
from harness.server import free_port, serving

pytestmark = pytest.mark.browser
pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock absent (requirements-dev.txt)")
CHROMIUM = Path("/usr/bin/chromium")
LANDLORD, EMPLOYER, OPERATOR = "agent@cantal-habitat.fr", "drh@ehpad-aurillac.fr", "cheffe@aurore.asso.fr"
SIGN_IN = "Se connecter (bailleurs, employeurs, communes, opérateurs)"
OWN_DOTS = (225, 0, 15)  # emile.maps.offers.OWN_COLOUR
TIMEOUT = 90_000


@pytest.fixture
def provider() -> Iterator[str]:
    with identity_provider([LANDLORD, EMPLOYER, OPERATOR]) as address:
        yield address


@pytest.fixture
def app(provider: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app (through its launcher) with the accounts of ``config_with_accounts`` and an [auth] section pointing
    at the local provider, over an empty store holding one household of the operator Aurore; also the store's URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secrets_file = write_auth_secrets(tmp_path / "secrets.toml", url, provider)
    database = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    store = open_store(database)
    add_households(store, "AURORE", ["M-0042"])
    store.engine.dispose()
    env = {"DATABASE_URL": database, "EMILE_CONFIG": str(config_with_accounts(tmp_path / "config.toml"))}
    with serving(env=env, port=port, extra_args=["--secrets.files", str(secrets_file)]):
        yield url, database


def sign_in(page, app: str, email: str) -> None:
    page.goto(f"{app}/offres")
    page.get_by_role("button", name=SIGN_IN).click(timeout=TIMEOUT)
    page.get_by_role("button", name=email).first.click()
    page.wait_for_url(f"{app}/**", timeout=TIMEOUT)
    page.goto(f"{app}/offres")
    page.get_by_text(f"Connecté : {email}").wait_for(timeout=TIMEOUT)


def sign_out(page, app: str) -> None:
    """Streamlit ends the session at the provider too, whose page asks for a confirmation."""
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT)
    page.wait_for_url(f"{app}/**", timeout=TIMEOUT)
    page.goto(f"{app}/offres")
    page.get_by_role("button", name=SIGN_IN).wait_for(timeout=TIMEOUT)


def choose(page, label: str, typed: str) -> None:
    """A selectbox, with the keyboard: focus, type, wait for the filtered option, Enter; then wait until the box
    shows the choice (on a loaded machine, Enter before the list is filtered would choose nothing)."""
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=re.compile(re.escape(typed))).first.wait_for(timeout=TIMEOUT)
    page.keyboard.press("Enter")
    page.wait_for_function(
        """([label, typed]) => [...document.querySelectorAll('[data-testid="stSelectbox"]')].some(
            (box) => box.innerText.includes(label) && (
                box.innerText.includes(typed) || [...box.querySelectorAll("input")].some((i) => i.value.includes(typed))
            ))""",
        arg=[label, typed],
        timeout=TIMEOUT,
    )


def declare_by_form(page, references: list[str], fill) -> None:
    for reference in references:
        page.get_by_role("textbox", name="Référence de l'offre").fill(reference)
        fill()
        page.get_by_role("button", name="Enregistrer l'offre").click()
        page.get_by_text(f"Offre {reference} enregistrée.").wait_for(timeout=TIMEOUT)


def import_file(page, content: bytes, name: str) -> None:
    page.get_by_role("tab", name="Importer un fichier").click()
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_text("Aperçu : 10 offre(s) nouvelle(s)").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_text("Import enregistré : 10 ajoutée(s)").wait_for(timeout=TIMEOUT)


def see_own_offers_on_the_map(page) -> None:
    """The map's canvas (not a table's: data grids draw in canvases too) shows the red dots of one's own offers."""
    from harness.browser import wait_for_map_colour

    deck = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    deck.wait_for(timeout=TIMEOUT)
    deck.scroll_into_view_if_needed(timeout=TIMEOUT)
    index = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].indexOf("
        "document.querySelector('[data-testid=stDeckGlJsonChart] canvas'))"
    )
    wait_for_map_colour(page, OWN_DOTS, minimum=15, timeout_s=90, canvas_index=index)


def test_landlord_employer_operator_and_public_journey(app: tuple[str, str], request):
    if not CHROMIUM.exists():
        pytest.skip("Chromium absent (paquet Debian chromium, installé par make test)")

    app, database = app
    page = request.getfixturevalue("page")  # tests/conftest.py: fresh page, screenshot kept on failure
    page.goto(f"{app}/offres")
    page.get_by_text("Vue publique").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_role("heading", name="Mes offres").count() == 0

    # A landlord in Cantal: three dwellings by form, ten by file, then sees them on the map.
    sign_in(page, app, LANDLORD)
    page.get_by_role("heading", name="Mes offres").wait_for(timeout=TIMEOUT)

    def dwelling() -> None:
        choose(page, "Commune", "Aurillac")
        page.get_by_label("Surface (m²)").fill("62")
        page.get_by_label("Loyer hors charges (€ par mois)").fill("395")

    declare_by_form(page, ["LGT-F1", "LGT-F2", "LGT-F3"], dwelling)
    today = dt.date.today()
    dates = {"disponible_le": today.isoformat(), "expire_le": (today + dt.timedelta(days=90)).isoformat()}
    rows = [housing_row(f"LGT-{n:02d}", **dates) for n in range(10)]
    import_file(page, csv_file("logement", rows), "logements.csv")
    page.reload()
    page.get_by_text("Connecté : " + LANDLORD).wait_for(timeout=TIMEOUT)
    see_own_offers_on_the_map(page)
    sign_out(page, app)

    # An employer: three jobs by form, ten by file.
    sign_in(page, app, EMPLOYER)
    page.get_by_role("heading", name="Mes offres").wait_for(timeout=TIMEOUT)

    def job() -> None:
        page.get_by_label("SIRET (14 chiffres)").fill("123 456 782 00002")
        choose(page, "Commune", "Aurillac")
        choose(page, "Métier (code ROME)", "J1501")

    declare_by_form(page, ["EMP-F1", "EMP-F2", "EMP-F3"], job)
    dates = {"debut_le": today.isoformat(), "expire_le": (today + dt.timedelta(days=60)).isoformat()}
    jobs = [job_row(f"EMP-{n:02d}", **dates) for n in range(10)]
    import_file(page, csv_file("emploi", jobs), "emplois.csv")
    page.reload()
    page.get_by_text("Connecté : " + EMPLOYER).wait_for(timeout=TIMEOUT)
    page.get_by_text("Emplois et formations en cours").first.wait_for(timeout=TIMEOUT)  # an employer starts on jobs
    see_own_offers_on_the_map(page)
    sign_out(page, app)

    # An operator records a household's project.
    sign_in(page, app, OPERATOR)
    page.get_by_role("heading", name="Projets des ménages").wait_for(timeout=TIMEOUT)
    assert page.get_by_role("heading", name="Mes offres").count() == 0
    choose(page, "Ménage", "M-0042")
    choose(page, "Métier recherché 1", "K2204")
    choose(page, "Vœu 1", "Cantal")
    page.get_by_role("button", name="Enregistrer le projet").click()
    page.get_by_text("Projet du ménage M-0042 enregistré.").wait_for(timeout=TIMEOUT)
    sign_out(page, app)

    # The public: aggregates only, thirteen of each, no reference, no name, no household.
    page.goto(f"{app}/offres")
    page.get_by_text("Vue publique").first.wait_for(timeout=TIMEOUT)
    page.get_by_text("Logements en cours", exact=True).wait_for(timeout=TIMEOUT)
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Logements en cours")
    assert "13" in metric.inner_text()
    body = page.locator("body").inner_text()
    for private in ("LGT-", "EMP-", "Cantal Habitat", "M-0042", "Mes offres", "Projets des ménages"):
        assert private not in body, private
    page.get_by_text("Emplois et formations", exact=True).first.click()
    page.locator("[data-testid=stMetric]").filter(has_text="Emplois et formations en cours").filter(
        has_text="13"
    ).wait_for(timeout=TIMEOUT)

    # What was recorded, and from where: thirteen of each kind, three by form and ten by file.
    store = open_store(database)
    planner = Principal("planificateur")
    for kind, offerer in (("logement", "CANTAL_HABITAT"), ("emploi", "EHPAD_AURILLAC")):
        offers = offer_store.offers(store, planner, kind, today=dt.date.today())
        assert len(offers) == 13 and set(offers["offerer"]) == {offerer}
        assert offers["import_id"].notna().sum() == 10
    log = offer_store.audit_log(store, planner)
    assert log["source"].value_counts().to_dict() == {"fichier": 20, "formulaire": 7}
    assert projects.projects(store, planner)["external_id"].tolist() == ["M-0042"]
    store.engine.dispose()
