"""Streamlit writes « Choose an option » in a selectbox that starts empty and in a multiselect, unless the call gives
its own placeholder: every such call of the interface must give a French one."""

from __future__ import annotations

import ast
from pathlib import Path

from emile.config import PROJECT_ROOT

INTERFACE = [
    PROJECT_ROOT / "app.py",
    *sorted((PROJECT_ROOT / "ui").glob("*.py")),
    *sorted((PROJECT_ROOT / "pages").glob("*.py")),
]


def _keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}


def _starts_empty(call: ast.Call) -> bool:
    index = _keywords(call).get("index")
    return isinstance(index, ast.Constant) and index.value is None


def choices_without_placeholder(path: Path) -> list[str]:
    """``line widget`` for every call of ``path`` that would show Streamlit's English placeholder."""
    missing = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        widget = node.func.attr
        needs = widget == "multiselect" or (widget == "selectbox" and _starts_empty(node))
        if needs and "placeholder" not in _keywords(node):
            missing.append(f"{node.lineno} {widget}")
    return missing


def test_every_empty_choice_has_a_french_placeholder():
    missing = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}" for path in INTERFACE for line in choices_without_placeholder(path)
    ]
    assert not missing, missing


def test_the_check_finds_a_missing_placeholder(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        'import streamlit as st\nst.selectbox("A", [1], index=None)\nst.selectbox("B", [1])\n'
        'st.multiselect("C", [1], placeholder="Choisir…")\nst.multiselect("D", [1])\n',
        encoding="utf-8",
    )
    assert choices_without_placeholder(sample) == ["2 selectbox", "5 multiselect"]
