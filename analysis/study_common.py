"""What the study scripts (nat_study.py, remote_access_study.py) share:
reading and filtering gathered CSV tables, means, number labels, the
delivery heat map's cells, saving a figure as PNG and PDF, and the
``--where column=value`` argument."""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path
from typing import Dict, List, Mapping, Sequence, Tuple

#: Formats every plot is written in.
FORMATS = ("png", "pdf")


def load_table(path: Path | str, needed: Sequence[str] = ()) -> List[Dict[str, str]]:
    """Rows of a CSV file as dicts of strings.

    Raises ValueError if a column in ``needed`` is missing."""
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = reader.fieldnames or []
    absent = [c for c in needed if c not in columns]
    if absent:
        raise ValueError(f"{path} lacks the columns {', '.join(absent)}")
    return rows


def number(text: object) -> float:
    """A cell as a float; NaN for an empty or non-numeric cell."""
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def normal(text: object) -> object:
    """A cell as a float if it is a number (so 1 and 1.0 agree), else text."""
    value = number(text)
    return text if math.isnan(value) else value


def filter_rows(rows: Sequence[Mapping[str, str]],
                where: Mapping[str, str]) -> List[Mapping[str, str]]:
    """Rows whose column ``name`` equals ``value`` for every pair of
    ``where`` (numbers compare numerically: 1 matches 1.0)."""
    for name in where:
        if rows and name not in rows[0]:
            raise ValueError(f"no column {name!r} to select on")
    return [r for r in rows
            if all(normal(r[n]) == normal(v) for n, v in where.items())]


def num_label(value: object) -> str:
    """A number without a useless '.0' (10.0 -> '10'); text unchanged."""
    as_float = number(value)
    return str(value) if math.isnan(as_float) else f"{as_float:g}"


def draw_ratio_heatmap(axes, values: Sequence[Sequence[float]],
                       x_labels: Sequence[str], y_labels: Sequence[str]):
    """Cells coloured 0..1 (viridis, NaN grey) with their value written in
    them ("–" for NaN); returns the image for a colour bar."""
    import matplotlib

    cmap = matplotlib.colormaps["viridis"].copy()
    cmap.set_bad("lightgrey")
    image = axes.imshow(values, origin="lower", cmap=cmap, vmin=0, vmax=1,
                        aspect="auto")
    axes.set_xticks(range(len(x_labels)), list(x_labels))
    axes.set_yticks(range(len(y_labels)), list(y_labels))
    for y, row in enumerate(values):
        for x, value in enumerate(row):
            text = "–" if math.isnan(value) else f"{value:.2f}"
            colour = "black" if math.isnan(value) or value > 0.6 else "white"
            axes.text(x, y, text, ha="center", va="center", color=colour)
    return image


def save_figure(figure, out_dir: Path | str, name: str) -> List[Path]:
    """Write ``figure`` as ``out_dir/name.png`` and ``.pdf``; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in FORMATS:
        path = out_dir / f"{name}.{fmt}"
        figure.savefig(path, dpi=150, bbox_inches="tight")
        paths.append(path)
    return paths


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean; NaN for no values."""
    return sum(values) / len(values) if values else math.nan


def parse_where(text: str) -> Tuple[str, str]:
    """An argparse type for ``--where column=value`` (a row filter)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected column=value, got {text!r}")
    return name, value
