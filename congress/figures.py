"""The shapes of the annual report's figures, in the core so that every app can build them without
importing reports (DESIGN.md: nothing reads reports). Each app declares its builders on its AppConfig
(``portal = {"figures": "<app>.figures.figures", "records": "<app>.figures.records"}``); reports collects
them through ``congress.contrib.contributions``."""

from dataclasses import asdict, dataclass
from decimal import Decimal


@dataclass
class Figure:
    key: str
    part: str  # reports.models.Part value
    label: str
    value: int | float | Decimal
    unit: str
    definition: str
    staff_url: str = ""  # the records behind it (staff)
    public_url: str = ""  # its public summary, where one exists

    def as_json(self) -> dict:
        data = asdict(self)
        data["value"] = float(self.value) if isinstance(self.value, Decimal) else self.value
        data.pop("staff_url")
        return data


@dataclass
class Records:
    """The rows behind a figure that no app's own list shows as one count or sum (a union of two kinds
    of records, a sum of a column, a rate), and their total: equal to the figure."""

    headers: list
    rows: list
    total: int | float | Decimal
