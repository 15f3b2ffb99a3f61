"""Multi-criteria ranking of territories for EMILE: weights, normalisation, pymcdm methods, explanation, sensitivity,
similarity to pilots, scenarios and exports. Pure functions on DataFrames; see each module for the choices made."""
