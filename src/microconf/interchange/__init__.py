"""Schedule interchange: exports and lenient importers over a neutral model.

Pure functions over frozen dataclasses; no Django, no I/O. See
docs/interchange.md for the formats, dialects and reported assumptions.
"""

from microconf.interchange.days import schedule_days
from microconf.interchange.detect import detect_and_import
from microconf.interchange.export_csv import to_csv
from microconf.interchange.export_frab_json import frab_json_document, to_frab_json
from microconf.interchange.export_frab_xml import to_frab_xml
from microconf.interchange.export_ical import ical_uid, to_ical
from microconf.interchange.identity import MICROCONF_NAMESPACE, event_slug, stable_guid
from microconf.interchange.import_builder import Progress
from microconf.interchange.import_frab_json import from_frab_json, from_pretalx_json
from microconf.interchange.import_frab_xml import from_frab_xml
from microconf.interchange.import_ical import from_ical
from microconf.interchange.import_indico import from_indico_json
from microconf.interchange.model import (
    Assumption,
    Day,
    Event,
    ImportedConference,
    ImportOptions,
    ImportReport,
    InterchangeError,
    Link,
    Person,
    Recording,
    Room,
    Schedule,
    Track,
)
from microconf.interchange.safe_parsing import MAX_IMPORT_BYTES

__all__ = [
    "MAX_IMPORT_BYTES",
    "MICROCONF_NAMESPACE",
    "Assumption",
    "Day",
    "Event",
    "ImportOptions",
    "ImportReport",
    "ImportedConference",
    "InterchangeError",
    "Link",
    "Person",
    "Progress",
    "Recording",
    "Room",
    "Schedule",
    "Track",
    "detect_and_import",
    "event_slug",
    "frab_json_document",
    "from_frab_json",
    "from_frab_xml",
    "from_ical",
    "from_indico_json",
    "from_pretalx_json",
    "ical_uid",
    "schedule_days",
    "stable_guid",
    "to_csv",
    "to_frab_json",
    "to_frab_xml",
    "to_ical",
]
