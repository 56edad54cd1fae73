"""Partition keys of report files, and how a refresh reorders partitions so that one range parses every change."""

import os

import pytest

from orchestration.automation import plan_refresh
from orchestration.partitions import partition_key, relative_path, report_files_by_key


@pytest.mark.parametrize("name", [
    "拱墅区_2023_政府工作报告_下半部分.txt",
    "2024/龙岗区 政府工作报告.txt",
    "报告...完整版.txt",
    "100%完成.txt",
    "tab\there\u200b.txt",
    os.fsdecode(b"\xff\xfe\xb1\xa8.txt"),  # GBK bytes in a UTF-8 file system
])
def test_every_name_has_a_key_dagster_accepts_and_the_key_gives_the_name_back(name):
    key = partition_key(name)
    assert "..." not in key and not any(ord(c) < 32 for c in key)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in key)
    assert relative_path(key) == name


def test_readable_names_stay_readable_and_escapes_cannot_collide():
    assert partition_key("拱墅区_2023_政府工作报告.txt") == "拱墅区_2023_政府工作报告.txt"
    assert partition_key("a%41.txt") != partition_key("aA.txt")
    assert partition_key("a%41.txt") == "a%2541.txt"


def test_the_folder_lists_reports_not_notes_or_hidden_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.txt", "README.md", "manifest.csv", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert list(report_files_by_key(tmp_path)) == ["a.txt", "sub/b.txt"]


def test_new_files_are_appended_and_parsed_as_one_range():
    refresh = plan_refresh(["a", "b", "c"], ["a", "b", "c", "e", "d"], stale=["d", "e"])
    assert (refresh.removed, refresh.moved, refresh.added) == ([], [], ["d", "e"])
    assert (refresh.first, refresh.last) == ("d", "e")


def test_a_changed_file_in_the_middle_moves_behind_the_rest_and_a_removed_one_goes():
    refresh = plan_refresh(["a", "b", "c", "d"], ["a", "c", "d", "new"], stale=["a", "new"])
    assert (refresh.removed, refresh.moved, refresh.added) == (["b"], ["a"], ["new"])
    assert (refresh.first, refresh.last) == ("a", "new")
    # Changed files already at the end stay put.
    tail = plan_refresh(["a", "b", "c"], ["a", "b", "c"], stale=["c"])
    assert (tail.moved, tail.first, tail.last) == ([], "c", "c")


def test_nothing_stale_means_no_range():
    refresh = plan_refresh(["a", "b"], ["a"], stale=[])
    assert refresh.removed == ["b"] and refresh.first is None and refresh.tags() == {}


def test_a_name_in_gbk_bytes_is_shown_as_chinese_and_stored_exactly():
    from orchestration.partitions import display_name

    name = os.fsdecode("拱墅区_2023.txt".encode("gb18030"))
    assert display_name(name) == "拱墅区_2023.txt"
    assert partition_key(name) == "%B9%B0%CA%FB%C7%F8_2023.txt"
    assert display_name(os.fsdecode(b"\xff\xff.txt")) == "\ufffd\ufffd.txt"
