"""Plotly figures as JSON for the templates; plotly.js itself is served from the package."""

from __future__ import annotations

from typing import Any

import orjson


def figure_json(data: list[dict[str, Any]], layout: dict[str, Any] | None = None) -> str:
    """A figure for ``core/chart.html``: a JSON string safe inside a <script> element."""
    base = {
        "margin": {"l": 50, "r": 20, "t": 30, "b": 50},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "rgba(0,0,0,0)",
    }
    base.update(layout or {})
    text = orjson.dumps({"data": data, "layout": base}, option=orjson.OPT_SERIALIZE_NUMPY)
    return text.decode().replace("</", "<\\/")
