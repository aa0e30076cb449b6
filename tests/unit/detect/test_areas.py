"""Council areas and public bodies named after places (redactor.detect.areas), issue 11."""

from __future__ import annotations

import pytest

from redactor.detect.areas import area_regions, infer_area, public_body_regions, uk_areas


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e in public_body_regions(text)]


@pytest.mark.parametrize(
    "body",
    [
        "Safer Wirral Partnership",
        "North Somerset Community Safety Partnership",
        "Kirklees Council Children's Services",
        "Calderdale and Huddersfield NHS Foundation Trust",
        "Tees, Esk and Wear Valleys NHS Foundation Trust",
        "Humberside Police",
        "Avon and Somerset Constabulary",
        "Hull Royal Infirmary",
        "Wirral Homes",
        "Harrogate Magistrates' Court",
        "NHS Kirklees CCG",
        "London Borough of Barking and Dagenham",
        "Stoke-on-Trent City Council",
        "Durham Tees Valley Community Rehabilitation Company",
        "Newcastle upon Tyne Hospitals NHS Foundation Trust",
        "University Hospital of North Tees",
        "Safer and Stronger Communities Strategic Partnership",
        "Safer Kirklees",
        "Pendle BC",
        "LB Lambeth",
        "Cyngor Sir Caerfyrddin",
        "Cyngor Sir Gâr",
        "Heddlu Dyfed-Powys",
        "Hywel Dda UHB",
        "Glangwili General",
        "SAFER LAMBETH PARTNERSHIP",
    ],
)
def test_public_body_is_found_whole(body: str) -> None:
    assert _found(f"Officers from {body} attended.") == [body]


def test_a_person_before_and_is_not_part_of_the_body() -> None:
    assert _found("Jane Smith and Wirral Council met.") == ["Wirral Council"]


def test_two_bodies_joined_by_and_stay_kept() -> None:
    assert _found("North Somerset Council and Avon and Somerset Constabulary") == [
        "North Somerset Council and Avon and Somerset Constabulary"
    ]


@pytest.mark.parametrize(
    "text", ["Jane went to the Red Lion with Dave.", "She lived on Church Road.", "", "DC Tom Ormerod DC 5533"]
)
def test_no_body_in_ordinary_text(text: str) -> None:
    assert _found(text) == []


def test_every_uk_council_area_is_listed() -> None:
    areas = uk_areas()
    assert {"wirral", "north somerset", "east riding of yorkshire", "barking and dagenham", "city of edinburgh"} <= areas


def test_area_mentions_are_capitalised_only() -> None:
    text = "Reading Borough Council; she was reading a book in Wirral"
    assert [text[s:e] for s, e in area_regions(text)] == ["Reading", "Wirral"]


def test_a_case_area_outside_the_list_is_found() -> None:
    text = "The Bassetlaw panel met in Bassetlaw."
    assert [text[s:e] for s, e in area_regions(text, ["Bassetlaw"])] == ["Bassetlaw", "Bassetlaw"]


def test_area_is_inferred_from_the_documents() -> None:
    texts = [
        "Domestic Homicide Review commissioned by the Safer Wirral Partnership",
        "Wirral Council Children's Services and Merseyside Police contributed; Sefton Council did not.",
    ]
    assert infer_area(texts) == "Wirral"


def test_no_area_is_inferred_from_a_single_mention() -> None:
    assert infer_area(["Wirral Council wrote to her once."]) is None


