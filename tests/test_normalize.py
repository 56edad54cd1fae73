from parsers.normalize import join_broken_lines, normalize_text, strip_pinyin_glosses, unify_width
from tests.conftest import GONGSHU_REPORT, LINAN_REPORTS, LINAN_TABLE, SEEDS_DIR, YUHANG_REPORT


def test_pinyin_glosses_are_stripped_tone_marks_included():
    # 余杭 seed, speaker line.
    assert strip_pinyin_glosses("杭州市余杭區(qū)人民政府代區(qū)長") == "杭州市余杭區人民政府代區長"
    assert strip_pinyin_glosses("產(chǎn)業(yè)發(fā)展") == "產業發展"


def test_parenthesised_english_is_not_mistaken_for_pinyin():
    assert strip_pinyin_glosses("企業(OPPO)和(vivo)") == "企業(OPPO)和(vivo)"


def test_traditional_becomes_simplified():
    text = normalize_text("現(xiàn)在,我代表區(qū)人民政府向大會報告工作,請予審議").text
    assert text.strip() == "现在，我代表区人民政府向大会报告工作，请予审议"


def test_width_unification_keeps_thousands_separators_and_ratios():
    assert unify_width("增长５．５％,达到1,200亩,比例0.2:7.8:92") == "增长5.5%，达到1,200亩，比例0.2:7.8:92"


def test_spaces_inside_words_are_removed():
    # 临安 seed: PDF line wraps left spaces inside words.
    text = normalize_text('以更高水平推进 "吴越名城·幸 福临安"建设,梳理重点任务127项、工作建议 227条。').text
    assert "幸福临安" in text
    assert "工作建议227条" in text


def test_sentences_broken_across_lines_are_rejoined():
    raw = (
        "全面对标党的二十大重要思想观点、重大战略举措,逐条逐项研究,谋深谋实重大项目、重大平台、重大改革、重大\n\n"
        "政策, 梳理重点任务127项、工作建议 227条,推动党的二十大精神在临安落 地生根。\n\n"
        "2.经济稳进提质成效明显。"
    )
    lines = normalize_text(raw).text.strip().split("\n")
    assert lines[0].endswith("重大改革、重大政策，梳理重点任务127项、工作建议227条，推动党的二十大精神在临安落地生根。")
    assert lines[-1] == "2.经济稳进提质成效明显。"


def test_headings_are_not_joined_to_the_next_paragraph():
    raw = "2022年工作回顾\n\n2022年是党的二十大胜利召开之年。\n一、充分肯定成绩,建设实现平稳开局\n\n区委一届二次全会以来。"
    lines = [line for line in join_broken_lines(raw).split("\n") if line]
    assert lines == ["2022年工作回顾", "2022年是党的二十大胜利召开之年。", "一、充分肯定成绩,建设实现平稳开局", "区委一届二次全会以来。"]


def test_table_cells_keep_their_lines_and_empty_cells_survive():
    raw = "\t59 \n\t打造现代\n\n农业\n\t以万亩建设为抓手。\n\t完成验收。\n\n\t60 \n\t\n\t推进高产示范。\n"
    assert join_broken_lines(raw).split("\n")[:8] == [
        "\t59", "\t打造现代农业", "\t以万亩建设为抓手。", "\t完成验收。", "\t60", "\t", "\t推进高产示范。", "",
    ]


def test_ocr_junk_is_removed_and_recorded():
    raw = (SEEDS_DIR / LINAN_REPORTS).read_text(encoding="utf-8")
    result = normalize_text(raw)
    assert "$" not in result.text and "\\cap" not in result.text
    junk = [issue for issue in result.issues if issue.kind == "ocr_junk"]
    assert len(junk) == 1
    # The junk stood between the party report's last line and the government report's title.
    assert result.text[junk[0].start :].lstrip().startswith("政府工作报告")


