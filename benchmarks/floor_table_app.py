"""The floor of the Classement benchmark: a bare Streamlit page with the same controls' kind (a level radio) and a
table of the same size as the commune ranking, nothing else. What no page of this stack can beat."""

import numpy as np
import pandas as pd
import streamlit as st

ROWS, COLUMNS = 700, 28
level = st.radio("Niveau", ["Département", "Commune"], horizontal=True)
frame = pd.DataFrame(np.random.default_rng(0).random((ROWS, COLUMNS)), columns=[f"critère {i}" for i in range(COLUMNS)])
st.markdown(f"**En tête** : 1er {level} modèle")
st.dataframe(frame)
