"""EMILE Territoires domain package: geography, indicators, scoring, placements, briefings.

Nothing here imports streamlit, so every rule of the product can be tested with plain pytest.
"""
