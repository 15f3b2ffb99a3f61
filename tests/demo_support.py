"""A store holding both demo sets, the placements cohort and the offers with their household projects: what the
pages of the programme show on a fresh install, and what the Offres and Appariement tests read."""

from __future__ import annotations

import datetime as dt

from emile.config import load_config
from emile.geography import load_communes
from emile.offers import demo as offers_demo
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.store import open_store


def demo_store(url: str, *, households: int, offers: int) -> str:
    """Create the store at ``url`` with ``households`` demo households and ``offers`` demo offers of each kind (and
    the projects of the demo households), dated today; return ``url``."""
    store = open_store(url)
    today = dt.date.today()
    create_demo(store, programme_cohort(load_config(), load_communes(), size=households, today=today))
    offer_sets, projects = offers_demo.programme_demo(load_config(), store, size=offers, today=today)
    offers_demo.create_demo(store, offer_sets, projects, today=today)
    store.engine.dispose()
    return url
