"""The cell profile (one cell per database) and its model-cell registrations."""
from __future__ import annotations

import datetime as dt

from .model import Cell, ModelCellRegistration, ValidationError, validate_cell
from .store import Store, new_id
from .store.db import now_iso
from .vntext import nfc


def get_cell(store: Store) -> Cell | None:
    rows = store.rows("select * from cell order by created_at limit 1")
    return Cell.from_row(rows[0]) if rows else None


def save_cell(store: Store, cell: Cell) -> Cell:
    cell.normalised()
    errors = validate_cell(cell)
    if errors:
        raise ValidationError(errors)
    existing = get_cell(store)
    if existing and not cell.id:
        cell.id = existing.id
    cell.id = cell.id or new_id()
    row = cell.to_row()
    row["secretary_id"] = row["secretary_id"] or None
    row["deputy_id"] = row["deputy_id"] or None
    row["updated_at"] = now_iso()
    with store.atomic():
        if existing:
            store.db["cell"].update(cell.id, row)
        else:
            row["created_at"] = row["updated_at"]
            store.db["cell"].insert(row)
    return cell


def model_cell_registrations(store: Store) -> list[ModelCellRegistration]:
    return [
        ModelCellRegistration(r["id"], r["year"], r["content"] or "",
                              dt.date.fromisoformat(r["registered_on"]) if r["registered_on"] else None)
        for r in store.db["model_cell"].rows_where(order_by="year")
    ]


def save_model_cell_registration(store: Store, reg: ModelCellRegistration) -> ModelCellRegistration:
    cell = get_cell(store)
    if cell is None:
        raise ValueError("no cell")
    reg.id = reg.id or new_id()
    with store.atomic():
        store.db["model_cell"].upsert({
            "id": reg.id, "cell_id": cell.id, "year": int(reg.year), "content": nfc(reg.content),
            "registered_on": reg.registered_on.isoformat() if reg.registered_on else None,
        }, pk="id")
    return reg


def delete_model_cell_registration(store: Store, reg_id: str) -> None:
    with store.atomic():
        store.db["model_cell"].delete_where("id = ?", [reg_id])
