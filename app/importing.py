"""Reading member lists (and other tables) from CSV or XLSX files, with a preview.

Nothing is written while previewing: each row gets its problems (row number, column,
reason); the user confirms, then every valid row goes in within one transaction.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import _
from .legacy_vn import decode_legacy
from .members import list_members, save_member
from .model import Member, parse_date, validate_member
from .vntext import fold, nfc


# Limits of what an import reads: a members' list or a points table is far smaller, and a
# file beyond them (or one that only claims to be) is refused before it can exhaust memory.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_FIELD_CHARS = 2000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (message in Vietnamese)."""


@dataclass
class Problem:
    row: int          # the row number as the spreadsheet shows it (header = 1)
    column: str
    reason: str


@dataclass
class RowResult:
    row: int
    record: object | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPreview:
    path: Path
    rows: list[RowResult]
    unknown_columns: list[str] = field(default_factory=list)   # read but not used
    converted_from: str = ""    # a legacy encoding ("TCVN3", "VNI") the text was converted from

    @property
    def valid(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and, for a legacy file, the encoding it was converted from ("" for Unicode)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), ""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    legacy = decode_legacy(data)
    if legacy is not None:
        return legacy
    raise ImportFileError(_(
        "The file {name} is not in UTF-8 or UTF-16, nor readable as an old Vietnamese encoding "
        "(TCVN3, VNI, Windows-1258). In Excel choose “Save As” → "
        "“CSV UTF-8”, then import again.").format(name=name))


def read_table(path: str | Path) -> list[tuple[int, dict[str, object]]]:
    """Rows of a CSV or XLSX file as (row number, {header: value}); the header is row 1."""
    return read_table_converted(path)[0]


