"""Fields drafter needs are found by their declared roles and attributes, not by their keys."""

from __future__ import annotations

import datetime as dt

from helpers import DEFAULT_TEMPLATE

from drafter.templateset import find_template_set, load_structure
from drafter.wizard.lastyear import LastYear

DEFAULT = find_template_set(None)


def test_last_years_document_information_moves_on_or_carries_over() -> None:
    last = LastYear(values={"issuer": "岚县人民政府", "year": 2024, "doc_number": "岚政函〔2025〕3号",
                            "written_date": dt.date(2025, 1, 8), "print_date": dt.date(2024, 2, 29),
                            "recipients": ["中共岚县县委"], "theme": "法治岚县",
                            "guiding_thought": "某精神", "reconsideration_received": 5},
                    template_set=DEFAULT)
    fields = DEFAULT.structure.fields
    assert last.suggestion(fields["issuer"]) == "岚县人民政府"
    assert last.suggestion(fields["recipients"]) == ["中共岚县县委"]
    assert last.suggestion(fields["year"]) == 2025
    assert last.suggestion(fields["written_date"]) == dt.date(2026, 1, 8)
    assert last.suggestion(fields["print_date"]) == dt.date(2025, 2, 28)  # no 29 February next year
    assert last.suggestion(fields["doc_number"]) is None  # declared carry: false
    assert last.suggestion(fields["theme"]) == "法治岚县"  # the opening's 主线: declared carry: true
    assert last.suggestion(fields["guiding_thought"]) is None  # written anew (the year's own)
    assert last.suggestion(fields["reconsideration_received"]) is None  # figures never carry over
    assert LastYear().suggestion(fields["issuer"]) is None


def test_carry_is_a_flag_of_the_structure() -> None:
    structure = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
    assert not structure.fields["doc_number"].carry and structure.fields["signer"].carry
    assert structure.report.role("doc_number") == "doc_number"
