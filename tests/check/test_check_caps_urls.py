"""A footnote that is only a web address is not a sentence to capitalise."""

from __future__ import annotations

import re

from docgen.check.rules.caps import doc_problems

NOTHING = re.compile(r"(?!x)x")


def test_url_at_the_start_is_not_flagged() -> None:
    text = "https://igiaoduc.vn hoặc https://www.youtube.com/@igiaoduc"
    assert doc_problems(text, NOTHING) == []
    assert doc_problems("www.moet.gov.vn", NOTHING) == []


def test_lower_case_sentence_start_is_still_flagged() -> None:
    assert doc_problems("cấp mới cho giáo viên mới", NOTHING) == [("C", "'c' at the start")]
