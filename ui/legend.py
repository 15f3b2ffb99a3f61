"""The one map legend of the dashboard: a swatch per colour with what it means and, where it helps, how many
territories have it. Rendered as an accessible list (``role="list"`` with a French label) under the map."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import streamlit as st

from emile.formatting import number
from emile.maps.classes import LegendEntry

_FILL = "width:16px;height:12px;border:1px solid #777;background:rgb{colour}"
_OUTLINE = "width:16px;height:12px;border:3px solid rgb{colour}"
_DOT = "width:10px;height:10px;border-radius:50%;border:1px solid #fff;outline:1px solid #777;background:rgb{colour}"


def legend_html(
    entries: Sequence[LegendEntry],
    title: str,
    *,
    notes: Sequence[str] = (),
    outline: bool = False,
    dot: bool = False,
    counts: bool = True,
    inline: bool = False,
) -> str:
    """The legend's HTML, with ``notes`` (plain text lines) under the entries. ``outline`` draws each swatch as a
    frame (outlined territories), ``dot`` as a dot (points), instead of a fill; ``inline`` lays entries side by
    side (under a wide map) instead of one per line (under a narrow one)."""
    swatch = _OUTLINE if outline else _DOT if dot else _FILL
    layout = "display:inline-flex;margin-right:14px" if inline else "display:flex;margin:2px 0"
    items = "".join(
        f"<div role='listitem' style='{layout};align-items:center;gap:6px'>"
        f"<span aria-hidden='true' style='{swatch.format(colour=tuple(entry.colour))}'></span>"
        f"{escape(entry.label, quote=False)}{f' ({number(entry.count)})' if counts else ''}</div>"
        for entry in entries
    )
    lines = "<br/>".join(escape(line, quote=False) for line in notes)
    footer = f"<div style='color:#555;margin-top:4px;font-size:0.85rem'>{lines}</div>" if notes else ""
    return f"<div role='list' aria-label='{escape(title, quote=True)}' style='font-size:0.85rem'>{items}</div>{footer}"


def legend(entries: Sequence[LegendEntry], title: str, **options) -> None:
    """Draw the legend (see ``legend_html`` for the options)."""
    st.markdown(legend_html(entries, title, **options), unsafe_allow_html=True)
