"""Streamlit-side helpers shared by the pages: cached data access, banners, shared selection state.

Kept apart from the ``emile`` domain package, which never imports streamlit.
"""
