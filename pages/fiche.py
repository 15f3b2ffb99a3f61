"""Fiche territoire: the one-page prefecture briefing of a département, on screen and as PDF, and the ZIP of a list.

Screen and PDF render the same ``Briefing`` object and the same text helpers, so they never disagree.
"""

from __future__ import annotations

import streamlit as st

from emile.briefing import build_briefing
from emile.briefing.batch import file_name
from emile.briefing.docx import render_docx
from emile.briefing.territory_map import DEFAULT_HEADLINE, headline_choices
from ui import briefing as sheet
from ui import data, layout, local_sheet

st.title("Fiche territoire")
st.caption(
    "Une page par département, commune ou EPCI, à poser sur la table : pourquoi il est (ou non) un bon territoire "
    "d'accueil EMILE, avec des chiffres citables et leurs sources. La même fiche s'imprime en PDF."
)

presets = data.config().scoring.presets
local_sheet.search_box("fiche_recherche", "Fiche d'une commune ou d'un EPCI")
territory = local_sheet.requested()
if territory:  # ?commune=15187 or ?epci=200066660: the sheet of a commune or an EPCI
    preset_id = st.selectbox(
        "Préréglage du classement", list(presets), format_func=lambda p: presets[p].label, key="fiche_preset"
    )
    local_sheet.show(preset_id, *territory)
    st.divider()
    kind, code = territory
    local_sheet.batch(preset_id, local_sheet.epci_of(*territory), data.indicators(kind).at[code, "departement"])
    st.stop()
names = data.departements().set_index("code")["nom"]
current = layout.chosen_departement()
left, middle, right = st.columns([2, 2, 1])
code = left.selectbox(
    "Département",
    list(names.index),
    format_func=lambda c: f"{names[c]} ({c})",
    index=list(names.index).index(current) if current in names else None,
    placeholder="Choisir un département…",
    key="fiche_departement",
)
choices = {i.id: i for i in headline_choices(data.indicators("commune"))}
headline = middle.selectbox(
    "Indicateur de la carte",
    list(choices),
    format_func=lambda i: choices[i].label,
    index=list(choices).index(DEFAULT_HEADLINE),
    key="fiche_indicateur",
)
preset_id = right.selectbox(
    "Préréglage du classement", list(presets), format_func=lambda p: presets[p].label, key="fiche_preset"
)

context = sheet.context(preset_id)
if code is None:
    st.info("Choisissez un département pour afficher sa fiche.")
else:
    if code != st.query_params.get("dep"):  # the link names the sheet shown, so that it can be shared
        layout.choose_departement(code)
    briefing = build_briefing(context, code, headline)
    st.header(briefing.title)
    st.caption(
        f"Région {briefing.region_name} · {briefing.status_label} · instantané de données du "
        f"{briefing.snapshot_date.strftime('%d/%m/%Y')}"
    )
    comment = st.text_area(
        "Commentaire à joindre à la fiche (facultatif)",
        key=f"fiche_commentaire_{code}",
        max_chars=sheet.COMMENT_MAX_CHARS,
        placeholder="Par exemple : points à aborder avec le préfet, partenaires rencontrés, prochaines étapes.",
        help="Imprimé sur la fiche PDF et repris dans la version modifiable (DOCX). Il n'est enregistré nulle part.",
    ).strip()
    pdf_column, docx_column = st.columns(2)
    pdf_column.download_button(
        "Télécharger la fiche (PDF)",
        sheet.pdf(preset_id, code, headline, comment),
        file_name=file_name(code, briefing.name),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        key="telecharger_pdf",
        on_click="ignore",
    )
    docx_column.download_button(
        "Version modifiable (DOCX)",
        lambda: render_docx(briefing, comment),
        file_name=file_name(code, briefing.name).removesuffix(".pdf") + ".docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/edit_document:",
        key="telecharger_docx",
        on_click="ignore",
    )
    map_column, side_column = st.columns([3, 2], gap="large")
    with map_column:
        sheet.draw_map(briefing)
    with side_column:
        sheet.draw_side(briefing)
    sheet.draw_tables(briefing)
st.divider()
sheet.draw_batch(preset_id, headline)
if code is not None:
    local_sheet.batch(preset_id, None, code)
