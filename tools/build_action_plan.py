#!/usr/bin/env python3
"""Build sample_reports/action_plan.docx: the fictional case's action plan as Word writes it.

It has what officers' real drafts have and what a redactor must not miss: a running header
and footer naming the victim, a table whose Lead column names practitioners, a footnote citing
a press article, a comment by a panel member, a tracked insertion and a tracked deletion, and
document properties (author, last modified by, title, company). Everything is fictional.

Run: python tools/build_action_plan.py   (deterministic: the same bytes every time)
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "sample_reports" / "action_plan.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
AUTHOR = "Fenella Gorringe"
REVIEWER = "Priyanka Venkataraman"


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def cell(text: str, bold: bool = False) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="2400" w:type="dxa"/></w:tcPr>{para(run(text, bold))}</w:tc>'


ROWS = [
    ("Recommendation", "Action", "Lead", "Target date"),
    ("1. GPs ask about domestic abuse", "Routine enquiry training for Larchmere Medical Practice", "Dr Harjinder Bassi", "March 2024"),
    ("2. Link third-party calls", "Audit of linked calls in the Lewisham command unit", "PC Owain Threlfall", "June 2024"),
    ("3. See children alone", "Practice guidance for Children's Social Care", "Chidinma Okafor", "April 2024"),
    ("4. Review IDVA closures", "MARAC closure checklist; call Hestia on 020 7946 0715", "Siobhan Mulcahy", "May 2024"),
]


def document() -> str:
    table = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9600" w:type="dxa"/></w:tblPr>'
        + "".join(
            "<w:tr>" + "".join(cell(text, bold=(i == 0)) for text in row) + "</w:tr>" for i, row in enumerate(ROWS)
        )
        + "</w:tbl>"
    )
    body = "".join(
        [
            para(run("Action plan: Domestic Homicide Review into the death of Ilona Kowalczyk"), style="Heading1"),
            para(
                run("This plan follows the review of the death of Mrs Kowalczyk"),
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
                run(". It was agreed by the Safer Lewisham Partnership. "),
                '<w:commentRangeStart w:id="0"/>',
                run("Kieran Ashcroft"),
                '<w:commentRangeEnd w:id="0"/>',
                f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>',
                run(" did not take part in the action planning."),
            ),
            para(
                run("The family were represented by "),
                f'<w:ins w:id="10" w:author="{AUTHOR}" w:date="2023-05-02T10:00:00Z">{run("Agnieszka Brzezińska, ")}</w:ins>',
                run("the victim's sister"),
                f'<w:del w:id="11" w:author="{AUTHOR}" w:date="2023-05-02T10:01:00Z">'
                '<w:r><w:delText xml:space="preserve"> and her son Tomasz</w:delText></w:r></w:del>',
                run("."),
            ),
            table,
            para(run("Progress is reported to the CSP board each quarter. Contact: "), run("fenella.gorringe@example.org")),
            '<w:sectPr><w:headerReference w:type="default" r:id="rId10"/><w:footerReference w:type="default" r:id="rId11"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" '
            'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>',
        ]
    )
    return f"{DECL}<w:document {NS}><w:body>{body}</w:body></w:document>"


def part(root: str, inner: str) -> str:
    return f"{DECL}<w:{root} {NS}>{inner}</w:{root}>"


def footnotes() -> str:
    sep = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    )
    note = (
        '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        + run(' "Man jailed for murder of Ilona Kowalczyk in Quenmore Rise flat", South London Courier, 18 November 2022.')
        + "</w:p></w:footnote>"
    )
    return part("footnotes", sep + note)


def comments() -> str:
    return part(
        "comments",
        f'<w:comment w:id="0" w:author="{REVIEWER}" w:date="2023-05-03T09:00:00Z" w:initials="PV">'
        + para(run("Should we say why Kieran declined? He is at HMP Brackenmoor."))
        + "</w:comment>",
    )


def styles() -> str:
    def style(kind: str, sid: str, name: str, extra: str = "") -> str:
        return f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}</w:style>'

    return part(
        "styles",
        style("paragraph", "Normal", "Normal")
        + style("paragraph", "Heading1", "heading 1", '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>')
        + style("paragraph", "FootnoteText", "footnote text", '<w:rPr><w:sz w:val="18"/></w:rPr>')
        + style("character", "FootnoteReference", "footnote reference", '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>')
        + style("character", "CommentReference", "annotation reference")
        + style("table", "TableGrid", "Table Grid",
                '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
                '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
                '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>'),
    )


def core() -> str:
    return (
        f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>DHR Ilona Kowalczyk action plan</dc:title><dc:subject>Kieran Ashcroft DHR</dc:subject>"
        f"<dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{REVIEWER}</cp:lastModifiedBy>"
        "<cp:keywords>Kowalczyk; Quenmore Rise</cp:keywords>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-05-01T09:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-05-03T09:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app() -> str:
    return (
        f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Office Word</Application><Company>Gorringe Review Services</Company>"
        f"<Manager>{AUTHOR}</Manager></Properties>"
    )


def rels(items: list[tuple[str, str, str]]) -> str:
    inner = "".join(
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>'
        for rid, kind, target in items
    )
    return f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{inner}</Relationships>'


def content_types() -> str:
    overrides = {
        "/word/document.xml": f"{CT}.document.main+xml",
        "/word/styles.xml": f"{CT}.styles+xml",
        "/word/footnotes.xml": f"{CT}.footnotes+xml",
        "/word/comments.xml": f"{CT}.comments+xml",
        "/word/header1.xml": f"{CT}.header+xml",
        "/word/footer1.xml": f"{CT}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    inner = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
    )
    return f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{inner}</Types>'


def build(path: Path = OUT) -> Path:
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "word/document.xml": document(),
        "word/_rels/document.xml.rels": rels(
            [("rId1", "styles", "styles.xml"), ("rId2", "footnotes", "footnotes.xml"), ("rId3", "comments", "comments.xml"),
             ("rId10", "header", "header1.xml"), ("rId11", "footer", "footer1.xml")]
        ),
        "word/styles.xml": styles(),
        "word/footnotes.xml": footnotes(),
        "word/comments.xml": comments(),
        "word/header1.xml": part("hdr", para(run("DHR Ilona Kowalczyk (WX): action plan. OFFICIAL-SENSITIVE draft"))),
        "word/footer1.xml": part("ftr", para(run(f"Prepared by {AUTHOR} for the Safer Lewisham Partnership"))),
        "docProps/core.xml": core(),
        "docProps/app.xml": app(),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2023, 5, 3, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return path


if __name__ == "__main__":
    print(build())
