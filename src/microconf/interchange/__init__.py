"""Schedule interchange: exports and lenient importers over a neutral model.

Pure functions over frozen dataclasses; no Django, no I/O. See
docs/interchange.md for the formats, dialects and reported assumptions.
"""

from microconf.interchange.export_csv import to_csv
from microconf.interchange.export_frab_json import frab_json_document, to_frab_json
from microconf.interchange.export_frab_xml import to_frab_xml
from microconf.interchange.export_ical import ical_uid, to_ical
from microconf.interchange.identity import MICROCONF_NAMESPACE, stable_guid
from microconf.interchange.model import (
    Assumption,
    Day,
    Event,
    ImportedConference,
    ImportReport,
    InterchangeError,
    Link,
    Person,
    Recording,
    Room,
    Schedule,
    Track,
)

__all__ = [
    "MICROCONF_NAMESPACE",
    "Assumption",
    "Day",
    "Event",
    "ImportReport",
    "ImportedConference",
    "InterchangeError",
    "Link",
    "Person",
    "Recording",
    "Room",
    "Schedule",
    "Track",
    "frab_json_document",
    "ical_uid",
    "stable_guid",
    "to_csv",
    "to_frab_json",
    "to_frab_xml",
    "to_ical",
]
