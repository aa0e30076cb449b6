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

from redactor.document import kind_name

if TYPE_CHECKING:
    from redactor.batch import FileReport
    from redactor.context import CaseContext

STATEMENT_NAME = "redaction-statement"


@dataclasses.dataclass(frozen=True, slots=True)
class StatementDocument:
    """One document now in the publication folder, as the audit log records its publication."""

    name: str
    published: str  # the date of the run that wrote it (ISO)
    words: int | None
    counts: Mapping[str, int]
    checks: tuple[str, ...]
    risks: Mapping[str, int] = dataclasses.field(default_factory=dict)  # what stays: counts only
    officer_kept: tuple[str, ...] = ()  # where the officer kept a detection as written (locations)
    changed: bool = False  # the file is no longer the one redactor wrote
    unmatched: int = 0  # the officer's mention decisions for it that matched no text
    pdf: str = ""  # its verified PDF copy in OUTDIR ("" if none)
    pdf_pages: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    case: str
    date: str
    tool: str
    model: str
    documents: tuple[StatementDocument, ...]
    policy: tuple[tuple[str, str, str], ...]  # kind, action, reason
    keep: tuple[str, ...]  # what is kept on purpose, in words
    decisions: tuple[str, ...]  # the officer's decisions, in words
    latest_run: tuple[str, ...]  # what the latest run did: published, unchanged, refused or failed


def publication(records: Sequence[Mapping[str, Any]], out_dir: Path) -> list[StatementDocument]:
    """Return every document the audit log says was published and that is still in ``out_dir``,
    as the run that last wrote it recorded it (counts from that run's decision records)."""
    from redactor.incremental import sha256_file

    latest: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {}
    pdfs: dict[str, Mapping[str, Any]] = {}  # the latest PDF made of each document (when it was published or later)
    for record in records:
        if record.get("type") != "run":
            continue
        for entry in record.get("documents", []):
            if not isinstance(entry, dict) or not entry.get("document"):
                continue
            if entry.get("status", "done") == "done":
                latest[str(entry["document"])] = (record, entry)
                pdfs.pop(str(entry["document"]), None)
            if isinstance(entry.get("pdf"), dict):
                pdfs[str(entry["document"])] = entry["pdf"]
    wanted = {(str(run.get("run")), name) for name, (run, _e) in latest.items()}
    counts: dict[tuple[str, str], Counter[str]] = {key: Counter() for key in wanted}
    for record in records:
        key = (str(record.get("run")), str(record.get("document")))
        if record.get("type") == "decision" and key in counts:
            counts[key][str(record.get("kind"))] += 1
    documents = []
    for name in sorted(latest):
        run, entry = latest[name]
        path = out_dir / name
        if not path.is_file():
            continue  # removed by hand since: no longer part of the publication
        words = entry.get("words")
        pdf = pdfs.get(name, {})
        pdf_file = str(pdf.get("name") or "")
        if pdf_file and (not (out_dir / pdf_file).is_file() or sha256_file(out_dir / pdf_file) != pdf.get("sha256")):
            pdf_file = ""  # removed or changed by hand since: not part of the publication
        documents.append(
            StatementDocument(
                name=name,
                published=str(run.get("started", ""))[:10],
                words=words if isinstance(words, int) else None,
                counts=counts[(str(run.get("run")), name)],
                checks=tuple(str(c) for c in entry.get("needs_human_check", [])),
                risks={str(k): int(v) for k, v in dict(entry.get("risks", {})).items()},
                officer_kept=tuple(str(w) for w in entry.get("officer_kept", [])),
                changed=sha256_file(path) != entry.get("output_sha256"),
                unmatched=int(entry.get("unmatched_mentions", 0)),
                pdf=pdf_file,
                pdf_pages=int(pdf.get("pages", 0)) if pdf_file else 0,
            )
        )
    return documents


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{kind_name(k)} {n}" for k, n in sorted(counts.items(), key=lambda kn: kind_name(kn[0]).casefold())) or "-"