def test_mojibake_stretch_in_yuhang_seed_is_found_not_dropped():
    raw = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8")
    result = normalize_text(raw)
    mojibake = [issue for issue in result.issues if issue.kind == "mojibake"]
    assert mojibake, "the 余杭 seed holds GBK bytes read as another encoding"
    first = mojibake[0]
    assert "瑘" in result.text[first.start : first.end]
    assert "理念" not in result.text[first.start : first.end]


def test_clean_seeds_report_no_damage():
    for name in (LINAN_TABLE, GONGSHU_REPORT):
        result = normalize_text((SEEDS_DIR / name).read_text(encoding="utf-8"))
        assert [issue for issue in result.issues if issue.kind == "mojibake"] == []


def test_replacement_characters_are_recorded_where_they_stand():
    result = normalize_text("金马首发AB区块道路具备通车\ufffd\ufffd条件，完成投资3亿元。")
    (issue,) = [i for i in result.issues if i.kind == "replacement_char"]
    assert result.text[issue.start : issue.end] == "\ufffd\ufffd"
    assert "完成投资3亿元" in result.text


def test_numbers_damaged_by_transcription_are_repaired():
    # 全国 1998: a space after every digit; 1999: a middle dot for the decimal point.
    text = normalize_text("1 9 9 7年国内生产总值达到7 4 7 7 2亿元，平均每年增长1 1 %。去年经济增长8 .8 %，速度8 %。").text
    assert "1997年国内生产总值达到74772亿元，平均每年增长11%。去年经济增长8.8%，速度8%。" in text
    assert "全年增长19.5%" in normalize_text("下半年国有单位固定资产投资增长显著加快，全年增长19·5%。").text
    # A middle dot that is not a decimal point stays: “1·5”重要讲话 is a date.
    assert "“1·5”重要讲话" in normalize_text("深入贯彻习近平总书记“1·5”重要讲话精神。").text
    # 全国 1980: full-width commas between thousands; 全国 1982: a white circle for 〇.
    assert "粮食产量33,212万吨，比上年增加2,737万吨" in normalize_text("粮食产量33，212万吨，比上年增加2，737万吨。").text
    assert "比一九八〇年的七千一百五十九亿元" in normalize_text("比一九八○年的七千一百五十九亿元增加。").text


def _typeset(paragraph: str, measure: int = 74) -> list[str]:
    """A paragraph as a PDF's text layer gives it: cut into lines of `measure` columns."""
    from parsers.normalize import columns

    lines, line = [], ""
    for char in paragraph:
        if columns(line + char) > measure:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def _corpus_paragraphs(name: str, *needles: str) -> list[str]:
    text = next((SEEDS_DIR.parent / "evaluation" / "corpus").rglob(name)).read_text(encoding="utf-8")
    paragraphs = [line.strip("\u3000 ") for line in text.split("\n")]
    return [next(p for p in paragraphs if needle in p) for needle in needles]


def test_a_paragraph_typeset_to_a_measure_is_whole_again_even_where_a_line_opens_like_a_heading():
    # Real paragraphs: one opens with its number (14、扶贫济困：…), one has a line ending in a
    # semicolon, one a thousands separator at a line's end (化肥1，/230万吨).
    paragraphs = [
        *_corpus_paragraphs("深圳市南山区_2014_政府工作报告.txt", "14、扶贫济困"),
        *_corpus_paragraphs("深圳市罗湖区_2016_政府工作报告.txt", "综合实力显著提升"),
        *_corpus_paragraphs("全国_1980_政府工作报告.txt", "原材料工业，钢产量"),
    ]
    wrapped = "\n".join(line for paragraph in paragraphs for line in _typeset(paragraph))
    assert len(wrapped.split("\n")) >= 10
    assert normalize_text(wrapped).text.split("\n")[:3] == [normalize_text(p).text.strip() for p in paragraphs]
    assert "化肥1,230万吨" in normalize_text(wrapped).text


def test_text_whose_lines_are_paragraphs_has_no_measure():
    from parsers.normalize import wrap_width

    for seed in (GONGSHU_REPORT, LINAN_REPORTS, YUHANG_REPORT):
        assert wrap_width((SEEDS_DIR / seed).read_text(encoding="utf-8").split("\n")) is None
