"""One row of a display formula: alignment marks and trailing annotations blanked out, then
its expressions, relations and separators found outside braces and parentheses."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Relation commands and the relation each means (``def`` defines the left side; ``other``
#: relations are not decided; ``sep`` is a connective: the chains on both sides are conditions).
COMMANDS = {
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
    "lt": "<",
    "gt": ">",
    "coloneqq": "def",
    "triangleq": "def",
    "eqqcolon": "other",
    "ne": "other",
    "neq": "other",
    "approx": "other",
    "equiv": "other",
    "sim": "other",
    "simeq": "other",
    "propto": "other",
    "implies": "sep",
    "impliedby": "sep",
    "Rightarrow": "sep",
    "Longrightarrow": "sep",
    "Leftarrow": "sep",
    "Longleftarrow": "sep",
    "iff": "sep",
    "Leftrightarrow": "sep",
    "Longleftrightarrow": "sep",
    "therefore": "sep",
    "because": "sep",
}
#: Words that join a condition to a consequence, as ``\\quad\\text{so}\\quad`` does.
CONNECTIVES = frozenset(
    {
        "so", "hence", "thus", "therefore", "then", "implies", "iff", "if and only if", "if",
        "when", "whenever", "whence", "so that", "which gives", "giving", "gives",
    }
)  # fmt: skip
_TEXT_COMMANDS = ("text", "mbox", "textrm", "textit", "textbf", "textsf", "hbox")
_WORDS = re.compile(r"\s*\{([^{}]*)\}")
_SPACING = re.compile(r"(?:\\(?:quad|qquad|[,;:! ])|~)\s*$")
_QUAD = re.compile(r"\s*(?:\\(?:quad|qquad|;|text|mbox)(?![A-Za-z])|\\ )")


@dataclass(frozen=True)
class Item:
    """An expression (``expr``, offsets ``start:end`` of the row), a relation (``rel``) or a
    separator (``sep``)."""

    kind: str
    start: int
    end: int
    rel: str = ""
    text: str = ""


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _matching_open(text: str, close: int, opening: str, closing: str) -> int:
    """The position of the bracket that ``text[close]`` closes, or -1."""
    depth = 0
    for k in range(close, -1, -1):
        if text[k] == closing and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif text[k] == opening and (k == 0 or text[k - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return k
    return -1


def tidy_row(text: str, ampersands: int = 1) -> tuple[str, list[str]]:
    """The row with its alignment marks blanked (what follows one more ``&``, an annotation
    column, too) and its trailing punctuation and ``\\text{…}`` annotations blanked; the
    same length as ``text``, and notes on what was dropped."""
    notes: list[str] = []
    marks = [m.start() for m in re.finditer(r"(?<!\\)&", text) if _depth(text, m.start()) == 0]
    for k in marks[:ampersands]:
        text = _blank(text, k, k + 1)
    if len(marks) > ampersands:
        dropped = " ".join(text[marks[ampersands] + 1 :].split())
        if dropped:
            notes.append(f"the column after the second & is not read: {_short(dropped)}")
        text = _blank(text, marks[ampersands], len(text))
    while True:
        body = text.rstrip()
        end = len(body)
        if end and body[-1] in ".,;" and not body.endswith("\\,") and not body.endswith("\\;"):
            text = _blank(text, end - 1, end)
            continue
        spacing = _SPACING.search(body)
        if spacing is not None:
            text = _blank(text, spacing.start(), end)
            continue
        annotation = _annotation(body)
        if annotation is None or _is_connective(body, annotation):  # a condition follows
            return text, notes
        notes.append(f"annotation dropped: {_short(' '.join(body[annotation:].split()))}")
        text = _blank(text, annotation, end)


def _annotation(body: str) -> int | None:
    """Where a trailing ``\\text{…}`` (or ``(\\text{…})``) annotation starts, if the row ends with one."""
    if body.endswith("}") and not body.endswith("\\}"):
        opening = _matching_open(body, len(body) - 1, "{", "}")
        command = re.search(r"\\([A-Za-z]+)\s*$", body[: max(opening, 0)])
        if opening > 0 and command and command.group(1) in _TEXT_COMMANDS:
            return command.start()
    if body.endswith(")"):
        opening = _matching_open(body, len(body) - 1, "(", ")")
        inside = body[opening + 1 : -1] if opening >= 0 else ""
        if inside.strip() and _annotation(inside.rstrip()) == len(inside) - len(inside.lstrip()):
            return opening
    return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _depth(text: str, position: int) -> int:
    """The bracket depth (braces, parentheses, square brackets) at ``position``."""
    depth = 0
    k = 0
    while k < position:
        ch = text[k]
        if ch == "\\":
            k += 2
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(depth - 1, 0)
        k += 1
    return depth


def row_items(text: str) -> list[Item]:
    """Expressions, relations and separators of a tidied row, at bracket depth 0: always
    ``expr (rel expr)*`` between separators, an empty expression where a side is missing.

    Long because each relation spelling (``=``, ``:=``, ``<=``, a command, ``\\overset{…}{=}``,
    ``, \\quad``) is read in one pass over the row, in order."""
    items: list[Item] = []
    depth, start, k = 0, 0, 0

    def close(kind: str, end: int, after: int, rel: str = "") -> None:
        nonlocal start
        items.append(Item("expr", start, k))
        items.append(Item(kind, k, end, rel, text[k:end]))
        start = after

    while k < len(text):
        ch = text[k]
        if ch == "\\":
            name = re.match(r"\\([A-Za-z]+|.)", text[k:])
            word = name.group(1) if name else ""
            end = k + (len(name.group(0)) if name else 1)
            found = _command(text, word, end) if depth == 0 else None
            if found is not None:
                close(found[0], found[2], found[2], found[1])
            k = end if found is None else found[2]
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch == ":" and text.startswith(":=", k):
            close("rel", k + 2, k + 2, "def")
            k += 2
            continue
        elif depth == 0 and ch in "<>=":
            two = text[k : k + 2]
            if two in ("<=", ">="):
                close("rel", k + 2, k + 2, two)
                k += 2
                continue
            rel = "other" if text.startswith("=:", k) else ch
            close("rel", k + 1 + (rel == "other"), k + 1 + (rel == "other"), rel)
        elif depth == 0 and ch == "," and _QUAD.match(text, k + 1):
            close("sep", k + 1, k + 1)
        k += 1
    items.append(Item("expr", start, len(text)))
    return items


def _is_connective(text: str, start: int) -> bool:
    """Whether a connective word (``\\text{so}``) starts at ``start``."""
    name = re.match(r"\\([A-Za-z]+)", text[start:])
    found = _command(text, name.group(1), start + name.end()) if name else None
    return found is not None and found[1] == "sep"


def _command(text: str, word: str, end: int) -> tuple[str, str, int] | None:
    """The item a command at depth 0 (``word``, ending at ``end``) makes: its kind (``rel`` or
    ``sep``), its relation, and where it ends; None if it is no relation or separator.
    Connectives (``\\implies``, ``\\text{so}``) are separators of relation ``sep``."""
    if word in COMMANDS:
        return ("sep" if COMMANDS[word] == "sep" else "rel"), COMMANDS[word], end
    if word in ("overset", "stackrel"):
        over = _over_relation(text, end)
        return None if over is None else ("rel", over[0], over[1])
    said = _WORDS.match(text, end) if word in _TEXT_COMMANDS else None
    if said is not None and " ".join(said.group(1).split()).strip(",.:; ").lower() in CONNECTIVES:
        return "sep", "sep", said.end()
    return None


def _over_relation(text: str, position: int) -> tuple[str, int] | None:
    """``\\overset{def}{=}`` (a definition) or ``\\overset{(a)}{\\le}`` (the relation) after
    ``position``: the relation and where the construct ends; None if it is something else."""
    found = re.match(r"\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{\s*(=|<|>|\\[A-Za-z]+)\s*\}", text[position:])
    if found is None:
        return None
    symbol = found.group(2)
    rel = symbol if symbol in "=<>" else COMMANDS.get(symbol[1:], "")
    if rel not in ("=", "<", ">", "<=", ">="):
        return None
    if rel == "=" and "def" in found.group(1):
        rel = "def"
    return rel, position + found.end()
