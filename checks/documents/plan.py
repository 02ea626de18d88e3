"""A chain made ready to check: each side read, defined names expanded, the softmax convention
applied, vectors, sizes and scalars found, then each side read 1-based by the claim reader;
one plan per link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from checks.claims.declarations import Declarations
from checks.claims.latex import parse_latex_expression
from checks.claims.notation import resolve_node
from checks.claims.reading import render_tree
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, check_depth
from checks.documents.chains import Chain, Piece
from checks.documents.context import CONVENTIONAL_KINDS, Context, softmax_keys
from checks.documents.declare import Entry
from checks.documents.locations import Location, Segment
from checks.documents.sizes import DEFAULT_SYMBOL, Sizes, chain_sizes
from checks.documents.trees import (
    CONSTANTS,
    index_names,
    largest_index,
    names,
    substitute,
    sums,
    vector_uses,
    walk,
)
from checks.model import Kind

_Record = TypeVar("_Record", "LinkPlan", Entry)

#: How the relations of a document are shown.
SHOWN = {"=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "def": ":="}


@dataclass(frozen=True)
class LinkPlan:
    """One link ``left REL right`` of a chain, ready for the checker: the relation (as the claim
    reader reads it 1-based: ``o_j`` is ``o[j - 1]``, j running over 1…n) with the vectors (size
    None: every size, the chain's ``symbol``), scalars and free indices it uses; or a
    ``status`` that needs no check (``skipped`` with its reason, ``definition``)."""

    number: int
    location: Location
    left: str
    rel: str
    mark: str
    right: str
    relation: Relation | None = None
    vectors: tuple[tuple[str, Kind, int | None], ...] = ()
    scalars: tuple[tuple[str, Kind], ...] = ()
    free: tuple[str, ...] = ()
    symbol: str | None = None
    smallest: int = 1
    status: str | None = None
    reason: str | None = None

    @property
    def symbolic(self) -> bool:
        """Whether the link is about every size (a vector of symbolic size, or the size symbol)."""
        return any(size is None for _, _, size in self.vectors) or (
            self.symbol is not None
            and self.relation is not None
            and self.symbol in _link_names(self.relation)
        )


@dataclass(frozen=True)
class ChainPlan:
    location: Location
    links: tuple[LinkPlan, ...]
    notes: tuple[str, ...] = ()


def plan_chain(chain: Chain, segment: Segment, context: Context) -> ChainPlan:
    """The links of ``chain`` under the names of ``context`` (a definition the chain makes is
    added to it). The document's conventions are applied here (definitions, ``s`` the softmax,
    vectors and their sizes); the claim reader then reads each side 1-based against them
    (:func:`checks.claims.notation.resolve_node`), as ``check --one-based`` reads a claim."""
    if chain.condition:
        return _condition(chain, segment)
    raw, problems = _read(chain, segment, context)
    blocked = _euler_defined(chain, raw, context) or _untaken(chain, raw, context)
    defined = None if blocked else _definition(chain, raw, context, segment)
    trees = [context.expand(t) if t is not None else None for t in raw]
    trees, problem = _softmax_convention(trees, context)
    if defined is not None:
        context.declare(_kept(defined, trees[1]))
        context.untaken.discard(str(defined.key.value) if defined.key.op == "name" else "")
    present = [t for t in trees if t is not None]
    vectors = _vectors(present, context)
    sizes = chain_sizes(present, vectors, context)
    problem = problem or blocked or sizes.problem or _by_a_vector(present, vectors, context)
    problem = problem or _not_taken(chain, raw, defined, context)
    read: list[Node | None] = [None] * len(trees)
    if problem is None:
        declarations = _reader_declarations(vectors, sizes, context)
        for k, tree in enumerate(trees):
            if tree is None or problems[k] is not None:
                continue
            try:
                read[k] = resolve_node(tree, declarations, one_based=True)
            except ClaimSyntaxError as exc:
                where = segment.locate(chain.pieces[k].offset(exc.column))
                problems[k] = f"{where}: {str(exc).rsplit(' at column', 1)[0]}"
    present = [t for t in read if t is not None]
    free = set().union(*(index_names(t, set(vectors)) for t in present)) - {sizes.symbol}
    links = []
    for k, mark in enumerate(chain.marks):
        plan = LinkPlan(
            k + 1,
            segment.locate(mark.offset),
            chain.pieces[k].text,
            mark.rel,
            mark.text,
            chain.pieces[k + 1].text,
        )
        reason = problem or problems[k] or problems[k + 1]
        if k == 0 and defined is not None:
            later = "" if defined.definition is not None else "; later formulas read it as a variable"
            links.append(_replace(plan, status="definition", reason=f"defines {_shown(defined.key)}{later}"))
        elif mark.rel == "other":
            links.append(
                _replace(plan, status="skipped", reason=f"{mark.text} is not a relation this checker decides")
            )
        elif reason is not None:
            links.append(_replace(plan, status="skipped", reason=reason))
        else:
            left, right = read[k], read[k + 1]
            assert left is not None and right is not None
            rel = "=" if mark.rel == "def" else mark.rel
            relation = Relation(rel, left, right, index_base=1)
            links.append(_ready(plan, relation, vectors, sizes, free, context, trees[k : k + 2]))
    return ChainPlan(segment.locate(chain.pieces[0].offsets[0]), tuple(links), tuple(chain.notes))


def _not_taken(chain: Chain, raw: list[Node | None], defined: Entry | None, context: Context) -> str | None:
    """Why a chain opened by a ``:=`` the reader cannot take as a definition (``a_j := …``) is
    not checked: it defines, all the same; its name is kept out of later formulas too."""
    if defined is not None or not chain.marks or chain.marks[0].rel != "def" or raw[0] is None:
        return None
    head = raw[0].args[0] if raw[0].op in ("index", "mul") and raw[0].args else raw[0]
    if head.op == "name":
        context.untaken.add(str(head.value))
    return f"{chain.marks[0].text} defines {chain.pieces[0].text.strip()}, in a form this reader cannot take"


def _untaken(chain: Chain, trees: list[Node | None], context: Context) -> str | None:
    """Why a formula using a name whose definition could not be taken is not read; a chain so
    skipped that would define a name (``L = e^2/2``) leaves that name untaken too."""
    present = [t for t in trees if t is not None]
    used = set().union(*(names(t) for t in present)) & context.untaken
    if "E" in context.untaken and any(n.op == "call" and n.value == "exp" for t in present for n in walk(t)):
        used.add("E")  # e^2 is read as exp(2): after e = y - t, which e it means is unknown
    if not used:
        return None
    if chain.marks and chain.marks[0].rel in ("=", "def") and trees[0] is not None and trees[0].op == "name":
        context.untaken.add(str(trees[0].value))
    shown = "e" if sorted(used)[0] == "E" else sorted(used)[0]
    return f"uses {shown}, whose definition this reader could not take"


def _euler_defined(chain: Chain, raw: list[Node | None], context: Context) -> str | None:
    """Why ``e = y - t`` (a variable e, an error term) is not read: e is Euler's number to the
    reader, so the line would be a false claim about it; every later e is as ambiguous."""
    if not chain.marks or chain.marks[0].rel not in ("=", "def") or raw[0] is None or raw[1] is None:
        return None
    if raw[0] != Node("name", value="E") or chain.pieces[0].text.strip() != "e":
        return None
    if not names(raw[1]) - CONSTANTS:
        return None  # e = 2.718…: a claim about Euler's number, checked as one
    context.untaken.add("E")
    return "e = … makes e a variable, but e reads as Euler's number here: write it with another letter"


def _condition(chain: Chain, segment: Segment) -> ChainPlan:
    """A chain joined to another by ``\\implies``, ``\\iff`` or ``\\text{so}``: a hypothesis or a
    conclusion about particular values (``x = 2 \\implies x^2 = 4``), not an identity for all
    of them; each link is skipped with that reason, never checked (nor a definition made)."""
    links = []
    for k, mark in enumerate(chain.marks):
        what = "an equation" if mark.rel in ("=", "def") else "a relation"
        reason = f"{what} joined by {chain.condition}: a condition, not an identity"
        left, right = chain.pieces[k].text, chain.pieces[k + 1].text
        plan = LinkPlan(k + 1, segment.locate(mark.offset), left, mark.rel, mark.text, right)
        links.append(_replace(plan, status="skipped", reason=reason))
    return ChainPlan(segment.locate(chain.pieces[0].offsets[0]), tuple(links), tuple(chain.notes))


def _by_a_vector(trees: list[Node], vectors: dict[str, Kind], context: Context) -> str | None:
    """Why a derivative by a whole vector (``\\frac{d}{dz}`` with z a vector) is not read."""
    for tree in trees:
        for n in walk(tree):
            if n.op == "call" and n.value == "diff":
                by = next((a for a in n.args[1:] if a.op == "name" and str(a.value) in vectors), None)
                if by is not None:
                    name = str(by.value)
                    entry = context.variable(name)
                    said = f"declared a vector at {entry.location}" if entry is not None else "a vector here"
                    return (
                        f"a derivative by {name}, which is {said}: differentiate by an entry "
                        f"({name}_j), or declare {name}: real"
                    )
    return None


def _reader_declarations(vectors: dict[str, Kind], sizes: Sizes, context: Context) -> Declarations:
    """What the claim reader is told of the chain: its vectors with their sizes (a number, or
    the chain's size symbol), and the scalars the document declares."""
    numbered = tuple((v, n, kind) for v, kind in vectors.items() if (n := sizes.sizes.get(v)) is not None)
    symbol = sizes.symbol or DEFAULT_SYMBOL
    symbolic = tuple((v, symbol, kind) for v, kind in vectors.items() if sizes.sizes.get(v) is None)
    scalars = tuple((name, kind) for name, kind in context.scalars() if name not in vectors)
    return Declarations(vectors=numbered, scalars=scalars, symbolic_vectors=symbolic)


def _kept(defined: Entry, right: Node | None) -> Entry:
    """The definition as later formulas use it: its right side with the chain's conventions
    applied (``\\hat{y}`` is the softmax of this chain's logits, wherever it is used later)."""
    if defined.definition is None or right is None:
        return defined
    return _replace(defined, definition=right)


def _shown(key: Node) -> str:
    return str(key.value) if key.op == "name" else render_tree(key)


def _replace(item: _Record, **changes: object) -> _Record:
    from dataclasses import replace

    return replace(item, **changes)  # type: ignore[arg-type]


def _read(chain: Chain, segment: Segment, context: Context) -> tuple[list[Node | None], list[str | None]]:
    """Each side parsed by the claim reader's LaTeX parser (a declared variable ``e`` is no
    constant there), or why it cannot be (with where)."""
    declared = frozenset(name for name, _ in context.scalars()) | frozenset(context.vector_names())
    trees: list[Node | None] = []
    problems: list[str | None] = []
    for piece in chain.pieces:
        if not piece.text:
            trees.append(None)
            problems.append(f"{segment.locate(piece.offset(1))}: a side of the relation is empty")
            continue
        try:
            trees.append(check_depth(parse_latex_expression(piece.text, declared=declared)))
            problems.append(None)
        except ClaimSyntaxError as exc:
            trees.append(None)
            # The reader quotes with repr (a backslash shown twice): shown as the document writes it.
            message = str(exc).rsplit(" at column", 1)[0].replace("\\\\", "\\")
            where = segment.locate(piece.offset(exc.column))
            problems.append(f"{where}: the reader cannot read {_short(piece)}: {message}")
    return trees, problems


def _short(piece: Piece) -> str:
    text = piece.text if len(piece.text) <= 40 else piece.text[:37] + "…"
    return f"'{text}'"


def _definition(chain: Chain, raw: list[Node | None], context: Context, segment: Segment) -> Entry | None:
    """The definition the chain's first link makes, if it is one: ``L = …`` or ``L := …`` with
    ``L`` a name declared as no variable and not on the right side (``L(o) = …`` too, then
    with nothing to expand later). A name defined already is not defined again by ``=``:
    ``\\ell = …`` after ``\\ell`` is defined is a claim about it (``:=`` defines it anew)."""
    if not chain.marks or chain.marks[0].rel not in ("=", "def") or raw[0] is None or raw[1] is None:
        return None
    left, right = raw[0], raw[1]
    applied = left.op == "mul" and left.args[0].op == "name"
    head = left.args[0] if applied else left
    if head.op != "name" or str(head.value) in CONSTANTS or context.variable(str(head.value)) is not None:
        return None
    earlier = context.entries.get(head)
    if earlier is not None and earlier.definition is not None and chain.marks[0].rel == "=":
        return None
    name = str(head.value)
    used_as_vector = any(name in vector_uses(t) for t in raw if t is not None)
    if used_as_vector or name in names(right) or (applied and name in names(left.args[1])):
        return None
    if applied and ((chain.marks[0].rel != "def" and name in CONVENTIONAL_KINDS) or len(name) > 1):
        return None  # x(1 - x) = … is a product, not the definition of a function x
    where = segment.locate(chain.marks[0].offset)
    # A name set to a number stays a variable in later formulas: "x = 3" in one place must not
    # turn a later general claim about x into one about 3. A name set to an expression of other
    # names keeps it, a conventional letter too: after "z = w x + b", ∂z/∂w is x (read as a
    # variable, z would have derivative 0, and a correct derivation was refuted). The softmax's
    # s is no exception: "s = σ(x)" makes s the sigmoid later.
    # A bold or arrowed conventional letter (o = W x + b, d2l's logits) is a vector the reader
    # keeps reading as the variable: later gradients in o_j are checked, not skipped.
    vector = any(mark in chain.pieces[0].text for mark in ("\\mathbf", "\\boldsymbol", "\\vec", "\\bm"))
    kept = not applied and bool(names(right) - CONSTANTS) and not (vector and name in CONVENTIONAL_KINDS)
    return Entry(head, f"{name} = …", where, definition=context.expand(right) if kept else None)


def _softmax_convention(trees: list[Node | None], context: Context) -> tuple[list[Node | None], str | None]:
    """``s`` and ``\\hat{y}`` (undeclared) as the softmax of the chain's logits: the one
    logits vector the chain uses, else the one declared, else ``o``; with two declared and
    none used, the chain is not read (a guess would check a claim about the wrong vector). A
    bare ``s`` in a chain with no vector is a scalar."""
    present = [t for t in trees if t is not None]
    inside = set().union(*(_subtrees(t) for t in present)) if present else set()
    used = [k for k in softmax_keys() if not context.declared(k) and k in inside]
    candidates = set(_vectors(present, context)) - {str(k.value) for k in used if k.op == "name"}
    s = Node("name", value="s")
    if s in used and not candidates and not any("s" in vector_uses(t) for t in present):
        used.remove(s)
    if not used:
        return trees, None
    logits = sorted(v for v in candidates if context.vector_kind(v) is Kind.LOGITS)
    if not logits:
        logits = sorted(set(context.declared_logits())) or ["o"]
    if len(logits) > 1:
        shown, key = ", ".join(logits), _latex_name(used[0])
        why = f"{key} is the softmax of which logits ({shown})?"
        return trees, f"{why} declare it, e.g. {key}: softmax({logits[0]})"
    softmax = Node("call", (Node("name", value=logits[0]),), value="softmax")
    mapping = dict.fromkeys(used, softmax)
    return [substitute(t, mapping) if t is not None else None for t in trees], None


def _latex_name(key: Node) -> str:
    """A softmax name as a document writes it: ``s``, ``\\hat{y}``."""
    return "\\hat{y}" if key.value == "yhat" else str(key.value)


def _subtrees(tree: Node) -> set[Node]:
    return set(walk(tree))


def _vectors(trees: list[Node], context: Context) -> dict[str, Kind]:
    """The chain's vectors and their kinds: names subscripted or given to a vector function,
    and declared vectors it names; a name declared a scalar stays one."""
    found: set[str] = set()
    for tree in trees:
        found |= vector_uses(tree)
        found |= {n for n in names(tree) if (e := context.variable(n)) is not None and e.vector}
    declared_scalars = {n for n in found if (e := context.variable(n)) is not None and not e.vector}
    found -= declared_scalars | CONSTANTS
    return {name: context.vector_kind(name) for name in sorted(found)}


def _ready(
    plan: LinkPlan,
    relation: Relation,
    vectors: dict[str, Kind],
    sizes: Sizes,
    free: set[str],
    context: Context,
    raw: list[Node | None],
) -> LinkPlan:
    """The plan with what the link itself uses."""
    used = _link_names(relation)
    bound = {var for side in (relation.left, relation.right) for var, *_ in sums(side)}
    link_vectors = tuple((v, vectors[v], sizes.sizes.get(v)) for v in sorted(used & set(vectors)))
    others = used - set(vectors) - free - bound - CONSTANTS - {sizes.symbol}
    scalars = []
    for name in sorted(others):
        entry = context.variable(name)
        scalars.append((name, entry.kind if entry is not None and entry.kind is not None else Kind.REAL))
    smallest = max([1, *(largest_index(t) for t in raw if t is not None)])
    return _replace(
        plan,
        relation=relation,
        vectors=link_vectors,
        scalars=tuple(scalars),
        free=tuple(sorted(used & free)),
        symbol=sizes.symbol,
        smallest=smallest,
    )


def _link_names(relation: Relation) -> set[str]:
    return names(relation.left) | names(relation.right)
