import codecs

import pytest

from parsers.decoding import NotAReportError, decode_report_bytes
from parsers.reports import read_report
from tests.conftest import SEEDS_DIR, YUHANG_REPORT

REPORT = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8")
SIMPLIFIED = "现在，我代表区人民政府向大会报告工作，请予审议。全年实现地区生产总值2502.2亿元、增长7.5%。" * 10


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_every_supported_encoding_decodes_to_the_same_text(data, encoding):
    decoded = decode_report_bytes(data)
    assert decoded.text == SIMPLIFIED
    assert decoded.encoding == encoding


def test_traditional_seed_survives_a_big5_free_round_trip_through_gb18030():
    decoded = decode_report_bytes(REPORT.encode("gb18030"))
    assert decoded.text == REPORT
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (bytes(range(256)) * 50, "binary"),
        (b"Quarterly report\n" + b"Revenue grew 5% to 1.2 billion dollars.\n" * 100, "not a Chinese report"),
    ],
)
def test_non_reports_are_rejected_with_a_reason(data, reason):
    with pytest.raises(NotAReportError) as excinfo:
        read_report(data)
    assert reason in excinfo.value.reason


def test_crlf_line_ends_become_newlines():
    assert "\r" not in decode_report_bytes(SIMPLIFIED.replace("。", "。\r\n").encode("utf-8")).text


def test_a_report_in_utf16_or_gb18030_parses_exactly_as_its_utf8_twin():
    from parsers.reports import parse_file
    from parsers.statements import extract_measures

    def measures(data: bytes):
        parsed = parse_file(data)
        return parsed.report.file_id, [
            (d.kind, d.region, m.char_start, m.value, m.unit_raw, m.kind, m.indicator)
            for d in parsed.documents for m in extract_measures(parsed.document_text(d), d)
        ]

    utf8 = measures(REPORT.encode("utf-8"))
    assert measures(REPORT.encode("utf-16")) == utf8
    assert measures(REPORT.encode("gb18030")) == utf8