def test_the_area_list_is_what_pycountry_gives() -> None:
    """models/places/uk_areas.txt is generated, not hand-edited: rebuilding it changes nothing."""
    pytest.importorskip("pycountry")
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "models" / "places" / "build_areas.py"
    spec = importlib.util.spec_from_file_location("build_areas", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import pycountry

    expected = {n for sub in pycountry.subdivisions.get(country_code="GB") for n in module.forms(sub.name)}
    assert {n.casefold() for n in expected} == uk_areas()


def test_every_public_body_form_holds_a_cue_word() -> None:
    """public_body_regions skips texts without a cue word: each form of body must hold one."""
    from redactor.detect.areas import _BODY_CUE, public_body_regions

    bodies = [
        "Wirral University Teaching Hospital NHS Foundation Trust", "NHS Wirral", "Wirral Clinical Commissioning Group",
        "Wirral Integrated Care Board", "Wirral CCG", "Cardiff and Vale Health Board", "Arrowe Park Hospital",
        "Royal Infirmary of Edinburgh", "Merseyside Police", "Cheshire Constabulary", "Merseyside Fire and Rescue Service",
        "Cheshire Community Rehabilitation Company", "Wirral Probation Service", "Wirral Council Children's Services",
        "London Borough of Croydon", "Wirral Homes", "Liverpool Crown Court", "Safer Wirral Partnership",
        "Wirral Community Safety Partnership", "Wirral CSP", "Wirral MARAC", "Wirral Multi-Agency Safeguarding Hub",
        "Wirral Women's Aid", "Wirral Mind", "Wirral County Hall", "University of Chester",
    ]
    for body in bodies:
        assert _BODY_CUE.search(body), body
        assert public_body_regions(f"We met {body} today."), body


def test_a_district_and_its_county_are_both_found_and_a_body_is_no_area() -> None:
    from redactor.detect.areas import infer_areas

    texts = [
        "West Lindsey District Council and Lincolnshire County Council met. Safer Lincolnshire Partnership agreed.",
        "Housing Options Manager, West Lindsey District Council. West Lindsey District Council wrote. "
        "The Safer and Stronger Communities Strategic "
        "Partnership and the Safer and Stronger Communities Strategic Partnership again.",
    ]
    assert sorted(infer_areas(texts)) == ["Lincolnshire", "West Lindsey"]


def test_the_vale_counts_for_the_vale_of_glamorgan_and_glos_for_gloucestershire() -> None:
    assert infer_area(["Vale of Glamorgan Council wrote.", "the Vale Council said", "Vale of Glamorgan Council"]) == (
        "Vale of Glamorgan"
    )
    assert area_regions("She lived in South Glos all her life.", ("South Gloucestershire",), listed=False)


def test_services_from_descriptions_agency_lists_and_agency_columns() -> None:
    from redactor.detect.areas import infer_services

    text = (
        "Amina sought help from Marigold, a Bengali women's project in Poplar. She volunteered at Norah's "
        "Kitchen, a church-hall food bank.\n\n## Contributing agencies\n\n- Kirklees Council\n- Robin (by letter)\n"
        "- Thornfield Surgery, Dewsbury\n\n| Date | Agency | Event |\n|---|---|---|\n| 13/09/2022 | Lantern | Call. |\n"
        "Kelly, the charity's support worker, rang."
    )
    assert infer_services([text]) == {"Marigold", "Norah's Kitchen", "Robin", "Lantern"}


def test_a_service_name_said_as_a_persons_name_is_no_keep_there() -> None:
    from pathlib import Path

    from redactor.detect.keep import KeepFilter
    from redactor.document import Document, Label, Segment, Span

    text = "Robin, the local charity, helped. Chris has a mate called Robin who drinks."
    spans = (Span("body/p/0", 0, 5, Label.PERSON, "spacy_ner", 0.6), Span("body/p/0", 58, 63, Label.PERSON, "spacy_ner", 0.6))
    doc = Document(Path("t.txt"), "text", (Segment("body/p/0", text),), spans)
    out = KeepFilter(keep_terms=("Robin",)).run(doc)
    assert [(s.start, s.end) for s in out.spans] == [(58, 63)]


def test_the_committed_country_list_is_what_phonenumbers_gives() -> None:
    """models/places/countries.txt is built by models/places/build_countries.py; rebuild it when
    phonenumbers is upgraded."""
    import phonenumbers
    from phonenumbers import geocoder

    from redactor.detect.lists import country_names

    expected = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        if example is not None and geocoder.country_name_for_number(example, "en"):
            expected.add(geocoder.country_name_for_number(example, "en"))
    assert country_names() == expected


def test_the_cases_own_area_of_two_words_counts_in_lower_case_too() -> None:
    text = "for gainsborough and all round west lindsey. the west of it. reading, west"
    assert [text[s:e] for s, e in area_regions(text, ["West Lindsey"])] == ["west lindsey"]
    assert area_regions("all round wirral", ["Wirral"]) == []  # one word: it may be a word


def test_the_cases_own_area_of_one_word_counts_in_lower_case_unless_it_is_a_word() -> None:
    from redactor.detect.nlp import is_dictionary_word

    text = "GP practices in lambeth; typical pendle. I was reading."
    found = [text[s:e] for s, e in area_regions(text, ["Lambeth", "Pendle", "Reading"], is_word=is_dictionary_word)]
    assert found == ["lambeth", "pendle"]


def test_a_football_club_is_kept_where_the_words_say_football() -> None:
    from redactor.detect.keep import football_regions

    text = "She supported Burnley and had a Chelsea shirt. She lived in Burnley. Chelsea rang me."
    assert [text[s:e] for s, e in football_regions(text)] == ["Burnley", "Chelsea"]


def test_a_further_education_college_named_after_its_towns_is_a_public_body() -> None:
    from redactor.detect.areas import public_body_regions

    text = "She studied at Truro and Penwith College; her cousin went to St Bede's College and St Mary College."
    assert [text[s:e] for s, e in public_body_regions(text)] == ["Truro and Penwith College"]


def test_hospitals_and_nhs_bodies_named_in_full_are_kept_by_their_short_names() -> None:
    from redactor.detect.areas import infer_body_short_names

    said = [
        "They took her to James Cook University Hospital, then the Royal Gwent Hospital; Ysbyty Glan Clwyd.",
        "North Tees and Hartlepool NHS Foundation Trust and Southern Health NHS Foundation Trust; The Great Western Hospital.",
        "She was seen at Russells Hall Hospital, Morriston Hospital and the Grange University Hospital.",
    ]
    found = infer_body_short_names(said)
    assert {"James Cook", "JCUH", "Royal Gwent", "Glan Clwyd", "North Tees", "Southern Health", "Great Western", "GWH"} <= found
    # A one-word name, or the place a hospital is named after, stays a place: "Grange Avenue", "on Russells Hall".
    assert not found & {"Grange", "the Grange", "Morriston", "Russells Hall"}