def read_table_converted(path: str | Path) -> tuple[list[tuple[int, dict[str, object]]], str]:
    """``read_table`` and the legacy encoding a CSV file was converted from ("" if none)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(_("The file {name} does not exist.").format(name=path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path), ""
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    raise ImportFileError(_("chibo reads .csv and .xlsx files; {name} is neither.").format(
        name=path.name))


def _too_big(path: Path) -> None:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(_("The file {name} is too large to be a list of members or points "
                                "(over {mb} MB).").format(name=path.name,
                                                         mb=MAX_FILE_BYTES // (1024 * 1024)))


def _too_many_rows(name: str) -> ImportFileError:
    return ImportFileError(_("The file {name} has more than {rows} rows; split it into smaller "
                             "files.").format(name=name, rows=MAX_ROWS))


def _check_fields(row: list, number: int, name: str) -> list:
    if len(row) > MAX_COLUMNS:
        row = row[:MAX_COLUMNS] if all(v in (None, "") for v in row[MAX_COLUMNS:]) else None
        if row is None:
            raise ImportFileError(_("Row {row} of {name} has more than {n} columns.").format(
                row=number, name=name, n=MAX_COLUMNS))
    for value in row:
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise ImportFileError(_("Row {row} of {name} holds a cell of more than {n} "
                                    "characters.").format(row=number, name=name,
                                                          n=MAX_FIELD_CHARS))
    return row


def _read_csv(path: Path) -> tuple[list[tuple[int, dict[str, object]]], str]:
    _too_big(path)
    text, encoding = _decode(path.read_bytes(), path.name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows(path.name)
            rows.append(_check_fields(row, number, path.name))
    except csv.Error as exc:   # e.g. a field longer than the csv module allows
        raise ImportFileError(_("Row {row} of {name} cannot be read ({error}).").format(
            row=reader.line_num, name=path.name, error=exc)) from exc
    return _with_header(rows, path.name), encoding


def _read_xlsx(path: Path) -> list[tuple[int, dict[str, object]]]:
    import zipfile

    from openpyxl import load_workbook

    _too_big(path)
    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(_("The file {name} is not a readable Excel workbook ({error}).")
                              .format(name=path.name, error=exc)) from exc
    try:
        sheet = wb.worksheets[0]
        # The sheet's own claim of its size is not trusted: count what is really there.
        sheet.reset_dimensions()
        rows = []
        for number, r in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1),
                                   start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows(path.name)
            rows.append(_check_fields(list(r), number, path.name))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(_("The file {name} is not a readable Excel workbook ({error}).")
                              .format(name=path.name, error=exc)) from exc
    finally:
        wb.close()
    return _with_header(rows, path.name)


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to far more than any members' list (a
    "zip bomb"), before openpyxl reads it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_("The file {name} is not a readable Excel workbook ({error}).")
                              .format(name=path.name, error=exc)) from exc
    if total > 5 * MAX_FILE_BYTES:
        raise ImportFileError(_("The file {name} is too large to be a list of members or points "
                                "(over {mb} MB).").format(name=path.name,
                                                         mb=5 * MAX_FILE_BYTES // (1024 * 1024)))


def _with_header(rows: list[list], name: str) -> list[tuple[int, dict[str, object]]]:
    if not rows:
        raise ImportFileError(_("The file {name} is empty.").format(name=name))
    header = [nfc(str(h)) if h is not None else "" for h in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append((number, {header[i]: row[i] for i in range(min(len(header), len(row)))
                             if header[i]}))
    return out


# --- members ------------------------------------------------------------------------------

# Accepted header names for each field (compared without diacritics or case).
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("họ và tên", "họ tên", "full_name", "full name", "name", "tên"),
    "gender": ("giới tính", "gender"),
    "birth_date": ("ngày sinh", "birth_date", "date of birth", "birth date"),
    "position": ("chức vụ", "đơn vị", "chức vụ, đơn vị", "position"),
    "party_status": ("đảng viên", "loại đảng viên", "trạng thái", "status", "party_status"),
    "admitted_on": ("ngày vào đảng", "ngày kết nạp", "admitted_on", "admitted"),
    "full_on": ("ngày chính thức", "full_on"),
    "card_no": ("số thẻ đảng", "số thẻ", "card_no", "card"),
    "phone": ("điện thoại", "số điện thoại", "phone"),
    "joined_on": ("ngày chuyển đến", "joined_on"),
    "temp_status": ("sinh hoạt tạm thời", "temp_status"),
    "exempt_from": ("miễn sinh hoạt từ", "exempt_from"),
    "exempt_to": ("miễn sinh hoạt đến", "exempt_to"),
    "exempt_reason": ("lý do miễn", "exempt_reason"),
    # the member list's own "Tình trạng" column: "Chính thức, miễn sinh hoạt", "Dự bị", ...
    "status_text": ("tình trạng", "status text"),
}
_STATUS_WORDS = {"chinh thuc": "full", "full": "full", "dang vien chinh thuc": "full",
                 "du bi": "probationary", "probationary": "probationary",
                 "dang vien du bi": "probationary"}
_GENDER_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female",
                 "f": "female", "": ""}
_TEMP_WORDS = {"": "", "khong": "", "tai day": "here", "here": "here", "noi khac": "elsewhere",
               "elsewhere": "elsewhere", "sinh hoat tam thoi tai chi bo": "here",
               "sinh hoat tam thoi noi khac": "elsewhere"}


def parse_status_text(text: str) -> tuple[dict[str, object], str | None]:
    """The member list's "Tình trạng" text (as the members table shows it: "Chính thức,
    miễn sinh hoạt", "Dự bị", "Chính thức, sinh hoạt tạm thời nơi khác") as member fields:
    ``party_status``, ``exempted`` (bool) and ``temp_status``; the second value is the part
    not understood, or None."""
    fields: dict[str, object] = {}
    for part in (p.strip() for p in fold(text).split(",")):
        if not part:
            continue
        if part.startswith(("chinh thuc", "dang vien chinh thuc")) or part == "full":
            fields["party_status"] = "full"
        elif part.startswith(("du bi", "dang vien du bi", "probationary")):
            fields["party_status"] = "probationary"
        elif part.startswith(("mien sinh hoat", "exempted")):
            fields["exempted"] = True
        elif part in ("sinh hoat tam thoi noi khac", "sinh hoat noi khac", "meeting elsewhere"):
            fields["temp_status"] = "elsewhere"
        elif part in ("sinh hoat tam thoi tai chi bo", "sinh hoat tam thoi tai day",
                      "meeting here temporarily"):
            fields["temp_status"] = "here"
        else:
            return fields, part
    return fields, None


def map_columns(headers: set[str], table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    folded = {fold(h): h for h in headers}
    mapping = {}
    for key, aliases in table.items():
        for alias in aliases:
            if fold(alias) in folded:
                mapping[key] = folded[fold(alias)]
                break
    return mapping


def preview_members(store, path: str | Path, today=None) -> ImportPreview:
    """Check every row of a member file against the rules and the existing members."""
    rows, encoding = read_table_converted(path)
    headers = set().union(*(r.keys() for _, r in rows)) if rows else set()
    mapping = map_columns(headers, MEMBER_COLUMNS)
    if "full_name" not in mapping:
        raise ImportFileError(_("The file has no “Họ và tên” (full name) column."))
    today = today or dt.date.today()
    used = set(mapping.values())
    unknown = sorted(h for h in headers if h not in used)
    existing = {(fold(m.full_name), m.birth_date): m for m in list_members(store)}
    seen: dict[tuple, int] = {}
    results = []
    for number, raw in rows:
        problems: list[Problem] = []

        def cell(key: str):
            col = mapping.get(key)
            value = raw.get(col) if col else None
            return "" if value is None else value

        def problem(key: str, reason: str) -> None:
            # a field without a column of its own: name the column it should be in
            column = mapping.get(key) or (MEMBER_COLUMNS[key][0].capitalize()
                                          if key in MEMBER_COLUMNS else key)
            problems.append(Problem(number, column, reason))

        member = Member(full_name=nfc(str(cell("full_name"))))
        if not member.full_name:
            problem("full_name", _("The name is missing."))
        for key in ("birth_date", "admitted_on", "full_on", "joined_on", "exempt_from",
                    "exempt_to"):
            try:
                setattr(member, key, parse_date(cell(key)))
            except ValueError:
                problem(key, _("Impossible date “{value}”.").format(value=cell(key)))
        status = fold(str(cell("party_status")))
        if status:
            if status in _STATUS_WORDS:
                member.party_status = _STATUS_WORDS[status]
            else:
                problem("party_status", _("Unknown status “{value}” (chính thức or dự bị).")
                        .format(value=cell("party_status")))
        gender = fold(str(cell("gender")))
        if gender in _GENDER_WORDS:
            member.gender = _GENDER_WORDS[gender]
        else:
            problem("gender", _("Unknown gender “{value}” (Nam or Nữ).").format(
                value=cell("gender")))
        temp = fold(str(cell("temp_status")))
        if temp in _TEMP_WORDS:
            member.temp_status = _TEMP_WORDS[temp]
        else:
            problem("temp_status", _("Unknown temporary status “{value}”.").format(
                value=cell("temp_status")))
        status_text = str(cell("status_text")).strip()
        if status_text:
            fields, not_understood = parse_status_text(status_text)
            if not_understood is not None:
                problem("status_text", _("Unknown status “{value}” (for example “Chính thức”, "
                                         "“Dự bị, miễn sinh hoạt”, “Chính thức, sinh hoạt "
                                         "tạm thời nơi khác”).").format(value=status_text))
            if "party_status" in fields:
                if status and member.party_status != fields["party_status"]:
                    problem("status_text", _("The status “{value}” contradicts the column "
                                             "“{other}”.").format(
                        value=status_text, other=mapping.get("party_status")))
                member.party_status = fields["party_status"]
            if fields.get("exempted") and not member.exempt_from:
                member.exempt_from = today   # exempted now; the dates can be edited later
            if "temp_status" in fields:
                if temp and member.temp_status != fields["temp_status"]:
                    problem("status_text", _("The status “{value}” contradicts the column "
                                             "“{other}”.").format(
                        value=status_text, other=mapping.get("temp_status")))
                member.temp_status = fields["temp_status"]
        member.position = nfc(str(cell("position")))
        member.card_no = nfc(str(cell("card_no")))
        member.phone = nfc(str(cell("phone")))
        member.exempt_reason = nfc(str(cell("exempt_reason")))
        if not problems:
            for error in validate_member(member, today):
                problem(error.field, error.message)
        key = (fold(member.full_name), member.birth_date)
        if member.full_name and key in existing:
            problem("full_name", _("Duplicate of the existing member {name}.").format(
                name=existing[key].full_name))
        elif member.full_name and key in seen:
            problem("full_name", _("Duplicate of row {row} in this file.").format(row=seen[key]))
        seen.setdefault(key, number)
        results.append(RowResult(number, member, problems))
    return ImportPreview(Path(path), results, unknown, encoding)


def commit_members(store, preview: ImportPreview) -> int:
    """Insert every valid row of a preview in one transaction; return how many."""
    valid = preview.valid
    with store.atomic():
        for result in valid:
            save_member(store, result.record, change="import")
    return len(valid)
