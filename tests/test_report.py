"""What readers open, on the seeds' warehouse: `warehouse report`, a page that works offline with every
figure linked to its marked sentence and each chart drawn by a real headless Chromium without a console
message; and the dbt documentation the build writes."""

import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from tests.conftest import published, query
from tests.test_answers import run

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def report(built, tmp_path_factory):
    _, db, _ = built
    out = tmp_path_factory.mktemp("report") / "report.html"
    code, output, error = run("report", "--out", str(out), "--db", str(db))
    assert code == 0, error
    return db, out, output


def test_the_page_is_self_contained_and_every_figure_links_to_its_marked_sentence(report):
    db, out, output = report
    page = out.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script[@src]") and not tree.xpath("//link[@href]")  # nothing fetched: works offline
    assert "plotly.js v" in page  # the charting library inlined
    assert "Noto Sans CJK SC" in tree.xpath("string(//style)")
    charts = tree.xpath("//section[@class='chart']/div/div[starts-with(@id, 'chart-')]")
    assert len(charts) >= 3
    pairs = query(published(db), "select count(*) from marts.completion_rates")[0][0]
    rows = tree.xpath("//h2[text()='Targets with their actuals']/following-sibling::table[1]/tbody/tr")
    assert len(rows) == pairs > 50
    assert f"{len(charts)} charts, {pairs} targets with their actuals" in output
    anchors = {element.get("id") for element in tree.xpath("//div[@class='source']")}
    links = [link.get("href")[1:] for link in tree.xpath("//a[starts-with(@href, '#')]")]
    assert len(links) >= 2 * pairs and set(links) <= anchors
    # Each source shows its figure marked: the very characters of the marts' span.
    first = rows[0].xpath(".//a")[0].get("href")[1:]
    ((target_doc, start, end),) = query(published(db), """
        select t.document_id, t.char_start, t.char_end from marts.completion_rates c join marts.targets t using (target_id)
        order by c.region, c.year, c.indicator limit 1""")
    ((figure,),) = query(published(db), "select substr(normalized_text, ? + 1, ? - ?) from marts.documents where document_id = ?",
                         [start, end, start, target_doc])
    assert tree.xpath(f"string(//div[@id='{first}']/mark)") == figure


def _chromium_flags() -> list[str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed here; `make test` installs Debian's chromium when run as root")
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=15000", "--window-size=1280,2400"]


def test_each_chart_renders_in_a_headless_browser_without_console_messages(report, tmp_path):
    _, out, _ = report
    flags = _chromium_flags()
    rendered = subprocess.run([*flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=180)
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    console = [line for line in rendered.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    dom = lxml_html.fromstring(rendered.stdout)
    charts = dom.xpath("//div[starts-with(@id, 'chart-')]")
    assert len(charts) >= 3
    for chart in charts:
        svgs = chart.xpath(".//svg[contains(@class, 'main-svg')]")
        assert svgs and all(float(svg.get("width")) > 0 and float(svg.get("height")) > 0 for svg in svgs), chart.get("id")
        assert chart.xpath(".//g[contains(@class, 'trace')]"), f"{chart.get('id')} has no data drawn"
    screenshot = tmp_path / "report.png"
    shot = subprocess.run([*flags, f"--screenshot={screenshot}", out.as_uri()], capture_output=True, text=True, timeout=180)
    assert shot.returncode == 0 and screenshot.stat().st_size > 20_000, shot.stderr[-2000:]
    from PIL import Image

    with Image.open(screenshot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # not a blank page


def test_the_build_writes_dbt_docs_that_show_each_mart_column_with_its_type_and_description(built):
    _, db, _ = built
    page = db.parent / "docs" / "index.html"
    assert page.exists(), "the build writes dbt's documentation beside the warehouse file"
    model = "model.gov_targets.completion_rates"
    rendered = subprocess.run([*_chromium_flags(), "--dump-dom", f"{page.as_uri()}#!/model/{model}"],
                              capture_output=True, text=True, timeout=180)
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    dom = lxml_html.fromstring(rendered.stdout)
    for script in dom.xpath("//script | //style"):  # the page embeds the manifest: read what it draws
        script.drop_tree()
    shown = " ".join(dom.text_content().split())
    columns = query(published(db), """
        select column_name, data_type, comment from duckdb_columns()
        where schema_name = 'marts' and table_name = 'completion_rates' order by column_index""")
    assert len(columns) > 20
    for name, data_type, description in columns:
        # Name, the catalog's type and the yml's description, in the columns table of the model's page.
        assert f"{name} {data_type} {' '.join(description.split())}" in shown, name
