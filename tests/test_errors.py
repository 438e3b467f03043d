"""Errors carry what they are about as data: the documents they stopped; lists of errors are
flattened one way."""

from __future__ import annotations

from docgen.errors import (
    CatalogError,
    DocgenError,
    ErrorList,
    UnreadableFileError,
    combined,
    flatten,
)


def test_about_names_documents_without_touching_the_message() -> None:
    err = CatalogError("unknown unit 'X'", file="a.yaml", line=3, hint="add it")
    named = err.about("xa-1").about("xa-2", "xa-1")
    assert isinstance(named, CatalogError) and named is not err
    assert named.message == "unknown unit 'X'" and err.documents == ()
    assert named.documents == ("xa-1", "xa-2")
    assert str(named) == "a.yaml:3: unknown unit 'X' (document of xa-1, xa-2) — add it"
    assert str(err.about("xa-1")) == "a.yaml:3: unknown unit 'X' (document of 'xa-1') — add it"


def test_flatten_and_combined() -> None:
    one, two, three = DocgenError("one"), DocgenError("two"), UnreadableFileError("three")
    nested = ErrorList([one, ErrorList([two, three])])
    assert nested.errors == [one, two, three]
    assert flatten([nested, one]) == [one, two, three, one]
    assert combined([ErrorList([two])]) is two
    both = combined([one, ErrorList([two])])
    assert isinstance(both, ErrorList) and both.errors == [one, two]
    about = ErrorList([one, two]).about("s")
    assert isinstance(about, ErrorList)
    assert [e.documents for e in about.errors] == [("s",), ("s",)]
