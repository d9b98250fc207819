"""Chart SVG made fit for pages under a CSP without 'unsafe-inline' styles.

matplotlib writes colours and line widths as ``style="fill: #fff; stroke: ..."`` attributes and a
``<style>`` element. Our Content-Security-Policy (``style-src 'self'``) makes browsers ignore both in
an inline SVG, so the chart would lose its colours and lines. The same properties written as SVG
presentation attributes (``fill="#fff"``) are not styles in the CSP sense and are always honoured.
"""

from __future__ import annotations

import re
from html import escape

# SVG presentation attributes matplotlib uses (SVG 1.1, section 6.4); any other property is dropped.
PRESENTATION_ATTRIBUTES = frozenset(
    {
        "clip-path",
        "color",
        "display",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "visibility",
    }
)
# What matplotlib's `<style>` element sets on every element (`*{...}`); inherited from the root instead.
ROOT_DEFAULTS = {"stroke-linejoin": "round", "stroke-linecap": "butt"}

_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_ROOT = re.compile(r"<svg\b")


def csp_safe_svg(svg: str, *, label: str) -> str:
    """`svg` with every style attribute and `<style>` element turned into presentation attributes.

    `label` becomes the chart's accessible name (``role="img"`` and ``aria-label``).
    """
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _TAG.sub(_rewrite_tag, svg)
    root = " ".join(
        [f'role="img" aria-label="{escape(label)}"', *(f'{k}="{v}"' for k, v in ROOT_DEFAULTS.items())]
    )
    return _ROOT.sub(f"<svg {root}", svg, count=1)


def _rewrite_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    found = _STYLE_ATTRIBUTE.search(tag)
    if found is None:
        return tag
    existing = set(re.findall(r'\s([a-zA-Z:-]+)="', tag))
    attributes = [
        f'{name}="{escape(value)}"'
        for name, value in _declarations(found.group(1))
        if name in PRESENTATION_ATTRIBUTES and name not in existing
    ]
    replacement = "".join(f" {a}" for a in attributes)
    return tag[: found.start()] + replacement + tag[found.end() :]


def _declarations(style: str) -> list[tuple[str, str]]:
    pairs = []
    for declaration in style.split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip() and value.strip():
            pairs.append((name.strip().lower(), value.strip()))
    return pairs
