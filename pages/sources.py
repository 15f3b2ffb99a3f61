"""Every source of the snapshot: publisher, vintage, licence, link, coverage; the build date; and what the build
corrected, excluded or flagged (« Qualité des données »)."""

import pandas as pd
import streamlit as st

from emile import data_quality, snapshot
from emile.formatting import MISSING, number
from emile.indicators import LEVEL_LABELS
from emile.indicators.summary import catalogue_table
from ui import data, tables

st.title("Données et sources")
manifest = data.manifest()
built = snapshot.build_date(manifest).strftime("%d/%m/%Y")
st.markdown(
    f"Instantané construit le **{built}** à partir de fichiers publics, sans aucune valeur inventée : une valeur "
    f"secrète ou manquante reste affichée comme « {MISSING} »."
)

geo = manifest["geographie"]
filled = geo["communes_completees_par_communes_deleguees"]
st.subheader("Géographie")
st.markdown(
    f"- **{geo['editeur']}**, version {geo['version']} — licence {geo['licence']} — [{geo['page']}]({geo['page']})\n"
    f"- {number(geo['communes'])} communes, {geo['departements']} départements, {geo['regions']} régions\n"
    f"- Communes complétées par leurs communes déléguées : {', '.join(filled) or 'aucune'}\n"
    f"- Communes sans contour dans la source : {', '.join(geo['communes_sans_contour']) or 'aucune'}"
)

st.subheader("Sources statistiques")
sources = manifest.get("sources", {})
if not sources:
    st.info("Aucune source statistique dans cet instantané.")
else:
    table = pd.DataFrame(
        [
            {
                "Source": s["titre"],
                "Éditeur": s["editeur"],
                "Millésime": s["millesime"],
                "Licence": s["licence"],
                "Lien": s["page"],
                "Lignes lues": s["lignes_lues"],
                "Lignes retenues": s["lignes_retenues"],
                "Codes non rattachés": s["codes_non_rattaches"],
                "Empreinte SHA-256": s["sha256"][:12] + "…",
            }
            for s in sources.values()
        ]
    )
    tables.dataframe(table, hide_index=True, column_config={"Lien": st.column_config.LinkColumn("Lien")})

st.subheader("Indicateurs : définitions et couverture")
st.caption("Couverture : part des territoires du niveau qui ont une valeur (les autres sont secrètes ou absentes).")
catalogue = catalogue_table(manifest.get("couverture", {}))
if catalogue.empty:
    st.info("Aucun indicateur dans cet instantané.")
else:
    tables.dataframe(
        catalogue,
        decimals={"Couverture (%)": 1},
        hide_index=True,
        column_config={"Définition": st.column_config.TextColumn(width="large")},
    )

st.subheader("Qualité des données")
populations = data_quality.reference_populations(manifest)
if populations:
    # Lower case inside the sentence, except an acronym (« EPCI »).
    vintages = [
        f"{name if name.split()[0].isupper() else name.lower()} : {populations[key]}"
        for key, name in LEVEL_LABELS.items()
        if key in populations
    ]
    st.markdown(
        "**Population de référence** : tout taux par habitant divise par la population du même millésime que la "
        "colonne « population » — " + " ; ".join(vintages) + "."
    )
quality = data_quality.quality_table(manifest)
if quality.empty:
    st.info("Aucune correction, exclusion ni rupture de série enregistrée dans cet instantané.")
else:
    counts = data_quality.quality_counts(manifest)
    st.markdown(
        "Chaque valeur qui n'est pas la valeur brute de l'éditeur est listée ici, avec la règle appliquée : "
        + " ; ".join(
            f"**{row['Source']}** : "
            + ", ".join(f"{kind} {number(row[kind])}" for kind in counts.columns[1:] if row[kind])
            for _, row in counts.iterrows()
        )
        + "."
    )
    tables.dataframe(
        quality, hide_index=True, column_config={"Règle appliquée": st.column_config.TextColumn(width="large")}
    )