def render_markdown(statement: Statement) -> str:
    """Return the statement as Markdown."""
    done = statement.documents
    totals: Counter[str] = Counter()
    for doc in done:
        totals.update(doc.counts)
    lines = [
        f"# Redaction statement: case {statement.case}",
        "",
        f"Prepared on {statement.date} with {statement.tool} ({statement.model}), offline, from the audit log of "
        "the publication folder. This statement holds no personal identifier: documents are named by their "
        "published (pseudonymised) file names.",
        "",
        "## What was done",
        "",
        "Every person was given one pseudonym across all documents of the case; places and private organisations "
        "a coded label; other identifiers a typed placeholder, as the policy below says. Each published document "
        "was checked after it was written and before it was released.",
        "",
        "## Documents in the publication folder",
        "",
    ]
    if done:
        lines += _table(
            ("document", "published", "words", "replacements", "by kind"),
            (
                (d.name, d.published + (" (changed since: run 'redactor verify')" if d.changed else ""),
                 "" if d.words is None else f"{d.words:,}", str(sum(d.counts.values())), _counts(d.counts))
                for d in done
            ),
        )
    else:
        lines.append("None: nothing has been published into this folder yet.")
    with_pdf = [d for d in done if d.pdf]
    if with_pdf:
        lines += ["", "PDF copies (PDF/A-2b, tagged; metadata set to neutral values; their text, bookmarks, links and "
                  "metadata read back and checked like the documents):", ""]
        lines += _table(("PDF", "of document", "pages"), ((d.pdf, d.name, str(d.pdf_pages)) for d in with_pdf))
    lines += ["", "## Replacements by kind (all published documents)", ""]
    by_name = sorted(((kind_name(k), n) for k, n in totals.items()), key=lambda kn: kn[0].casefold())
    lines += _table(("kind", "replacements"), ((name, str(n)) for name, n in by_name))
    lines += ["", "## Policy in force", ""]
    lines += _table(("kind", "action", "why"), statement.policy)
    lines += ["", "Kept on purpose: " + "; ".join(statement.keep) + "."]
    lines += ["", "## Officer decisions", ""]
    lines += [f"- {line}" for line in statement.decisions]
    kept_by_officer = [(d.name, d.officer_kept) for d in done if d.officer_kept]
    for name, places in kept_by_officer:
        lines.append(f"- {name}: {_plural(len(places), 'detection')} kept as written at the officer's request "
                     f"({'; '.join(places)})")
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
        lines.append("No full dates or ages were left in the published documents.")
    lines += [
        "",
        "## Verification",
        "",
        f"Each of the {len(done)} published document(s) was read back after it was written and checked for every "
        "identifier the case file and key hold before it was released; 'redactor verify' repeats the check "
        "and also runs detection again.",
        "",
        "The tool never certifies a document as anonymous: the officer reads every document and makes the "
        "motivated-intruder judgement before publication.",
        "",
        "## Sign-off",
        "",
    ]
    lines += _table(
        ("", "name", "role", "date", "signature"),
        (("Prepared by", "", "", "", ""), ("Checked by", "", "", "", ""), ("Approved for publication by", "", "", "", "")),
    )
    lines += [
        "",
        "Home Office QA Panel decision (approved / approved with changes / returned), date and reference: ",
        "",
        "## Latest run",
        "",
    ]
    lines += [f"- {line}" for line in statement.latest_run]
    lines.append("")
    return "\n".join(lines)


def _plural(n: int, noun: str, plural: str = "") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


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


def statement_path(out_dir: Path) -> Path:
    """Return where the statement of ``out_dir`` is written (its Markdown copy)."""
    return out_dir / f"{STATEMENT_NAME}.md"


def write_statement(out_dir: Path, statement: Statement) -> Path:
    """Write the .md and .html statements into ``out_dir`` atomically; return the .md path.

    Unlike the review files they are readable by all (0644): they accompany the publication.
    """
    from redactor.files import write_atomic

    md = statement_path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(md, render_markdown(statement).encode("utf-8"), suffix=md.suffix, mode=0o644)
    page = out_dir / f"{STATEMENT_NAME}.html"
    write_atomic(page, render_html(statement).encode("utf-8"), suffix=page.suffix, mode=0o644)
    return md


