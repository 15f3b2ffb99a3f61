"""Matching households to (dwelling, job or training) combinations under the operators' capacities, with the reasons
shown and a person deciding (« Appariement » page, planners only).

``inputs`` reads what the matching needs from the store (projects ready for a proposal, offers in force) and the
snapshot; ``candidates`` builds the feasible combinations sparsely with their additive score; ``solve`` finds the
optimal assignment (integer program, HiGHS; ``lagrange`` at national scale, with its proven gap) and the two greedy
baselines; ``explain`` says why each household got its proposal and not another territory; ``store`` keeps every
run and every decision, and replays a run; ``outcomes`` sets the situations at 6 and 12 months of the households
oriented beside the others'.
"""
