"""The built-in extractors, registered through the same hook a third party uses."""
from ..hookspecs import hookimpl
from ..model import Extractor
from .counts import extract_counts
from .dates import extract_dates
from .incidents import extract_incidents
from .statements import extract_statements


@hookimpl
def register_extractors():
    # dates first: counts skip the numbers inside dates, incidents inherit their dates
    return [
        Extractor("dates", extract_dates, order=10),
        Extractor("counts", extract_counts, order=20),
        Extractor("statements", extract_statements, order=30),
        Extractor("incidents", extract_incidents, order=40),
    ]
