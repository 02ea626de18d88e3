"""``verify-derivations FILE.md|FILE.tex|FILE.ipynb|-``: every display formula's chains, each
link checked in a child process; exit 0 all verified, 1 refuted, 3 inconclusive or skipped."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from checks.cli.options import Parser, positive_int, seconds
from checks.cli.sandbox import DEFAULT_MEMORY_MB, run_many
from checks.documents.check import DocumentPlan, assemble, plan_document
from checks.documents.links import check_link
from checks.documents.plan import SHOWN, LinkPlan
from checks.documents.result import DocumentResult, LinkResult
from checks.documents.sources import FORMAT_WORDS, is_document, read_source
from checks.errors import UsageError
from checks.report.junit import printable

FORMATS = ("text", "json", "junit", "github")
#: A link's child process may take this many times ``--timeout`` (plus 5 s): a link about
#: every size is checked at several sizes and proved for every n.
WALL_FACTOR = 9


def _parser() -> Parser:
    parser = Parser(
        prog="verify-derivations FILE.md",
        description="Check the derivations of a Markdown, LaTeX or notebook document: every display "
        "formula's chains, link by link (see docs/documents.md). '-' reads standard input.",
    )
    parser.add_argument("targets", nargs="+", metavar="FILE.md|FILE.tex|FILE.ipynb|-")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument(
        "--input-format",
        choices=sorted(FORMAT_WORDS),
        default=None,
        help="the format of '-' (default: sniffed)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="a skipped formula or link is an error (exit 1)"
    )
    parser.add_argument("--seed", type=positive_int, default=0, help="seed for the sample points (default 0)")
    parser.add_argument(
        "--samples", type=positive_int, default=24, help="seeded points per check (default 24)"
    )
    parser.add_argument(
        "--timeout", type=seconds, default=10.0, help="seconds per symbolic check (default 10)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        help="links checked at once (default: the cores, at most 4; 0: here)",
    )
    parser.add_argument("--memory", type=positive_int, default=DEFAULT_MEMORY_MB, help="MB per link check")
    return parser


def wants_documents(argv: Sequence[str]) -> bool:
    """Whether the command line names a document (``.md``, ``.tex``, ``.ipynb`` or ``-``)."""
    return any(is_document(word) for word in argv)


def run_documents(argv: Sequence[str]) -> tuple[str, int]:
    """Read every document first (bad input is exit 2 before anything runs), then check."""
    from checks.cli.runner import default_jobs

    args = _parser().parse_args(argv)
    if args.samples < 1 or args.memory < 64:
        raise UsageError("--samples must be at least 1, --memory at least 64")
    others = [t for t in args.targets if not is_document(t)]
    if others:
        raise UsageError(
            f"{others[0]!r} is no document (.md, .tex, .ipynb or -): check derivation files in a run "
            "of their own"
        )
    if args.targets.count("-") > 1:
        raise UsageError("standard input ('-') can be read once")
    started = time.perf_counter()
    plans = [plan_document(read_source(t, args.input_format)) for t in args.targets]
    jobs = args.jobs if args.jobs is not None else default_jobs()
    links = [link for plan in plans for link in plan.links]
    checked = list(_check(links, args.seed, args.samples, args.timeout, jobs, args.memory))
    results = _assembled(plans, checked, time.perf_counter() - started)
    status = max((r.exit_code(args.strict) for r in results), key=[0, 3, 1].index)
    return _render(results, args.format, args.strict, time.perf_counter() - started), status


def _assembled(plans: list[DocumentPlan], checked: list[LinkResult], seconds: float) -> list[DocumentResult]:
    results = []
    position = 0
    for plan in plans:
        count = len(plan.links)
        mine = checked[position : position + count]
        position += count
        done = assemble(plan, mine, 0.0)
        own = sum(link.seconds for link in mine)
        results.append(
            DocumentResult(
                done.path, done.format, done.blocks, own if len(plans) > 1 else seconds, done.notes
            )
        )
    return results


def _check_one(link: LinkPlan, seed: int, samples: int, timeout: float) -> LinkResult:
    return check_link(link, seed=seed, samples=samples, timeout=timeout)


def _check(
    links: list[LinkPlan], seed: int, samples: int, timeout: float, jobs: int, memory: int
) -> Iterable[LinkResult]:
    """Each link's result, in order: in child processes (a crash, a timeout or a memory limit
    is inconclusive, never verified), or here with ``jobs`` 0; links that need no check
    (skipped, definitions) are not sent anywhere."""
    todo = [k for k, link in enumerate(links) if link.status is None]
    results: dict[int, LinkResult] = {
        k: check_link(link) for k, link in enumerate(links) if link.status is not None
    }
    if jobs <= 0:
        results.update({k: _check_one(links[k], seed, samples, timeout) for k in todo})
        return [results[k] for k in range(len(links))]
    if todo:
        from checks.claims.check import catalogue_results

        catalogue_results()  # read once here, not in every child (the feedback of a refuted link)
    work = [(links[k], seed, samples, timeout) for k in todo]
    limit = timeout * WALL_FACTOR + 5
    for position, outcome in run_many(_check_one, work, seconds=limit, memory_mb=memory, parallel=jobs):
        k = todo[position]
        if outcome.status == "ok":
            results[k] = outcome.value
            continue
        link = links[k]
        note = f"the check did not finish: {outcome.status}: {outcome.message}"
        results[k] = LinkResult(
            link.number,
            link.location,
            link.left,
            SHOWN.get(link.rel, link.mark),
            link.right,
            "inconclusive",
            notes=(note,),
            seconds=outcome.seconds,
        )
    return [results[k] for k in range(len(links))]


def _render(results: list[DocumentResult], fmt: str, strict: bool, seconds: float) -> str:
    if fmt == "json":
        from checks.report.document_json import render_document_json

        return printable(render_document_json(results, seconds))
    if fmt == "junit":
        from checks.report.document_junit import render_document_junit

        return render_document_junit(results, strict)
    if fmt == "github":
        from checks.report.document_github import render_document_github

        return printable(render_document_github(results, strict))
    from checks.report.document import render_document_text

    return printable(render_document_text(results, strict))
