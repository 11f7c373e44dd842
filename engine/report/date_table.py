"""A CSV table with one row per dataclass record: the per-date reports of predict and fuse.

The columns are the record's fields (:func:`dataclasses.fields`) in their order; a
dict-valued field is spread over the columns :data:`DICT_COLUMNS` names for it (the
variogram: model, nugget, partial sill, range in km, fitted or fixed). Cells: integers
as integers (never quoted), other numbers with 6 significant digits, empty when missing
(None or NaN), text as it is.
"""
import csv
import dataclasses
import math
import numbers

from ..errors import InputError

# dict field → ((key in the dict, column), …)
VARIOGRAM_COLUMNS = (("model", "variogram_model"), ("nugget", "nugget"), ("psill", "psill"),
                     ("range", "range_km"), ("source", "variogram_source"))
DICT_COLUMNS = {"variogram": VARIOGRAM_COLUMNS}


def date_table_columns(record_type, dict_columns=None):
    """The column names of a table of ``record_type`` records, in order."""
    spread = DICT_COLUMNS if dict_columns is None else dict_columns
    columns = []
    for field in dataclasses.fields(record_type):
        if field.name in spread:
            columns += [column for _, column in spread[field.name]]
        elif field.type in (dict, "dict"):
            raise TypeError(f"No columns are declared for the dict field '{field.name}'.")
        else:
            columns.append(field.name)
    return columns


def date_table_row(record, dict_columns=None):
    """One record as a list of cells, in the order of :func:`date_table_columns`."""
    spread = DICT_COLUMNS if dict_columns is None else dict_columns
    cells = []
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if field.name in spread:
            value = value or {}
            cells += [csv_cell(value.get(key)) for key, _ in spread[field.name]]
        else:
            cells.append(csv_cell(value))
    return cells


def write_date_table(path, record_type, records, dict_columns=None):
    """Write ``records`` (instances of dataclass ``record_type``) as a CSV file; return path."""
    try:
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(date_table_columns(record_type, dict_columns))
            writer.writerows(date_table_row(r, dict_columns) for r in records)
    except OSError as err:
        raise InputError(f"The table {path} could not be written: {err.strerror}. Choose "
                         "another file.") from err
    return path


def write_rows(path, columns, rows):
    """Write dict ``rows`` as a CSV file with ``columns`` (missing keys empty); return path."""
    try:
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    except OSError as err:
        raise InputError(f"The table {path} could not be written: {err.strerror}. Choose "
                         "another file.") from err
    return path


def csv_cell(value):
    """An integer as int, another number with 6 significant digits, '' when missing."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return f"{value:.6g}" if math.isfinite(value) else ""
    return str(value)
