"""Every corpus annotation points at text that exists once in its normalized report."""

from functools import cache

import pytest

from evaluation.evaluate import CORPUS_DEVELOPMENT, CORPUS_HELD_OUT, PAIR_SETS, load_expected, load_pairs
from parsers.reports import read_report


@cache
def _text(file_name: str, folder=CORPUS_DEVELOPMENT.folder) -> str:
    return read_report((folder / file_name).read_bytes()).normalized_text


@pytest.mark.parametrize("fact_set", [CORPUS_DEVELOPMENT, CORPUS_HELD_OUT], ids=lambda s: s.path.name)
def test_every_fact_snippet_occurs_once(fact_set):
    missing = []
    for fact in load_expected(fact_set.path):
        text = _text(fact.file)
        if text.count(fact.snippet) != 1:
            missing.append((fact.file, fact.snippet, text.count(fact.snippet)))
    assert missing == []


@pytest.mark.parametrize("pair_set", PAIR_SETS, ids=lambda s: s.path.name)
def test_every_pair_snippet_occurs_once(pair_set):
    missing = []
    for pair in load_pairs(pair_set.path):
        for file_name, snippet in ((pair.target_file, pair.target_snippet), (pair.actual_file, pair.actual_snippet)):
            text = _text(file_name, pair_set.folder)
            if text.count(snippet) != 1:
                missing.append((file_name, snippet))
    assert missing == []
