#!/usr/bin/env python3
"""Generate the benchmark corpus: a fictional DHR case, deterministic for a given seed.

Writes into OUTDIR (default: <tmp>/redactor-bench/corpus; never inside the repository):

- ``report.txt`` and ``report.docx``: one overview report of about 50,000 words (the same
  text in both; the Word copy has headings, paragraphs and two tables);
- ``transcripts/interview_NNN.txt``: 200 interview transcripts of 600-1,500 words each, with
  speaker labels ("Interviewer:", "Mr Okafor:") and names in lower case in some speech;
- ``case.toml``: a case file naming the victim, the perpetrator and two relatives;
- ``manifest.json``: word counts (whitespace-separated tokens) per file.

Every person, place, phone number (Ofcom drama ranges), NHS number (999 test range), NI number
(QQ prefix), postcode and e-mail address (example.* domains) is invented.

Run: python bench/generate.py [--out DIR] [--seed N] [--words N] [--transcripts N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import names as N  # noqa: E402

DEFAULT_OUT = Path(tempfile.gettempdir()) / "redactor-bench" / "corpus"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Person:
    first: str
    surname: str
    title: str
    role: str = ""

    @property
    def full(self) -> str:
        return f"{self.first} {self.surname}"

    @property
    def formal(self) -> str:
        return f"{self.title} {self.surname}" if self.title else self.full


@dataclass
class Case:
    victim: Person
    perpetrator: Person
    child: Person
    sister: Person
    friend: Person
    neighbour: Person
    practitioners: list[Person] = field(default_factory=list)
    town: str = "Lewisham"
    street: str = "Quenmore Rise"
    postcode: str = "SE4 1AB"


class Faker:
    """Random fictional values; one ``random.Random`` so that a seed fixes everything."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.reserved: set[str] = set()  # the case's own names: nobody else gets them

    def _name(self, names: list[str]) -> str:
        while True:
            name = self.rng.choice(names)
            if name not in self.reserved:
                return name

    def person(self, *, female: bool | None = None, role: str = "") -> Person:
        r = self.rng
        female = r.random() < 0.6 if female is None else female
        first = self._name(N.FIRST_NAMES_F if female else N.FIRST_NAMES_M)
        title = r.choice(N.TITLES_F) if female else "Mr"
        return Person(first, self._name(N.SURNAMES), title, role)

    def practitioner(self) -> Person:
        short, role = self.rng.choice(N.PRACTITIONER_ROLES)
        base = self.person()
        return Person(base.first, base.surname, short or base.title, role)

    def date(self) -> str:
        r = self.rng
        day = dt.date(2015, 1, 1) + dt.timedelta(days=r.randrange(9 * 365))
        style = r.randrange(6)
        if style == 0:
            return f"{day.day}/{day.month:02d}/{day.year}"
        if style == 1:
            return f"{MONTHS[day.month - 1]} {day.year}"
        if style == 2:
            return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
        if style == 3:
            suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
            return f"the {day.day}{suffix} of {MONTHS[day.month - 1]}"
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def dob(self) -> str:
        day = dt.date(1960, 1, 1) + dt.timedelta(days=self.rng.randrange(40 * 365))
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def time(self) -> str:
        r = self.rng
        return r.choice([f"{r.randrange(24):02d}:{r.randrange(0, 60, 5):02d}", f"{r.randrange(1, 12)}.{r.randrange(10, 60)}pm",
                         f"about {r.randrange(1, 12)} o'clock"])  # fmt: skip

    def phone(self) -> str:
        r = self.rng
        n = r.randrange(1000)
        return r.choice([f"07700 900{n:03d}", f"020 7946 0{n:03d}", f"0113 496 0{n:03d}", f"0161 496 0{n:03d}",
                         f"+44 7700 900{n:03d}", f"01632 960{n:03d}", f"07700900{n:03d}"])  # fmt: skip

    def postcode(self) -> str:
        r = self.rng
        area = r.choice(["SE", "SW", "N", "E", "M", "LS", "B", "CF", "NE", "L", "BS", "NG", "BR", "CR", "OL", "WF"])
        unit = "".join(r.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        return f"{area}{r.randrange(1, 29)} {r.randrange(10)}{unit}"

    def nhs(self) -> str:
        r = self.rng
        while True:
            digits = [9, 9, 9] + [r.randrange(10) for _ in range(6)]
            check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                s = "".join(map(str, digits + [check]))
                return f"{s[:3]} {s[3:6]} {s[6:]}" if r.random() < 0.7 else s

    def nino(self) -> str:
        r = self.rng
        return f"QQ {r.randrange(100):02d} {r.randrange(100):02d} {r.randrange(100):02d} {r.choice('ABCD')}"

    def email(self, person: Person | None = None) -> str:
        r = self.rng
        p = person or self.person()
        local = r.choice([f"{p.first}.{p.surname}", f"{p.first[0]}{p.surname}", f"{p.first}{r.randrange(10, 99)}",
                          f"{p.surname}.{p.first[0]}"]).lower()  # fmt: skip
        return f"{local}@{r.choice(N.EMAIL_DOMAINS)}"

    def street(self) -> str:
        return f"{self.rng.choice(N.STREET_STEMS)} {self.rng.choice(N.STREET_KINDS)}"

    def address(self) -> str:
        r = self.rng
        return f"{r.randrange(1, 240)} {self.street()}, {r.choice(N.TOWNS)} {self.postcode()}"

    def ref(self) -> str:
        r = self.rng
        cad = f"CAD {r.randrange(1000, 9999)}/{r.randrange(10, 31)}{r.choice(MONTHS)[:3].upper()}{r.randrange(15, 24)}"
        return r.choice([cad,
                         f"crime reference {r.randrange(10, 99)}/{r.randrange(10000, 99999)}/{r.randrange(15, 24)}",
                         f"MARAC reference M{r.randrange(1000, 9999)}"])  # fmt: skip


class Slots:
    """``str.format_map`` source: each field occurrence draws a fresh value for this case."""

    def __init__(self, fake: Faker, case: Case, *, speaker: Person | None = None) -> None:
        self.fake, self.case, self.speaker = fake, case, speaker

    def _victim(self) -> str:
        v, r = self.case.victim, self.fake.rng
        return r.choice([v.first, v.first, v.formal, v.full])

    def _perp(self) -> str:
        p, r = self.case.perpetrator, self.fake.rng
        return r.choice([p.first, p.formal, p.full, p.formal])

    def __getitem__(self, key: str) -> str:
        f, c, r = self.fake, self.case, self.fake.rng
        other = f.person()
        prac = r.choice(c.practitioners)
        values: dict[str, Callable[[], str]] = {
            "V": self._victim, "P": self._perp, "Vfirst": lambda: c.victim.first, "Pfirst": lambda: c.perpetrator.first,
            "child": lambda: r.choice([c.child.first, c.child.full]),
            "sister": lambda: r.choice([c.sister.first, c.sister.formal]),
            "friend": lambda: r.choice([c.friend.first, c.friend.full]), "neighbour": lambda: c.neighbour.formal,
            "prac": lambda: f"{prac.title} {prac.surname}" if r.random() < 0.5 else f"{prac.first} {prac.surname}",
            "pracrole": lambda: f"the {prac.role}, {prac.first} {prac.surname},",
            "person": lambda: r.choice([other.full, other.formal, other.first]), "fullperson": lambda: other.full,
            "agency": lambda: r.choice(N.AGENCIES), "concern": lambda: r.choice(N.CONCERNS), "date": f.date,
            "dob": f.dob, "time": f.time, "phone": f.phone, "postcode": f.postcode, "nhs": f.nhs, "nino": f.nino,
            "email": lambda: f.email(r.choice([c.victim, c.perpetrator, other])), "street": f.street,
            "home": lambda: c.street, "address": f.address, "estate": lambda: r.choice(N.ESTATES),
            "school": lambda: r.choice(N.SCHOOLS), "surgery": lambda: r.choice(N.SURGERIES), "pub": lambda: r.choice(N.PUBS),
            "employer": lambda: r.choice(N.EMPLOYERS), "town": lambda: r.choice(N.TOWNS), "prison": lambda: r.choice(N.PRISONS),
            "ref": f.ref, "n": lambda: str(r.randrange(2, 14)), "month": lambda: r.choice(MONTHS),
            "weekday": lambda: r.choice(WEEKDAYS), "ctown": lambda: c.town,
        }  # fmt: skip
        return values[key]()


# --- the overview report -------------------------------------------------------------------

SECTIONS = [
    ("Introduction", "intro"), ("Terms of reference", "tor"), ("Methodology", "method"),
    ("Involvement of family, friends and the perpetrator", "family"), ("Background", "background"),
    ("Chronology", "chronology"), ("Analysis", "analysis"), ("Equality and diversity", "equality"),
    ("Findings and lessons learned", "findings"), ("Conclusions", "analysis"),
]  # fmt: skip

REPORT = {
    "intro": [
        "This review examines the contact that agencies had with {V} and {P} between {date} and {date}.",
        "{V} was found dead at her home on {home}, {ctown}, on {date}; {P} was later convicted of her murder.",
        "The Community Safety Partnership decided on {date} that the criteria for a Domestic Homicide Review were met.",
        "The panel offers its condolences to {sister}, to {child} and to everyone who knew {Vfirst}.",
        "Pseudonyms were discussed with the family; {sister} chose the name used for her sister in the published report.",
        "The independent chair, {fullperson}, has no connection with any agency in {ctown}.",
        "The review was commissioned by the Safer {ctown} Partnership and chaired independently.",
        "The purpose of a review is to learn lessons, not to apportion blame.",
    ],
    "tor": [
        "The review considered contact from {date} until the date of the homicide.",
        "Agencies were asked whether they knew, or should have known, about {concern}.",
        "The panel asked how well {agency} and {agency} shared information about risk.",
        "Key lines of enquiry included the response to {concern} and the use of the DASH risk checklist.",
        "The panel met {n} times between {date} and {date}.",
        "The panel considered whether {Vfirst}'s immigration status affected her access to support.",
        "Panel members were {fullperson} ({agency}), {fullperson} ({agency}) and {fullperson} ({agency}).",
    ],
    "method": [
        "Individual Management Reviews were requested from {agency}, {agency} and {agency}.",
        "Short reports were received from {agency} and from {surgery}.",
        "The chair met {sister} at her home in {town} on {date} and spoke with {friend} by telephone.",
        "The perpetrator was interviewed at {prison} on {date} in the presence of his solicitor, {fullperson}.",
        "Chronologies were merged into a single timeline covering {n} years.",
        "Each author of an IMR was independent of the staff whose work they reviewed.",
        "Records held by {school} about {child} were reviewed with the consent of the family.",
    ],
    "family": [
        "{sister} described {Vfirst} as generous, funny and fiercely protective of {child}.",
        "{friend} told the chair that {Vfirst} had stopped coming to {pub} after {Pfirst} moved in.",
        "{neighbour} heard shouting from the flat on several nights in {month}.",
        "The family felt that nobody asked {Vfirst} directly whether she was safe at home.",
        "{P} declined to answer questions about the events of {date}.",
        "Letters to the family were sent to {address} and were followed up by the advocacy service.",
        "{sister} can be contacted through the family liaison officer, {prac}, on {phone}.",
        "{friend} said that {Vfirst} once messaged her from {email} because {Pfirst} read her texts.",
    ],
    "background": [
        "{V} was born on {dob} and grew up in {town}.",
        "She worked as a teaching assistant at {school} until {date}.",
        "{P} was born on {dob}; he worked for {employer} as a driver.",
        "They met in {date} at {pub} and moved in together on {home} some months later.",
        "{child} attended {school} and was known to the school nurse.",
        "{Vfirst}'s NHS number was {nhs}; she was registered with {surgery}.",
        "The family lived on the {estate} before moving to {street}, {ctown} {postcode}.",
        "{Pfirst} had previous relationships in which police recorded {concern}.",
        "His National Insurance number, {nino}, appears on the housing application of {date}.",
    ],
    "chronology": [
        "On {date}, {agency} received a call from {neighbour} reporting shouting at {home}.",
        "On {date} at {time}, officers attended and spoke to {V}, who said that nothing had happened.",
        "On {date}, {V} attended {surgery} and saw {prac}, who recorded {concern}.",
        "A DASH risk assessment completed on {date} graded the risk as standard; {n} questions were answered yes.",
        "On {date}, {pracrole} telephoned {Vfirst} on {phone} but the call was not answered.",
        "The referral to {agency} on {date} was not acknowledged for {n} days.",
        "{V} was discussed at MARAC on {date} ({ref}); actions were set for {agency} and {agency}.",
        "On {date}, {P} was arrested for assault and released under investigation.",
        "{child}'s teacher, {fullperson}, noted on {date} that he seemed withdrawn.",
        "On {date}, {agency} wrote to {V} at {address}, but the letter was returned.",
        "An e-mail from {email} on {date} asked {agency} for help with rent arrears.",
        "On {date}, {prac} completed a home visit and saw {Vfirst} alone for {n} minutes.",
        "{neighbour} rang {phone} on {date} to say she had seen {Pfirst} kicking the door.",
        "The ambulance crew who attended on {date} recorded {concern} but made no safeguarding referral.",
        "On {date}, {V} told the IDVA, {prac}, that {Pfirst} had taken her phone and bank card.",
        "A non-molestation order was granted on {date} and served on {P} the following {weekday}.",
        "On {date}, the police recorded a breach ({ref}) but took no further action.",
        "{Vfirst} missed her appointment at {surgery} on {date}; no follow-up is recorded.",
        "On {date}, {agency} closed the case because {Vfirst} could not be contacted.",
        "{P} attended {agency} on {date} asking for help with his drinking.",
        "On {date}, {child} told a teaching assistant at {school} that his mum's boyfriend had hurt her.",
        "The housing officer, {prac}, visited {home} on {date} about damage to the front door.",
        "On {date}, {V} was seen at A&E with {concern}; she gave her address as {address}.",
        "On {date} the GP, {prac}, prescribed sertraline and recorded that {Vfirst} was 'low in mood'.",
        "A welfare check was requested by {sister} on {date}; officers could not gain entry.",
        "{person} from {agency} left a voicemail for {Vfirst} on {date}.",
        "On {date}, {Pfirst}'s probation officer, {prac}, recorded that he had moved to {street}.",
        "On the evening of {date}, {V} spent several hours at {friend}'s house on the {estate}.",
        "Records from {agency} for {date} refer to {Vfirst} by her maiden name.",
        "The MARAC coordinator e-mailed {email} on {date} to share the action plan.",
    ],
    "analysis": [
        "The panel found that {agency} did not consider the history of {concern} when grading risk.",
        "Professional curiosity was lacking when {Vfirst} attended {surgery} with unexplained injuries.",
        "No agency asked {Vfirst} directly about {concern}, although there were {n} opportunities to do so.",
        "The risk posed by {P} was assessed incident by incident rather than as a pattern.",
        "Information held by {agency} was not shared with {agency} before the MARAC of {date}.",
        "The panel recognises the good practice of {prac}, who saw {Vfirst} alone and recorded her words.",
        "Had the referral of {date} been acted upon, {agency} might have offered a safety plan.",
        "The IDVA service was under pressure, with caseloads of {n} times the recommended level.",
        "The panel considered whether {child} was a victim of domestic abuse in his own right (Domestic Abuse Act 2021).",
        "{Pfirst}'s use of alcohol was treated as the problem rather than his controlling behaviour.",
        "Staff at {school} did not know that the family was known to MARAC.",
        "The panel notes that the third-party reports from {neighbour} were not linked to each other.",
        "It is not possible to say whether the homicide could have been predicted, but opportunities were missed.",
        "The use of interpreters was inconsistent; on {date} {child} interpreted for his mother.",
    ],
    "equality": [
        "The panel considered the nine protected characteristics of the Equality Act 2010.",
        "{Vfirst} was a {n}-year-old woman whose first language was not English.",
        "Barriers to help-seeking included fear of losing {child} and uncertainty about her right to remain.",
        "The panel found no evidence of direct discrimination by {agency}.",
    ],
    "findings": [
        "Finding {n}: agencies did not recognise {concern} as a risk factor.",
        "Finding {n}: third-party reports were not linked, so the pattern was not seen.",
        "Finding {n}: the GP practice had no routine enquiry about domestic abuse.",
        "Lesson: when a victim cannot be contacted, closing the case transfers the risk back to her.",
        "Lesson: children who witness abuse should be seen and heard separately.",
        "Finding {n}: the MARAC action plan of {date} was not reviewed.",
    ],
}

AGENCY_ROWS = ["Metropolitan Police", "Larchmere Medical Practice", "IDVA service (Hestia)", "Children's Social Care",
               "Adult Social Care", "London Ambulance Service", "Housing provider", "Probation Service",
               "Mental health trust", "Drug and alcohol service"]  # fmt: skip


def paragraph(pool: list[str], slots: Slots, rng: random.Random, lo: int = 3, hi: int = 7) -> str:
    general = REPORT["analysis"] + REPORT["chronology"]
    own = rng.sample(pool, min(len(pool), hi))  # no template twice in one paragraph
    picked = [own.pop() if own and rng.random() < 0.7 else rng.choice(general) for _ in range(rng.randint(lo, hi))]
    return " ".join(template.format_map(slots) for template in picked)


Block = tuple[str, int, str] | tuple[str, int, list[list[str]]]


def build_report(fake: Faker, case: Case, words: int) -> list[Block]:
    """The report as blocks: ("h", level, text), ("p", 0, text), ("t", 0, rows)."""
    rng, slots = fake.rng, Slots(fake, case)
    v, p = case.victim, case.perpetrator
    blocks: list[Block] = [
        ("h", 0, f"Domestic Homicide Review into the death of {v.full}"),
        ("p", 0, f"Overview report, Safer {case.town} Partnership. Chair: {fake.person().full}. "
                 "Draft for the Home Office QA Panel."),
        ("p", 0, f"Victim: {v.full} (born {fake.dob()}), {fake.rng.randrange(1, 200)} {case.street}, {case.town} "
                 f"{case.postcode}. Perpetrator: {p.full}."),
    ]  # fmt: skip
    count = sum(len(str(b[2]).split()) for b in blocks)
    # Share the word budget across sections; the chronology takes about half of it.
    shares = {"chronology": 0.48, "analysis": 0.09, "background": 0.07, "family": 0.07, "findings": 0.05}
    for number, (title, kind) in enumerate(SECTIONS, start=1):
        blocks.append(("h", 1, f"{number}. {title}"))
        budget = words * shares.get(kind, 0.035)
        used = 0
        sub = 0
        while used < budget and count < words:
            if kind == "chronology" and used >= sub * 2500:
                sub += 1
                blocks.append(("h", 2, f"{number}.{sub} {fake.date()} to {fake.date()}"))
            text = paragraph(REPORT[kind], slots, rng)
            blocks.append(("p", 0, text))
            used += len(text.split())
            count += len(text.split())
        if kind == "method":
            rows = [["Agency", "Nature of contact", "IMR author"]]
            rows += [[a, rng.choice(N.CONCERNS).capitalize(), fake.person().full] for a in AGENCY_ROWS]
            blocks.append(("t", 0, rows))
            count += sum(len(c.split()) for row in rows for c in row)
    blocks.append(("h", 1, f"{len(SECTIONS) + 1}. Recommendations and action plan"))
    rows = [["Recommendation", "Action", "Lead", "Target date"]]
    for i in range(1, 9):
        prac = rng.choice(case.practitioners)
        rows.append([f"{i}. {rng.choice(REPORT['findings']).format_map(slots)}", f"Audit by {rng.choice(N.AGENCIES)}",
                     f"{prac.title} {prac.first} {prac.surname}", fake.date()])  # fmt: skip
    blocks.append(("t", 0, rows))
    count += sum(len(c.split()) for row in rows for c in row)
    while count < words:  # top up the last section to the word target
        text = paragraph(REPORT["analysis"], slots, rng)
        blocks.insert(-2, ("p", 0, text))
        count += len(text.split())
    return blocks


def write_report_txt(blocks: list[Block], path: Path) -> None:
    lines: list[str] = []
    for kind, level, content in blocks:
        if isinstance(content, list):
            lines += [" | ".join(row) for row in content]
        else:
            lines.append(content.upper() if kind == "h" and level == 0 else content)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_report_docx(blocks: list[Block], path: Path) -> None:
    import docx  # noqa: TID251 (the benchmark builds its own Word input)

    word_doc = docx.Document()
    props = word_doc.core_properties
    props.author, props.title = "Benchmark generator", "Overview report (fictional)"
    props.created = props.modified = dt.datetime(2024, 1, 1, 12, 0, 0)
    for kind, level, content in blocks:
        if isinstance(content, list):
            table = word_doc.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, content, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        elif kind == "h":
            word_doc.add_heading(content, level=level)
        else:
            word_doc.add_paragraph(content)
    word_doc.save(str(path))


# --- interview transcripts -----------------------------------------------------------------

QUESTIONS = [
    "Thank you for agreeing to talk to me. Can you tell me how you knew {Vfirst}?",
    "When did you first meet {Pfirst}?",
    "What was {Vfirst} like before she met him?",
    "Did {Vfirst} ever talk to you about money?",
    "Do you remember the police coming to {home} in {month}?",
    "Did anyone from {agency} ever speak to you?",
    "How did {child} get on with {Pfirst}?",
    "You mentioned {person}. Who is that?",
    "What happened after the incident on {date}?",
    "Did you know she had been to {surgery}?",
    "Was there anything you think agencies could have done differently?",
    "Can you tell me about the last time you saw her?",
    "Did she have a mobile phone of her own?",
    "How often did you see her in the last year?",
    "Did she mention the MARAC, or an IDVA?",
    "Is there anything you'd like the panel to know about {Vfirst}?",
    "Were you aware of any injuries?",
    "What did {Pfirst} do for work?",
    "Did {Vfirst} ever stay with you?",
    "Who else was close to her at that time?",
    "Do you know why she stopped going to {pub}?",
    "How did you find out what had happened?",
    "Did the school ever raise concerns with you?",
    "Can I ask about {Pfirst}'s drinking?",
    "Thank you. Shall we take a short break?",
]  # fmt: skip

ANSWERS = [
    "We were at {school} together, so I've known her since we were about eleven.",
    "i told {Pfirst} he had to go, but he just laughed at me.",
    "She'd ring me from a withheld number, or sometimes from {phone}, which was her work phone.",
    "He had her bank card. She had to ask him for money for the bus.",
    "I saw the police car outside on the {weekday}, but nobody knocked on my door.",
    "{Vfirst} was the funniest person I know. Honestly, she'd light up a room.",
    "After he moved in she stopped coming out. We used to go to {pub} every Friday.",
    "{child} was scared of him. He'd go to his room the minute {Pfirst} came in.",
    "There was a woman from {agency}, {person}, she was lovely, she really tried.",
    "I think it was {date}, or maybe a bit after. It's hard to remember now.",
    "She had bruises on her arms and she said she'd fallen on the stairs at {home}.",
    "I rang the police myself once. They said they'd send someone round to {address}.",
    "He used to check her phone every night. He knew her passwords, her e-mail, {email}, everything.",
    "My husband {person} said we shouldn't get involved. I wish we had.",
    "She moved to her mum's in {town} for a bit, then she went back to him.",
    "I don't know what the GP knew. She went to {surgery} a lot for her nerves.",
    "{Pfirst} worked at {employer}, driving. When he lost that job it got worse.",
    "He was charming, that's the thing. Everyone thought he was lovely. {person} thought he was lovely.",
    "The last time I saw her was at the bus stop on {street}. She looked tired.",
    "She said she'd been to a meeting, some sort of risk thing, but nothing changed.",
    "you know what {Pfirst} was like, he'd kick off over nothing.",
    "I still have her texts. The last one said 'call me later x'.",
    "Nobody from {agency} ever asked me anything until this review.",
    "{sister} did everything she could. She rang {agency} so many times.",
    "He'd turn up at her work at {school} and wait outside.",
    "She gave me her NHS number once, {nhs}, because she wanted me to ring the surgery for her.",
    "We lived on the {estate} then, number {n}, so I could hear everything through the wall.",
    "{child} used to come round to ours for his tea most days.",
    "i think {Vfirst} knew something bad was going to happen.",
    "When the social worker came, {Pfirst} sat in on the whole thing.",
    "She was proud of her job. She'd worked so hard to get it.",
    "I told the officer, a PC {person}, that she was frightened of him.",
    "His mate {person} was always round, drinking in the garden.",
    "I'm sorry, give me a minute.",
    "Yeah. Yeah, that's right.",
    "She'd just got a new flat sorted, on {street}, postcode {postcode}. She never moved in.",
    "honestly, {Pfirst} had {Vfirst} under his thumb from the start.",
    "The housing lady, {prac}, said she'd chase it up, but we never heard back.",
    "It was the {weekday} before it happened. She came round at {time}.",
    "Her number was {phone}. I rang it and rang it that night.",
    "I did tell the school. I spoke to {prac} in the office.",
    "We should have seen it. All of us should have seen it.",
]  # fmt: skip


def build_transcript(fake: Faker, case: Case, index: int, target: int) -> str:
    rng = fake.rng
    if index % 25 == 0:
        speaker = case.perpetrator
    elif index % 10 == 1:
        speaker = case.sister
    elif index % 10 == 2:
        speaker = case.friend
    else:
        speaker = fake.person(role=rng.choice(["family", "friend", "neighbour", "colleague", "practitioner"]))
    slots = Slots(fake, case, speaker=speaker)
    label = speaker.formal
    head = [
        f"APPENDIX {index}: TRANSCRIPT OF INTERVIEW WITH {speaker.full.upper()}",
        f"Domestic Homicide Review, Safer {case.town} Partnership (draft, not for publication)",
        f"Date: {fake.date()}",
        f"Location: {rng.choice([f'{speaker.full} home, {fake.address()}', rng.choice(N.PRISONS), f'{case.town} Civic Centre'])}",
        f"Present: the independent chair (Interviewer); {speaker.full} ({label})",
        "",
    ]
    body: list[str] = []
    words = sum(len(line.split()) for line in head)
    while words < target:
        question = rng.choice(QUESTIONS).format_map(slots)
        answer = " ".join(rng.choice(ANSWERS).format_map(slots) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.15:  # transcribed speech is often all lower case
            answer = answer.lower()
        body += [f"Interviewer: {question}", "", f"{label}: {answer}", ""]
        words += len(question.split()) + len(answer.split()) + 2
    return "\n".join(head + body)


# --- the case --------------------------------------------------------------------------------


def build_case(fake: Faker) -> Case:
    victim = fake.person(female=True, role="victim")
    fake.reserved |= {victim.first, victim.surname}
    perpetrator = fake.person(female=False, role="perpetrator")
    fake.reserved |= {perpetrator.first, perpetrator.surname}
    child = Person(fake.person(female=False).first, victim.surname, "", "child")
    married = fake.person(female=True)
    sister = Person(married.first, married.surname, "Ms", "family")  # her married name, not the victim's
    fake.reserved |= {child.first, sister.first, sister.surname}
    return Case(
        victim=victim,
        perpetrator=perpetrator,
        child=child,
        sister=sister,
        friend=fake.person(female=True, role="friend"),
        neighbour=fake.person(role="neighbour"),
        practitioners=[fake.practitioner() for _ in range(18)],
        town=fake.rng.choice(N.TOWNS),
        street=fake.street(),
        postcode=fake.postcode(),
    )


def case_toml(case: Case) -> str:
    def person(p: Person, pseudonym: str, alias: str) -> str:
        title = f'title = "{p.title}"\n' if p.title else ""
        return (f'[[person]]\nname = "{p.full}"\naliases = ["{alias}"]\npseudonym = "{pseudonym}"\n'
                f'role = "{p.role}"\n{title}')  # fmt: skip

    return "\n".join([
        "# Benchmark case file (generated by bench/generate.py; every name is invented).",
        "",
        '[case]\nname = "BENCH"\n',
        person(case.victim, "WX", case.victim.first[:3]),
        person(case.perpetrator, "YZ", case.perpetrator.first[:3]),
        person(case.child, "Child 1", case.child.first[:3]),
        person(case.sister, "Adult C", case.sister.first[:3]),
        f'[keep]\nterms = ["{case.town}", "Hestia", "Refuge"]\n',
        f'[redact]\nterms = ["{case.street}"]\n',
    ])  # fmt: skip


def generate(out: Path, *, seed: int = 2024, words: int = 50_000, transcripts: int = 200) -> dict[str, int]:
    """Write the corpus into ``out`` (replacing what a previous run wrote); return word counts by file."""
    rng = random.Random(seed)
    fake = Faker(rng)
    case = build_case(fake)
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "transcripts"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    blocks = build_report(fake, case, words)
    write_report_txt(blocks, out / "report.txt")
    write_report_docx(blocks, out / "report.docx")
    (out / "case.toml").write_text(case_toml(case), encoding="utf-8")
    counts = {"report.txt": len((out / "report.txt").read_text(encoding="utf-8").split())}
    counts["report.docx"] = counts["report.txt"]  # the same blocks (table cells are words in both)
    for i in range(1, transcripts + 1):
        text = build_transcript(fake, case, i, rng.randint(600, 1500))
        name = f"interview_{i:03d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        counts[f"transcripts/{name}"] = len(text.split())
    (out / "manifest.json").write_text(json.dumps({"seed": seed, "words": counts}, indent=1), encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"corpus folder (default {DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--words", type=int, default=50_000, help="words in the overview report")
    parser.add_argument("--transcripts", type=int, default=200)
    args = parser.parse_args()
    counts = generate(args.out, seed=args.seed, words=args.words, transcripts=args.transcripts)
    batch = sum(n for name, n in counts.items() if name.startswith("transcripts/"))
    print(f"{args.out}: report {counts['report.txt']:,} words; {args.transcripts} transcripts, {batch:,} words")


if __name__ == "__main__":
    main()
