"""Where EMILE households are placed: the store, operator imports, privacy-safe aggregates, dated public releases and
the cost estimate.

Household records are personal data. The public sees only what a release published (``releases``, built by
``aggregates.publish`` with small-cell suppression against the previous release) or the flagged demo cohort; the
planner role alone reads records.
"""
