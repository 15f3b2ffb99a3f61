"""The prefecture briefing (« Fiche territoire »): one page per département, on screen and as PDF.

``load_context`` reads the snapshot once, ``build_briefing`` assembles the ``Briefing`` data object of a département,
``render_pdf`` prints it on one A4 page and ``export_zip`` prints a list of them into one ZIP. The sheet of a commune
or an EPCI, for local elected officials, is built from the same parts in ``local`` and printed by ``local_pdf``.
"""

from emile.briefing.assemble import build_briefing
from emile.briefing.context import BriefingContext, load_context
from emile.briefing.model import Briefing

__all__ = ["Briefing", "BriefingContext", "build_briefing", "load_context"]
