"""The Carte's commune panel: the commune's values beside the medians of communes, then the recruitment figures of
its bassin d'emploi (BMO is published by bassin only), labelled as the bassin's values so that a mayor never reads
them as the commune's own."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from emile import commune_profile, indicators
from emile.formatting import MISSING
from emile.maps import overlay
from emile.medians import MIN_VALUES, median_text
from ui import data


def profile_table(
    rows: Sequence[commune_profile.ProfileRow],
    values: tuple[str, Sequence[str]],
    departement_median: str,
    national_median: str,
) -> pd.DataFrame:
    """A territory's figures beside its two medians, by theme: the one table of the commune panel and the EPCI panel,
    which differ only in their column headings and in how the territory's own values are written (``values``: the
    heading and the texts)."""
    heading, texts = values
    return pd.DataFrame(
        {
            "Thème": [indicators.THEME_LABELS[r.indicator.theme] for r in rows],
            "Indicateur": [r.indicator.label for r in rows],
            heading: list(texts),
            departement_median: [median_text(r.departement_median, r.indicator.unit) for r in rows],
            national_median: [median_text(r.national_median, r.indicator.unit) for r in rows],
            "Millésime": [r.indicator.vintage for r in rows],
        }
    ).set_index("Thème")


def draw(code: str, indicator_ids: Sequence[str]) -> None:
    """The panel of commune ``code`` for the indicators the three maps show."""
    communes = data.indicators("commune")
    st.subheader(f"{communes.at[code, 'nom']} ({code})")
    rows = commune_profile.profile(communes, code, indicator_ids)
    st.table(
        profile_table(
            rows,
            ("Commune", [overlay.value_text(r.value, r.indicator) for r in rows]),
            "Médiane du département (communes)",
            "Médiane nationale (communes)",
        )
    )
    st.caption(
        f"Médianes des communes ayant une valeur, leur nombre entre parenthèses (pas de médiane sur moins de "
        f"{MIN_VALUES} communes) ; « {MISSING} » : donnée absente ou couverte par le secret statistique."
    )
    _bassin(code)


def _bassin(code: str) -> None:
    bassin = commune_profile.bassin_profile(data.places(), data.indicators("bassin"), code)
    if bassin is None:
        st.caption("Cette commune n'est rattachée à aucun bassin d'emploi dans les données : pas de chiffre BMO.")
        return
    st.markdown(f"**{bassin.title}**")
    st.table(
        pd.DataFrame(
            {
                "Indicateur": [f.label for f in bassin.figures],
                "Bassin d'emploi": [f.value for f in bassin.figures],
                "Médiane des bassins": [f.median for f in bassin.figures],
                "Millésime": [f.vintage for f in bassin.figures],
            }
        ).set_index("Indicateur")
    )
    st.caption(
        "L'enquête Besoins en main-d'œuvre (France Travail) est publiée par bassin d'emploi, pas par commune : ces "
        f"chiffres sont ceux de tout le bassin ({bassin.code}). « {commune_profile.AT_LEAST} » : somme des seules "
        "cellules publiées, le secret statistique en couvre d'autres. Entre parenthèses après une part, la "
        "fourchette que le secret laisse ; après une médiane, le nombre de bassins qui ont une valeur."
    )
