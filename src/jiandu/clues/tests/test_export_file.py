"""The clue ledger's Excel file (问题线索台账) is the file the former openpyxl writer gave
(``core.tests.test_ledger_export``), read with a query count that does not grow with
the rows."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.clues.tests.test_ledger import _make_clues
from jiandu.clues.views import CLUE_LEDGER
from jiandu.core.ledger import Sheet
from jiandu.core.tests.test_ledger_export import _described, _reference_bytes

pytestmark = pytest.mark.django_db


def test_the_clue_ledger_export_is_the_file_it_was(client_for, people, rf):
    _make_clues(people, 12)
    response = client_for(people.users["leader"]).get(reverse("clues:clue_export"))
    assert response.status_code == 200
    request = rf.get("/")
    request.user = people.users["leader"]
    rows = list(CLUE_LEDGER.export_rows(CLUE_LEDGER.rows(request), request))
    reference = _reference_bytes(
        Sheet(CLUE_LEDGER.export_sheet, CLUE_LEDGER.export_columns, rows, freeze="C2")
    )
    described = _described(response.content)
    assert described == _described(reference)
    assert described[0]["max"] == (13, 16) and described[0]["freeze"] == "C2"


def test_the_export_query_count_does_not_grow_with_the_rows(client_for, people):
    client = client_for(people.users["leader"])
    url = reverse("clues:clue_export")
    _make_clues(people, 3)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _make_clues(people, 40, start=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows())) == 44
    assert len(many.captured_queries) == len(few.captured_queries)
