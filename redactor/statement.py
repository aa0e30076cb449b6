"""The publication statement: ``OUTDIR/redaction-statement.md`` and ``.html``.

Written by every redact run, for the QA Panel and the CSP: what was done to each published
document, counts by kind, the policies in force, what needed a human check and the verification
result. It holds no identifier: documents by their (pseudonymised) output names, kinds and
counts, and notes that never quote text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redactor.batch import FileReport
    from redactor.context import CaseContext
    from redactor.publish import Published

STATEMENT_NAME = "redaction-statement"


@dataclasses.dataclass(frozen=True, slots=True)
class StatementDocument:
    name: str
    status: str  # done (this run), skipped (unchanged, earlier run), refused, failed
    words: int | None
    counts: Mapping[str, int]
    checks: tuple[str, ...]
    reason: str = ""
    risks: Mapping[str, int] = dataclasses.field(default_factory=dict)  # what stays: counts only


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    case: str
    date: str
    tool: str
    model: str
    documents: tuple[StatementDocument, ...]
    policy: tuple[tuple[str, str, str], ...]  # kind, action, reason
    keep: tuple[str, ...]  # what is kept on purpose, in words
    decisions: str  # one sentence about officer decisions
    verified: str  # one sentence about verification


def published_counts(records: Iterable[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    """Return replacements by kind for each document, from the run that last published it."""
    by_run: dict[tuple[str, str], Counter[str]] = {}
    latest: dict[str, str] = {}
    for record in records:
        if record.get("type") == "decision":
            key = (str(record.get("run")), str(record.get("document")))
            by_run.setdefault(key, Counter())[str(record.get("kind"))] += 1
        elif record.get("type") == "run":
            for entry in record.get("documents", []):
                if isinstance(entry, dict) and entry.get("status", "done") == "done":
                    latest[str(entry.get("document"))] = str(record.get("run"))
    return {doc: by_run.get((run, doc), Counter()) for doc, run in latest.items()}


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def render_markdown(statement: Statement) -> str:
    """Return the statement as Markdown."""
    done = [d for d in statement.documents if d.status in ("done", "skipped")]
    totals: Counter[str] = Counter()
    for doc in done:
        totals.update(doc.counts)
    lines = [
        f"# Redaction statement: case {statement.case}",
        "",
        f"Prepared on {statement.date} with {statement.tool} ({statement.model}), offline. This statement holds no "
        "personal identifier: documents are named by their published (pseudonymised) file names.",
        "",
        "## What was done",
        "",
        "Every person was given one pseudonym across all documents of the case; places and private organisations "
        "a coded label; other identifiers a typed placeholder, as the policy below says. Each published document "
        "was checked after it was written and before it was released.",
        "",
        "## Documents",
        "",
    ]
    lines += _table(
        ("document", "status", "words", "replacements", "by kind"),
        (
            (d.name, d.status if not d.reason else f"{d.status}: {d.reason}", "" if d.words is None else f"{d.words:,}",
             str(sum(d.counts.values())), ", ".join(f"{k} {n}" for k, n in sorted(d.counts.items())) or "-")
            for d in statement.documents
        ),
    )
    lines += ["", "## Replacements by kind (all published documents)", ""]
    lines += _table(("kind", "replacements"), ((k, str(n)) for k, n in sorted(totals.items())))
    lines += ["", "## Policy in force", ""]
    lines += _table(("kind", "action", "why"), statement.policy)
    lines += ["", "Kept on purpose: " + "; ".join(statement.keep) + ".", "", "## Officer decisions", "", statement.decisions]
    lines += ["", "## Needs a human check", ""]
    checks = [(d.name, c) for d in done for c in d.checks]
    if checks:
        lines += [f"- {name}: {check}" for name, check in checks]
    else:
        lines.append("Nothing was flagged; every document still needs reading before publication.")
    lines += ["", "## Residual risk (for the motivated-intruder check)", ""]
    risky = [(d.name, d.risks) for d in done if any(d.risks.values())]
    if risky:
        lines.append(
            "Kept on purpose but worth a second look: full dates in the chronology and ages can narrow "
            "down who is described when read with press reports."
        )
        lines.append("")
        lines += [f"- {name}: " + ", ".join(f"{n} {what}" for what, n in risks.items() if n) for name, risks in risky]
    else:
        lines.append("No full dates or ages were left in the documents published by this run.")
    lines += [
        "",
        "## Verification",
        "",
        statement.verified,
        "",
        "The tool never certifies a document as anonymous: the officer reads every document and makes the "
        "motivated-intruder judgement before publication.",
        "",
    ]
    return "\n".join(lines)


def render_html(statement: Statement) -> str:
    """Return the statement as a self-contained HTML page (no external assets)."""
    body: list[str] = []
    in_table = False
    for line in render_markdown(statement).splitlines():
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            if set(line) <= {"|", "-"}:
                continue
            if not in_table:
                body.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cells) + "</tr></thead><tbody>")
                in_table = True
                continue
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</tbody></table>")
            in_table = False
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            body.append(f"<ul><li>{html.escape(line[2:])}</li></ul>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</tbody></table>")
    style = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}"
        "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}"
        "ul{margin:.1rem 0}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Redaction statement: case {html.escape(statement.case)}</title><style>{style}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_statement(out_dir: Path, statement: Statement) -> Path:
    """Write the .md and .html statements into ``out_dir`` atomically; return the .md path.

    Unlike the review files they are readable by all (0644): they accompany the publication.
    """
    from redactor.files import write_atomic

    md = out_dir / f"{STATEMENT_NAME}.md"
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(md, render_markdown(statement).encode("utf-8"), suffix=md.suffix, mode=0o644)
    page = out_dir / f"{STATEMENT_NAME}.html"
    write_atomic(page, render_html(statement).encode("utf-8"), suffix=page.suffix, mode=0o644)
    return md


def write_run_statement(
    out_dir: Path,
    context: CaseContext,
    reports: Mapping[int, FileReport],
    published: Mapping[int, Published],
    *,
    started_at: dt.datetime,
) -> Path:
    """Build the statement of one run from its records and write it into ``out_dir``."""
    from redactor import __version__
    from redactor.audit import readable_records
    from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION
    from redactor.policy import DEFAULTS

    earlier = published_counts(readable_records(out_dir))
    documents = []
    for index in sorted(reports):
        report = reports[index]
        if index in published:
            p = published[index]
            documents.append(
                StatementDocument(report.name, "done", p.output.words, p.counts, p.output.notes, risks=p.risks)
            )
        elif report.status == "skipped":
            documents.append(StatementDocument(report.name, "skipped", None, earlier.get(report.name, Counter()), ()))
        else:
            documents.append(StatementDocument(report.name, report.status, None, {}, (), report.reason))
    case = context.case
    keep = []
    if case is None or case.keep_public_bodies:
        keep.append("public bodies a DHR names on purpose (police forces, NHS trusts, councils, probation, charities)")
    if case is None or case.keep_large_places:
        keep.append("countries, regions and cities (too large to identify anyone)")
    if case is not None and case.keep_terms:
        keep.append(f"{len(case.keep_terms)} term(s) the case file keeps")
    if context.area:
        how = "the case file" if context.area_source == "case file" else "the documents (set [case] area to correct it)"
        keep.append(f"the council area the review is for, {context.area}, as named by {how}")
    if context.services:
        keep.append(f"{len(context.services)} service(s) the documents describe as such (named like a person or a word)")
    keep.append("roles, job titles, legislation, months and years")
    decisions = context.decisions
    if decisions is None:
        decided = "No decisions file was given: every detection was applied as the tool found it."
    else:
        decided = (
            f"The officer's decisions were applied ({len(decisions.entities)} entity, "
            f"{len(decisions.mentions)} mention and {len(decisions.added)} added-term entries; decisions "
            f"file SHA-256 {decisions.sha256[:16]}...); {len(context.unmatched)} matched nothing."
        )
    done = sum(1 for d in documents if d.status == "done")
    verified = (
        f"Each of the {done} document(s) published by this run was read back after it was written and checked for "
        "every identifier the case file and key hold before it was released; 'redactor verify' repeats the check "
        "and also runs detection again."
    )
    statement = Statement(
        case=context.key.case,
        date=started_at.date().isoformat(),
        tool=f"redactor {__version__}",
        model=f"{MODEL_NAME} {MODEL_VERSION}",
        documents=tuple(documents),
        policy=tuple((label.value, action, DEFAULTS[label].reason) for label, action in context.policy.items()),
        keep=tuple(keep),
        decisions=decided,
        verified=verified,
    )
    return write_statement(out_dir, statement)
