"""The picture library: a catalogue of open pictures, search by meaning, credits.

    from generator.pictures import load_catalogue, search
    search("travelling by bus", limit=3)  # -> [Match(name='bus', score=..., ...), ...]

``catalogue`` holds the data (pictures, sets, licences, credits), ``index`` builds
the compact index the catalogue loads from, ``search`` ranks pictures for some words,
and ``sheets`` writes the gallery and contact sheets.
"""

from __future__ import annotations

from .catalogue import Catalogue, Icon, Licence, Picture, PictureSet, load_catalogue, svg_over_budget
from .search import Match, fits, search

__all__ = ["Catalogue", "Icon", "Licence", "Match", "Picture", "PictureSet", "fits", "load_catalogue", "search", "svg_over_budget"]
