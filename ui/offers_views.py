"""What everybody sees on the « Offres des territoires » page: the map of published offers by département or bassin,
the table by territory with freshness, the métier families, and the structural capacity kept apart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emile import geography
from emile.formatting import HIDDEN, MISSING, number, percent
from emile.maps import deck
from emile.maps import offers as offer_map
from emile.maps.view import METROPOLE, VIEWS
from emile.offers.aggregates import SOON_DAYS, OfferPublication
from emile.offers.capacity import BMO_LABEL, RPLS_LABEL, lower_bound_text
from emile.offers.vocabulary import HOUSING, JOB_KINDS
from ui import data, tables
from ui.legend import legend

LEVELS = {"departement": "Départements", "bassin": "Bassins d'emploi"}


def names(level: str) -> dict[str, str]:
    """Territory names by code (bassin names as the build spells them, « Saint-Flour »)."""
    if level == "departement":
        return data.departements().set_index("code")["nom"].to_dict()
    return data.geotable("bassins").set_index("code")["nom"].to_dict()


def offer_map_chart(publication: OfferPublication, level: str, own: pd.DataFrame | None) -> None:
    """Choropleth of published counts, with the offerer's own offers as dots when ``own`` is given."""
    table = publication.by_departement if level == "departement" else publication.by_bassin
    counts = table.set_index(level)["offres"]
    background = data.departement_fills() if level == "departement" else data.bassin_fills()
    background = background[~background["code" if level == "departement" else "departement"].map(geography.is_overseas)]
    palette = "logement" if publication.kind == HOUSING else "emploi"
    shaded, entries = offer_map.territories_shaded(background, counts, names(level), palette)
    layers = [deck.polygon_layer(f"offres_{level}", shaded, ["text"])]
    if own is not None and len(own):
        layers.append(offer_map.own_offer_dots(own, data.places(), data.communes().set_index("code")["nom"].to_dict()))
    st.pydeck_chart(deck.deck(layers, VIEWS[METROPOLE], offer_map.TOOLTIP), height=520)
    notes = ["Points rouges : communes de vos offres en cours (visibles de vous seul)."] if own is not None else []
    legend(entries, f"Légende : offres en cours par {LEVELS[level].lower()}", inline=True, notes=notes)


def territory_table(publication: OfferPublication, level: str) -> None:
    """Counts, categories and freshness by territory, hidden cells said in words."""
    table = (publication.by_departement if level == "departement" else publication.by_bassin).copy()
    table.insert(1, "nom", table[level].map(names(level)).fillna("non rattaché"))
    categories = [
        c for c in table.columns if c not in (level, "nom", "offres", "part_expirant_30j", "age_median_jours")
    ]
    shown = tables.spelled_out(table, {"offres": HIDDEN, **{c: HIDDEN for c in categories}})
    # Said in words, never as Streamlit's None: a share withheld because it would reveal a small count, an age of a
    # group whose count is hidden.
    shown["part_expirant_30j"] = [HIDDEN if pd.isna(v) else percent(100 * v, 0) for v in table["part_expirant_30j"]]
    shown["age_median_jours"] = [HIDDEN if pd.isna(v) else number(v) for v in table["age_median_jours"]]
    labels = {c: JOB_KINDS.get(c, c) for c in categories}
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            level: "Code",
            "nom": LEVELS[level][:-1] if level == "departement" else "Bassin d'emploi",
            "offres": "Offres en cours",
            "part_expirant_30j": f"Expirant sous {SOON_DAYS} jours",
            "age_median_jours": "Âge médian (jours)",
            **labels,
        },
    )
    st.caption(
        f"Offres disponibles ou proposées dont la date d'expiration n'est pas passée. « {HIDDEN} » : effectif "
        "sous le seuil de diffusion, ou qui permettrait d'en retrouver un par différence. La part expirant "
        f"sous {SOON_DAYS} jours n'est donnée que lorsqu'elle ne révèle aucun petit effectif."
    )


def family_table(publication: OfferPublication, departement: str | None) -> None:
    """Published job offers by FAP 2009 family, for France or one département."""
    scope = publication.by_family[publication.by_family["departement"] == (departement or "FR")]
    families = data.metiers().family_labels
    shown = scope.assign(libelle=scope["fap"].map(families)).sort_values("offres", ascending=False, na_position="last")
    st.dataframe(
        tables.spelled_out(shown[["fap", "libelle", "offres"]], {"offres": HIDDEN}),
        hide_index=True,
        column_config={"fap": "Famille (FAP 2009)", "libelle": "Métiers", "offres": "Offres en cours"},
    )


def capacity_section(kind: str, departement: str | None) -> None:
    """« Capacité structurelle (statistique) » by bassin, apart from registered offers."""
    st.subheader("Capacité structurelle (statistique)")
    st.info(
        "Ces chiffres viennent de la statistique publique, pas d'offres déclarées : des logements sociaux vacants "
        f"({RPLS_LABEL}) et des projets de recrutement jugés difficiles par les employeurs ({BMO_LABEL}). Ils "
        "indiquent où chercher des partenaires ; ils ne s'ajoutent jamais aux offres enregistrées.",
        icon=":material/query_stats:",
    )
    table = data.structural_capacity()
    if departement:
        table = table[table["departement"] == departement]
    registered = "offres_logement_enregistrees" if kind == HOUSING else "offres_emploi_enregistrees"
    only_empty = st.toggle("Seulement les bassins sans offre enregistrée en cours", value=True, key="capacite_vides")
    if only_empty:
        table = table[~table[registered]]
    shown = pd.DataFrame(
        {
            "Bassin d'emploi": table["nom"],
            "Département": table["departement"],
            "Logements sociaux vacants": [
                lower_bound_text(v, s)
                for v, s in zip(table["logements_sociaux_vacants"], table["communes_non_diffusees"], strict=True)
            ],
            "Projets de recrutement difficiles": [
                lower_bound_text(v, s)
                for v, s in zip(table["projets_difficiles"], table["cellules_secretes"], strict=True)
            ],
            "Familles de métiers les plus demandées": table["familles_principales"].fillna(MISSING),
            "Offres enregistrées en cours": table[registered].map({True: "oui", False: "aucune"}),
        }
    )
    st.dataframe(shown, hide_index=True, placeholder=MISSING)
    st.caption(
        f"{number(len(shown))} bassins. « au moins » : somme sans les communes ou cellules couvertes par le secret "
        "statistique. Familles : les trois premières par nombre de projets difficiles (cellules publiées)."
    )
