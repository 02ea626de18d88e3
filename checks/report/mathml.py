"""Expressions as presentation MathML (SymPy's printer), ready to inline in an HTML page."""

from __future__ import annotations

import html
import re
from typing import Any

import sympy as sp
from sympy.printing.mathml import mathml

#: SymPy's named characters whose glyphs are missing from common fonts, as plain letters.
_PLAIN = {"ExponentialE": "e", "ImaginaryI": "i", "dd": "d", "DifferentialD": "d"}
#: Named characters HTML must keep as references.
_MARKUP = {"amp", "lt", "gt", "quot"}
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")
_REL = {"=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _characters(markup: str) -> str:
    """References as characters: HTML knows SymPy's named ones, but XHTML does not."""

    def plain(found: re.Match[str]) -> str:
        name = found.group(1)
        if name in _MARKUP:
            return found.group(0)
        if name in _PLAIN:
            return _PLAIN[name]
        character = html.unescape(found.group(0))
        return html.escape(character, quote=False)  # (a numeric &#60; stays markup-safe)

    return _ENTITY.sub(plain, markup)


def expression(expr: Any) -> str:
    """The MathML content (no ``<math>`` element) of ``expr``; SymPy's text where the printer fails."""
    if isinstance(expr, str):  # (never sympify a string: it would be parsed as code)
        return f"<mtext>{html.escape(expr)}</mtext>"
    try:
        body = mathml(sp.sympify(expr), printer="presentation")
    except Exception:  # a printer gap must not cost the report: show the text instead
        return f"<mtext>{html.escape(sp.sstr(expr))}</mtext>"
    return _characters(body)


def math(*parts: str, block: bool = False) -> str:
    """A ``<math>`` element around MathML ``parts``."""
    display = ' display="block"' if block else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{display}><mrow>{"".join(parts)}</mrow></math>'


def relation(rel: str) -> str:
    """A relation as a MathML operator (``<=`` as ≤)."""
    return f"<mo>{html.escape(_REL.get(rel, rel))}</mo>"


def limit(var: Any, point: Any, start: Any) -> str:
    """``lim_{var → point} start`` as MathML content."""
    under = f"<mrow>{expression(var)}<mo>→</mo>{expression(point)}</mrow>"
    return f"<munder><mo>lim</mo>{under}</munder>{expression(start)}"
