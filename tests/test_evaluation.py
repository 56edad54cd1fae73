"""The evaluation script runs and the parse stays above the quality the README quotes."""

import re

from evaluation.evaluate import (
    CORPUS_DEVELOPMENT,
    CORPUS_HELD_OUT,
    SEED_HOLDOUT,
    SEED_TUNING,
    evaluate,
    load_expected,
    UNSEEN_PAIR_SET,
    load_pairs,
)


def test_expectation_files_are_large_and_cover_every_seed():
    facts = load_expected(SEED_TUNING.path)
    assert len([f for f in facts if f.kind in ("target", "actual")]) >= 80
    assert len({f.file for f in facts}) == 4
    assert len(load_expected(SEED_HOLDOUT.path)) >= 40


def test_corpus_sets_cover_national_and_local_reports():
    development = load_expected(CORPUS_DEVELOPMENT.path)
    assert len(development) >= 150
    assert len({f.file for f in development}) >= 10
    assert {f.file.split("/")[0] for f in development} == {"national", "local"}
    held_out = load_expected(CORPUS_HELD_OUT.path)
    assert not {f.file for f in held_out} & {f.file for f in development}
    assert {pair.set for pair in load_pairs()} == {"dev", "holdout"}


def test_unseen_pairs_have_development_and_blind_sets_of_other_regions():
    pairs = load_pairs(UNSEEN_PAIR_SET.path)
    sets = {pair.set for pair in pairs}
    assert {"dev", "blind"} <= sets and sets <= {"dev", "dev2", "blind", "blind2"}
    # The region is how the file name begins once a leading year is dropped: 龙岗区2…, 龙华区二…, 深圳市政….
    regions = {name: {re.sub(r"^\d{4}年", "", pair.target_file.split("/")[1])[:4] for pair in pairs if pair.set == name}
               for name in sets}
    assert all(not regions[a] & regions[b] for a in sets for b in sets if a < b), regions
    assert len([pair for pair in pairs if pair.actual_value is not None]) >= 80


def test_tuning_set_precision_and_recall(capsys):
    results = evaluate(SEED_TUNING)
    assert results["all"]["recall"] >= 0.95
    assert results["all"]["precision"] >= 0.95
    assert "precision" in capsys.readouterr().out


def test_held_out_set_precision_and_recall():
    results = evaluate(SEED_HOLDOUT)
    assert results["all"]["recall"] >= 0.85
    assert results["all"]["precision"] >= 0.85
