"""Check characters and allow rules behind some recognizers: PNC mod-23, URL allow list."""

from __future__ import annotations

import pytest

from redactor.detect.recognizers.uk_pnc_id import CHECK_LETTERS, is_valid_pnc, pnc_check_letter
from redactor.detect.recognizers.url import is_allowed_url


def test_pnc_check_letters_skip_i_o_and_s() -> None:
    assert len(CHECK_LETTERS) == 23
    assert not set("IOS") & set(CHECK_LETTERS)


@pytest.mark.parametrize(
    ("year", "serial", "letter"),
    [
        ("01", "123456", "F"),  # DOMAIN.md's example: 10123456 mod 23 = 6
        ("00", "1", "A"),  # remainder 1
        ("00", "22", "Y"),  # remainder 22
        ("00", "23", "Z"),  # remainder 0
        ("00", "0000023", "Z"),  # zero-padding does not change the value
        ("2001", "123456", "F"),  # a four-digit year is checked on its last two digits
    ],
)
def test_pnc_check_letter(year: str, serial: str, letter: str) -> None:
    assert pnc_check_letter(year, serial) == letter


@pytest.mark.parametrize(
    ("pnc", "valid"),
    [("01/123456F", True), ("01/123456f", True), ("01/0123456F", True), ("01/123456G", False), ("01-123456F", False)],
)
def test_is_valid_pnc(pnc: str, valid: bool) -> None:
    assert is_valid_pnc(pnc) is valid


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.gov.uk/guidance", True),
        ("www.legislation.gov.uk/ukpga/2004/28", True),
        ("https://www.kent.police.uk/report", True),
        ("nhs.uk/conditions", True),
        ("https://www.england.nhs.uk/publication", True),
        ("www.ashgrovesurgery.nhs.uk", False),  # a GP practice's own site names the practice
        ("https://www.gov.uk.example.com/x", False),
        ("https://notgov.uk/x", False),
        ("facebook.com/jane", False),
        ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", True),  # an XML namespace
        ("http://www.w3.org/2001/XMLSchema", True),
        ("http://schemas.openxmlformats.org.example.com/x", False),
    ],
)
def test_is_allowed_url(url: str, allowed: bool) -> None:
    assert is_allowed_url(url) is allowed


def test_our_recognizers_do_not_shadow_presidio_class_names() -> None:
    """Presidio's registry loader finds predefined recognizers by class name: ours must differ."""
    import presidio_analyzer.predefined_recognizers as predefined

    from redactor.detect.recognizers import recognizer_classes

    theirs = {name for name in dir(predefined) if name.endswith("Recognizer")}
    assert not {cls.__name__ for cls in recognizer_classes()} & theirs
