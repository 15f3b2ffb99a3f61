"""Page furniture every screen shares: the staleness banner and the sources footer."""

from __future__ import annotations

import streamlit as st

from emile import snapshot
from ui import data


def stale_snapshot_banner() -> None:
    """Warn on every page when the data snapshot is older than the age set in config.toml."""
    manifest = data.manifest()
    limit = data.config().application.max_data_age_days
    age = snapshot.age_in_days(manifest)
    if age > limit:
        built = snapshot.build_date(manifest).strftime("%d/%m/%Y")
        st.warning(
            f"Les données datent du {built} ({age} jours, au-delà des {limit} jours fixés dans config.toml). "
            "Reconstruisez l'instantané avec « make data ».",
            icon=":material/history:",
        )


def selected_departement_param() -> str | None:
    """The département in the link (``?dep=15``), so that a shared link reopens the same territory."""
    return st.query_params.get("dep")
