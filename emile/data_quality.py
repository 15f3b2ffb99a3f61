"""What the build corrected, excluded or flagged in the public files, read from ``manifest.json`` (« qualite »):
one row per rule, by source, with how many territories (or years) it touched. The sources page shows it so that a
planner sees every figure that is not the publisher's raw value, and why."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# Order in which the kinds are listed, the most consequential first.
KIND_ORDER = ("rupture de série", "exclusion", "correction", "somme partielle", "non comparable")
LISTED = 12


def quality_entries(manifest: Mapping[str, object]) -> list[dict[str, object]]:
    """The manifest's quality list (empty for a snapshot built before it existed)."""
    entries = manifest.get("qualite", [])
    return list(entries) if isinstance(entries, list) else []


def quality_table(manifest: Mapping[str, object]) -> pd.DataFrame:
    """One row per rule: source title, kind, rule in French, count and the first codes concerned."""
    sources = manifest.get("sources", {})
    rows = []
    for entry in quality_entries(manifest):
        source = sources.get(entry["source"], {}) if isinstance(sources, Mapping) else {}
        codes = [str(c) for c in entry.get("codes", [])]
        more = int(entry.get("nombre", len(codes))) - min(len(codes), LISTED)
        rows.append(
            {
                "Source": source.get("titre", entry["source"]),
                "Type": entry["type"],
                "Règle appliquée": entry["regle"],
                "Nombre": int(entry.get("nombre", len(codes))),
                "Territoires ou millésimes": ", ".join(codes[:LISTED]) + (f" (+ {more})" if more > 0 else ""),
            }
        )
    columns = ["Source", "Type", "Règle appliquée", "Nombre", "Territoires ou millésimes"]
    table = pd.DataFrame(rows, columns=columns)
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return table.sort_values(["Type", "Source"], key=lambda c: c.map(rank) if c.name == "Type" else c, kind="stable")


def quality_counts(manifest: Mapping[str, object]) -> pd.DataFrame:
    """Territories (or years) touched per source and kind, for the summary line of the page."""
    table = quality_table(manifest)
    if table.empty:
        return pd.DataFrame(columns=["Source", *KIND_ORDER])
    counts = table.pivot_table(index="Source", columns="Type", values="Nombre", aggfunc="sum", fill_value=0)
    return counts.reindex(columns=[k for k in KIND_ORDER if k in counts.columns]).reset_index()


def series_breaks(manifest: Mapping[str, object], source_id: str) -> list[int]:
    """Millésimes of ``source_id`` flagged « rupture de série », for the legends of its indicators."""
    return sorted(
        int(code)
        for entry in quality_entries(manifest)
        if entry["source"] == source_id and entry["type"] == "rupture de série"
        for code in entry.get("codes", [])
    )


def reference_populations(manifest: Mapping[str, object]) -> dict[str, str]:
    """The population vintage every per-inhabitant rate divides by, per level (empty for an older snapshot)."""
    found = manifest.get("populations_reference", {})
    return dict(found) if isinstance(found, Mapping) else {}


def series_break_note(manifest: Mapping[str, object], source_id: str) -> str | None:
    """The legend line saying which millésimes of ``source_id`` are series breaks and left out, if any."""
    years = series_breaks(manifest, source_id)
    if not years:
        return None
    listed = ", ".join(str(y) for y in years)
    return f"Rupture de série en {listed} (changement de méthode) : millésime non retenu, aucune évolution calculée."
