"""A peer's number-with-unit extraction on a list of texts, timed: the side of benchmarks/run.py that
runs inside the peer's own virtualenv (Recognizers-Text pins an old emoji; JioNLP runs in ours).

    python benchmarks/peer_extract.py recognizers|jionlp TEXTS.json OUT.json

Writes {"seconds": extraction time over all texts, "found": per text, a list of
{"start", "end", "value"}} where value is the figure with its 万/亿 multiplied out (464亿元 is
46400000000; 6.5% is 6.5).
"""

import json
import sys
import time


def _number(text: str) -> float | None:
    try:
        return float(str(text).rstrip("%").replace(",", ""))
    except ValueError:
        return None


def recognizers():
    from recognizers_number import NumberRecognizer
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    from recognizers_text import Culture

    units = NumberWithUnitRecognizer(Culture.Chinese)
    numbers = NumberRecognizer(Culture.Chinese)
    # Number with unit (money, dimensions), percentages, then bare numbers for the counts (1.2万人).
    models = [units.get_currency_model(), units.get_dimension_model(), numbers.get_percentage_model(),
              numbers.get_number_model()]

    def extract(text: str) -> list[dict]:
        found = []
        for model in models:
            for result in model.parse(text):
                value = _number((result.resolution or {}).get("value", ""))
                if value is not None:
                    found.append({"start": result.start, "end": result.end + 1, "value": value})
        return found

    return extract


def jionlp():
    import jionlp as jio

    def extract(text: str) -> list[dict]:
        found = []
        for money in jio.ner.extract_money(text, with_parsing=True):
            amount = money["detail"]["num"]
            value = _number(amount[0] if isinstance(amount, list) else amount)  # a range: its low end
            if value is not None:
                found.append({"start": money["offset"][0], "end": money["offset"][1], "value": value})
        return found

    return extract


def main() -> None:
    peer, texts_path, out_path = sys.argv[1:4]
    texts = json.load(open(texts_path, encoding="utf-8"))
    extract = {"recognizers": recognizers, "jionlp": jionlp}[peer]()
    extract("预热：全年地区生产总值增长6.5%。")  # load dictionaries and compile patterns before timing
    start = time.perf_counter()
    found = [extract(text) for text in texts]
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "found": found}, open(out_path, "w", encoding="utf-8"))


if __name__ == "__main__":
    main()
