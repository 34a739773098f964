"""Places: the gazetteer (GeoNames places and their spellings) and name matching.

``Gazetteer.open()`` gives lookups; ``build_gazetteer`` makes the file from
installed packages; ``import_geonames`` adds a full GeoNames dump.
"""

from frontlines.geo.build import GazetteerSources, build_gazetteer
from frontlines.geo.gazetteer import Candidate, Gazetteer, Place, default_gazetteer_path
from frontlines.geo.importer import import_geonames
from frontlines.geo.names import PlacePhrase, name_keys, normalise_name, split_place_phrase

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerSources",
    "Place",
    "PlacePhrase",
    "build_gazetteer",
    "default_gazetteer_path",
    "import_geonames",
    "name_keys",
    "normalise_name",
    "split_place_phrase",
]

from frontlines.geo.geoparse import geocode_spans, geoparse  # noqa: E402
from frontlines.geo.resolve import PlaceMention  # noqa: E402

__all__ += ["PlaceMention", "geocode_spans", "geoparse"]
