from pathlib import Path

import pytest

from parsers.reports import read_report

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LINAN_REPORTS = "临安区_2023_区委全会报告与政府工作报告.txt"
LINAN_TABLE = "临安区_2023_政府工作报告重点工作完成情况表.txt"
YUHANG_REPORT = "余杭区_2022_政府工作报告.txt"
GONGSHU_REPORT = "拱墅区_2023_政府工作报告_下半部分.txt"
SEED_FILES = (LINAN_REPORTS, LINAN_TABLE, YUHANG_REPORT, GONGSHU_REPORT)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Normalized text of every seed, by file name."""
    return {name: read_report((SEEDS_DIR / name).read_bytes()).normalized_text for name in SEED_FILES}