def write_run_statement(
    out_dir: Path,
    context: CaseContext,
    reports: Mapping[int, FileReport],
    *,
    started_at: dt.datetime,
) -> Path:
    """Build the statement of the publication folder from its audit log (every document now in
    ``out_dir``, as the run that wrote it recorded it) and this run's reports; write it."""
    from redactor import __version__
    from redactor.audit import last_reading_run, readable_records
    from redactor.detect.nlp import MODEL_NAME, MODEL_VERSION
    from redactor.policy import DEFAULTS

    records = readable_records(out_dir)
    documents = publication(records, out_dir)
    reading = last_reading_run(records) or {}
    statement = Statement(
        case=context.key.case,
        date=started_at.date().isoformat(),
        tool=f"redactor {__version__}",
        model=f"{MODEL_NAME} {MODEL_VERSION}",
        documents=tuple(documents),
        policy=tuple((kind_name(label), action, DEFAULTS[label].reason) for label, action in context.policy.items()),
        keep=_kept_on_purpose(context, reading),
        decisions=_decisions(context, sum(d.unmatched for d in documents)),
        latest_run=_latest_run(reports, started_at),
    )
    return write_statement(out_dir, statement)


def _kept_on_purpose(context: CaseContext, reading: Mapping[str, Any]) -> tuple[str, ...]:
    """Say what is kept on purpose, in words: the case's switches and keep terms (apart from the
    officer's decisions), and the area and services found by the latest run that read documents."""
    case = context.case
    keep = []
    if case is None or case.keep_public_bodies:
        keep.append("public bodies a DHR names on purpose (police forces, NHS trusts, councils, probation, charities)")
    if case is None or case.keep_large_places:
        keep.append("countries, regions and cities (too large to identify anyone)")
    decided = {t.casefold() for t in context.decided_keep}
    own = [t for t in (case.keep_terms if case is not None else ()) if t.casefold() not in decided]
    if own:
        keep.append(f"{_plural(len(own), 'term')} the case file keeps")
    area, services = reading.get("area"), int(reading.get("services", 0))
    if area:
        how = "the case file" if reading.get("area_source") == "case file" else "the documents (set [case] area to correct it)"
        keep.append(f"the council area the review is for, {area}, as named by {how}")
    if services:
        keep.append(f"{_plural(services, 'service')} the documents describe as such (named like a person or a word)")
    keep.append("roles, job titles, legislation, months and years")
    return tuple(keep)


def _decisions(context: CaseContext, unmatched_mentions: int) -> tuple[str, ...]:
    """Describe the officer's decisions in words, without identifier text."""
    decisions = context.decisions
    if decisions is None:
        if context.decisions_ignored:
            return ("The officer chose to publish without the case's decisions file (--ignore-decisions): every "
                    "detection was applied as the tool found it.",)
        return ("No decisions file: every detection was applied as the tool found it.",)
    lines = [
        f"Decisions file {decisions.source} (SHA-256 {decisions.sha256[:16]}...): "
        f"{_plural(len(decisions.entities), 'entity entry', 'entity entries')}, "
        f"{_plural(len(decisions.mentions), 'mention entry', 'mention entries')}, "
        f"{_plural(len(decisions.added), 'added term')}.",
    ]
    lines += list(context.decided)
    unmatched = context.unmatched_entities + unmatched_mentions
    if unmatched:
        lines.append(f"{_plural(unmatched, 'decision')} matched nothing in the documents "
                     "(listed in the run summary; they changed nothing).")
    return tuple(lines)


def _latest_run(reports: Mapping[int, FileReport], started_at: dt.datetime) -> tuple[str, ...]:
    """Say what the latest run did with each document it was given (names are published names)."""
    statuses = Counter(r.status for r in reports.values())
    lines = [
        f"{started_at.date().isoformat()}: {statuses['done']} published, {statuses['skipped']} unchanged since "
        f"they were published (input, case file, decisions and settings the same: not redone), "
        f"{statuses['refused']} refused, {statuses['failed']} failed."
    ]
    for index in sorted(reports):
        report = reports[index]
        if report.status in ("refused", "failed"):
            lines.append(f"{report.name or 'a document'} was {report.status}: {report.reason}")
    return tuple(lines)
