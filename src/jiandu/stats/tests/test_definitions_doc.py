"""docs/STATISTICS.md is the definitions the tables count by, word for word."""

from pathlib import Path

from jiandu.stats.standard import REGISTRY, definitions_markdown

DOC = Path(__file__).resolve().parents[4] / "docs" / "STATISTICS.md"


def test_the_definitions_document_matches_the_code():
    assert DOC.read_text(encoding="utf-8") == definitions_markdown(), (
        "docs/STATISTICS.md is out of date: run `jiandu stats_definitions > docs/STATISTICS.md`"
    )


def test_every_figure_of_every_table_has_a_definition():
    for table in REGISTRY.values():
        for fig in table.figures():
            assert len(fig.definition) >= 10, fig.key
