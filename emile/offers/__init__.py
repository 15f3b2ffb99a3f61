"""Local offers and household projects: what each territory can offer (dwellings from landlords and communes, jobs
and qualifying trainings from employers and communes) and what each household of the placement store seeks.

Offers and projects live in the placement store. Records reach only whom ``access`` allows; the public sees
``aggregates.publish`` output, which passed small-cell suppression, and the structural capacity of ``capacity``,
public statistics kept apart from registered offers.
"""
