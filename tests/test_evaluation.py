"""The evaluation script runs and the parse stays above the quality the README quotes."""

from evaluation.evaluate import EXPECTED, HOLDOUT, evaluate, load_expected


def test_expectation_files_are_large_and_cover_every_seed():
    facts = load_expected(EXPECTED)
    assert len([f for f in facts if f.kind in ("target", "actual")]) >= 80
    assert len({f.file for f in facts}) == 4
    assert len(load_expected(HOLDOUT)) >= 40


def test_tuning_set_precision_and_recall(capsys):
    results = evaluate(EXPECTED)
    assert results["all"]["recall"] >= 0.95
    assert results["all"]["precision"] >= 0.95
    assert "precision" in capsys.readouterr().out


def test_held_out_set_precision_and_recall():
    results = evaluate(HOLDOUT)
    assert results["all"]["recall"] >= 0.85
    assert results["all"]["precision"] >= 0.85
