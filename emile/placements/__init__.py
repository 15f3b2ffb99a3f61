"""Where EMILE households are placed: the store, operator imports, privacy-safe aggregates and the cost estimate.

Household records are personal data. Only ``aggregates.publish`` output, which passed small-cell suppression, may be
shown to the public; the planner role alone reads records.
"""
