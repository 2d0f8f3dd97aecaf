"""The URI parser keeps its recent parses, and every reader still gets a copy of its own."""

from __future__ import annotations

from mockserver.parsed_query import ExplodedQueryParser

PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer"}},
    {"name": "tag", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
]


def test_a_repeated_query_is_parsed_like_the_first_time() -> None:
    parser = ExplodedQueryParser(PARAMETERS, {})
    first = parser.parse(b"page=2&tag=a&tag=b,c")
    assert first == {"page": 2, "tag": ["a", "b,c"]}
    assert parser.parse(b"page=2&tag=a&tag=b,c") == first


def test_a_reader_changing_its_parse_does_not_change_the_next_one() -> None:
    parser = ExplodedQueryParser(PARAMETERS, {})
    first = parser.parse(b"page=2&tag=a")
    first["tag"].append("planted")
    first["page"] = 99
    assert parser.parse(b"page=2&tag=a") == {"page": 2, "tag": ["a"]}
