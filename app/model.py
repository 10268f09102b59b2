"""Plain records of the cell: dataclasses with their validation (messages in Vietnamese)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields

from .i18n import N_, _
from .vntext import hidden_characters, nfc

PARTY_STATUSES = {"full": N_("Full member"), "probationary": N_("Probationary member")}
GENDERS = {"": N_("Not given"), "male": N_("Male"), "female": N_("Female")}
TEMP_STATUSES = {
    "": N_("Regular"),
    "here": N_("Meeting here temporarily"),
    "elsewhere": N_("Meeting elsewhere temporarily"),
}
UNIT_TYPES = {
    "administrative": N_("Administrative office"),
    "education": N_("Education"),
    "health": N_("Health"),
    "student": N_("Students"),
    "other": N_("Other"),
}
PROBATION_MONTHS = 12
MIN_ADMISSION_AGE = 18


class ValidationError(ValueError):
    """Raised with the list of field errors when a record cannot be saved."""

    def __init__(self, errors: list["FieldError"]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value) -> dt.date | None:
    """A date from a form, a CSV cell or an Excel cell; ``None`` when empty.

    Accepts 03/04/2024, 3/4/2024, 2024-04-03, 03-04-2024, 03.04.2024 and date/datetime
    objects. Raises ValueError with a Vietnamese message for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“{value}” is not a valid date (use dd/mm/yyyy).").format(value=text))


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Member:
    id: str = ""
    full_name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    position: str = ""
    party_status: str = "full"
    admitted_on: dt.date | None = None
    full_on: dt.date | None = None
    exempt_from: dt.date | None = None
    exempt_to: dt.date | None = None
    exempt_reason: str = ""
    temp_status: str = ""
    card_no: str = ""
    phone: str = ""
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: str = ""

    _DATES = ("birth_date", "admitted_on", "full_on", "exempt_from", "exempt_to",
              "joined_on", "left_on")

    def normalised(self) -> "Member":
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and f.name != "id":
                setattr(self, f.name, nfc(value))
        return self

    def is_member_on(self, day: dt.date) -> bool:
        if self.joined_on and self.joined_on > day:
            return False
        return not (self.left_on and self.left_on <= day)

    def is_exempted_on(self, day: dt.date) -> bool:
        if not self.exempt_from or self.exempt_from > day:
            return False
        return not (self.exempt_to and self.exempt_to < day)

    def probation_ends(self) -> dt.date | None:
        if self.party_status != "probationary" or not self.admitted_on:
            return None
        return add_months(self.admitted_on, PROBATION_MONTHS)

    def probation_overdue(self, today: dt.date) -> bool:
        """A probationary member whose 12 months are over: the cell must consider them."""
        end = self.probation_ends()
        return end is not None and end <= today

    def to_row(self) -> dict:
        row = asdict(self)
        for name in self._DATES:
            row[name] = _iso(row[name])
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Member":
        kwargs = {f.name: row.get(f.name) for f in fields(cls) if f.name in row}
        for name in cls._DATES:
            kwargs[name] = dt.date.fromisoformat(kwargs[name]) if kwargs.get(name) else None
        for key, value in list(kwargs.items()):
            if value is None and key not in cls._DATES:
                kwargs[key] = ""
        return cls(**kwargs)

    def to_json(self, today: dt.date | None = None) -> dict:
        today = today or dt.date.today()
        data = self.to_row()
        data["status"] = self.party_status
        data["exempted"] = self.is_exempted_on(today)
        data["left"] = bool(self.left_on and self.left_on <= today)
        data["probation_overdue"] = self.probation_overdue(today)
        return data


_NAME_OK = re.compile(r"^[^\d@#$%^&*_=+<>{}\[\]|\\/;:!?\"]+$")
_PHONE_OK = re.compile(r"^\+?[\d .\-()]{6,20}$")


