"""Everything the dashboard draws on a map, in one place.

- ``geometry``: shapes simplified, rounded and shrunk for drawing (borders are the white gaps between fills);
- ``classes``: values → classes → colours → legend (mapclassify), one classifier for every choropleth, screen or PDF;
- ``view``: the views offered (metropolitan France, each overseas département) and the view that fits a territory;
- ``deck``: pydeck layers and decks that send the browser as little as possible and fetch no basemap;
- ``state``: the « Carte » page's view as a small value that round-trips through the link;
- the layer builders of each screen: ``programme`` (home), ``overlay`` (Carte), ``placements``, ``briefing``.
"""