def validate_member(m: Member, today: dt.date | None = None) -> list[FieldError]:
    today = today or dt.date.today()
    errors: list[FieldError] = []

    def err(field: str, message: str) -> None:
        errors.append(FieldError(field, message))

    for f in fields(m):
        value = getattr(m, f.name)
        if isinstance(value, str) and f.name != "id" and hidden_characters(value):
            err(f.name, _hidden_message(value))
    name = nfc(m.full_name)
    if not name:
        err("full_name", _("Enter the member's full name."))
    elif hidden_characters(name):
        pass   # reported above
    elif not _NAME_OK.match(name):
        err("full_name", _("The full name may contain only letters, spaces, dots and hyphens."))
    elif len(name) > 80:
        err("full_name", _("The full name is too long (at most 80 characters)."))
    if m.gender not in GENDERS:
        err("gender", _("Unknown gender “{value}”.").format(value=m.gender))
    if m.party_status not in PARTY_STATUSES:
        err("party_status", _("Unknown party status “{value}” (full or probationary).").format(
            value=m.party_status))
    if m.birth_date and m.birth_date > today:
        err("birth_date", _("The date of birth is in the future."))
    if m.birth_date and m.birth_date.year < 1900:
        err("birth_date", _("The date of birth is before 1900."))
    if m.party_status == "probationary" and not m.admitted_on:
        err("admitted_on", _("A probationary member needs the date of admission."))
    if m.admitted_on:
        if m.admitted_on > today:
            err("admitted_on", _("The date of admission is in the future."))
        if m.birth_date and add_months(m.birth_date, 12 * MIN_ADMISSION_AGE) > m.admitted_on:
            err("admitted_on", _("The member would have been under 18 when admitted."))
    if m.full_on:
        if m.party_status != "full":
            err("full_on", _("Only a full member has a date made full."))
        elif m.admitted_on and m.full_on < m.admitted_on:
            err("full_on", _("The date made full is before the date of admission."))
        elif m.full_on > today:
            err("full_on", _("The date made full is in the future."))
    if m.exempt_to and not m.exempt_from:
        err("exempt_from", _("Enter when the exemption starts."))
    if m.exempt_from and m.exempt_to and m.exempt_to < m.exempt_from:
        err("exempt_to", _("The exemption ends before it starts."))
    if m.exempt_from and not nfc(m.exempt_reason):
        err("exempt_reason", _("Enter the reason for the exemption."))
    if m.temp_status not in TEMP_STATUSES:
        err("temp_status", _("Unknown temporary status “{value}”.").format(value=m.temp_status))
    if m.phone and not _PHONE_OK.match(m.phone):
        err("phone", _("The phone number may contain only digits, spaces and + . - ( )."))
    if m.joined_on and m.left_on and m.left_on < m.joined_on:
        err("left_on", _("The leaving date is before the joining date."))
    if m.left_on and m.left_on > today + dt.timedelta(days=366):
        err("left_on", _("The leaving date is too far in the future."))
    return errors


@dataclass
class Cell:
    id: str = ""
    name: str = ""
    parent_org: str = ""
    upper_committee: str = ""
    place_name: str = ""
    unit_type: str = "other"
    has_committee: bool = False
    secretary_id: str = ""
    deputy_id: str = ""
    upper_member_name: str = ""
    upper_member_title: str = ""
    default_time: str = "14:00"
    default_place: str = ""

    def normalised(self) -> "Cell":
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and not f.name.endswith("id"):
                setattr(self, f.name, nfc(value))
        return self

    def to_row(self) -> dict:
        row = asdict(self)
        row["has_committee"] = int(bool(self.has_committee))
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Cell":
        kwargs = {f.name: (row.get(f.name) or "") for f in fields(cls)}
        kwargs["has_committee"] = bool(row.get("has_committee"))
        return cls(**kwargs)


_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _hidden_message(value: str) -> str:
    return _("The text holds invisible or control characters ({codes}); type it again "
             "without them.").format(codes=", ".join(hidden_characters(value)[:3]))


def validate_cell(c: Cell) -> list[FieldError]:
    errors: list[FieldError] = []
    for f in fields(c):
        value = getattr(c, f.name)
        if isinstance(value, str) and hidden_characters(value):
            errors.append(FieldError(f.name, _hidden_message(value)))
    if not nfc(c.name):
        errors.append(FieldError("name", _("Enter the cell's name.")))
    if not nfc(c.parent_org):
        errors.append(FieldError("parent_org", _("Enter the parent organisation's name.")))
    if not nfc(c.place_name):
        errors.append(FieldError("place_name",
                                 _("Enter the place name used in document dates (e.g. Thái Bình).")))
    if c.unit_type not in UNIT_TYPES:
        errors.append(FieldError("unit_type", _("Unknown unit type.")))
    if c.default_time and not _TIME.match(c.default_time):
        errors.append(FieldError("default_time", _("Enter the time as HH:MM, e.g. 14:00.")))
    if c.secretary_id and c.secretary_id == c.deputy_id:
        errors.append(FieldError("deputy_id",
                                 _("The deputy secretary must be another member than the secretary.")))
    return errors


@dataclass
class ModelCellRegistration:
    id: str = ""
    year: int = 0
    content: str = ""
    registered_on: dt.date | None = None
