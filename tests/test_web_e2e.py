"""The web UI in headless Chromium (Debian packages chromium and chromium-driver, driven by
Selenium) against a real uvicorn server on a free loopback port. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(
        "needs headless Chromium: /usr/bin/chromium and /usr/bin/chromedriver "
        "(apt-get install -y chromium chromium-driver)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install selenium)")
uvicorn = pytest.importorskip("uvicorn", reason="needs uvicorn")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from newsledger.web.app import ServeSettings, create_app  # noqa: E402

try:  # tests/ as a package or as rootdir-inserted modules
    from newsledger.test_api import build_db  # noqa: E402
except ImportError:
    from test_api import build_db  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ids(tmp_path_factory, analyze, seed_doc):
    path = tmp_path_factory.mktemp("web") / "news.db"
    return path, build_db(path, analyze, seed_doc)


@pytest.fixture(scope="module")
def server(ids, settings):
    app = create_app(ids[0], ServeSettings(analysis=settings))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="newsledger-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"could not save {path}"
    assert path.stat().st_size > 5000
    return path


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def test_seed_article_highlights_tillerson_and_links_to_his_page(browser, server, ids):
    browser.get(f"{server}/articles/{ids[1]['seed']}")
    spans = browser.find_elements(By.CSS_SELECTOR, '#article-text span.quote[data-speaker="Rex Tillerson"]')
    assert spans, "Tillerson's quotes are highlighted in the text"
    quoted = " ".join(s.text for s in spans)
    assert "lengthy discussion" in quoted or "positive chemistry" in quoted
    background = spans[0].value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the quote has a colour"
    assert "Rex Tillerson" in spans[0].get_attribute("title")
    # The side list attributes the quotes to him and links each one to its span.
    group = browser.find_element(By.XPATH, '//div[@class="speaker-group"][.//a[normalize-space()="Rex Tillerson"]]')
    jump = group.find_element(By.CSS_SELECTOR, "a.jump")
    target = jump.get_attribute("href").split("#", 1)[1]
    assert browser.find_element(By.ID, target).tag_name == "a"
    screenshot(browser, "article")
    group.find_element(By.CSS_SELECTOR, "a.actor-link").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/actors/rex-tillerson"))
    assert browser.find_element(By.CSS_SELECTOR, "h1.actor-name").text == "Rex Tillerson"
    assert browser.find_elements(By.CSS_SELECTOR, "ul.quote-list blockquote")
    screenshot(browser, "actor")


def test_hostile_article_shows_its_markup_as_text(browser, server, ids):
    browser.get(f"{server}/articles/{ids[1]['hostile']}")
    assert no_alert(browser)
    assert browser.execute_script("return window.__pwned") is None
    text = browser.find_element(By.ID, "article-text").text
    assert "<script>window.__pwned = 1; alert(1)</script>" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text img") == []
    assert "<script>window.__pwned = 3</script>Defaced" in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, 'a[href^="javascript"]')
    screenshot(browser, "hostile")


def test_network_and_timeline_draw(browser, server):
    browser.get(f"{server}/network")
    edges = browser.find_elements(By.CSS_SELECTOR, "#network path.edge")
    nodes = browser.find_elements(By.CSS_SELECTOR, "#network a.node")
    assert edges and nodes
    colours = {e.get_attribute("stroke") for e in edges}
    types = {e.get_attribute("data-type") for e in edges}
    assert len(colours) == len(types), "one colour per event type"
    screenshot(browser, "network")
    browser.get(f"{server}/timeline")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline-chart rect.bar")
    assert browser.find_elements(By.CSS_SELECTOR, "table.events-table tbody tr")
    screenshot(browser, "timeline")


def test_paste_box_analyzes_and_shows_the_article(browser, server):
    browser.get(f"{server}/analyze")
    text = (
        "Chile's president meets protest leaders\n\n"
        "SANTIAGO — Chilean President Sebastian Pinera met student leaders in Santiago on Thursday. "
        "\"We have heard the message of the streets,\" Pinera told reporters after the meeting.\n"
    )
    browser.find_element(By.ID, "text").send_keys(text)
    browser.find_element(By.NAME, "date").send_keys("2019-10-31")
    browser.find_element(By.ID, "analyze-submit").click()
    WebDriverWait(browser, 60).until(EC.url_matches(r"/articles/[0-9a-f]{16}$"))
    assert "Pinera" in browser.find_element(By.ID, "article-text").text
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text span.quote")
    browser.get(f"{server}/")
    assert "Chile's president meets protest leaders" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "index")


SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def page_shot(driver, name: str) -> None:
    """A screenshot of the whole page for docs/screenshots/ (the changed pages of issue 17)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 600), 2400))
    assert driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    driver.set_window_size(1400, 1000)


def test_api_docs_render_without_internet(browser, server):
    browser.get(f"{server}/docs")
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    assert "/api/articles" in browser.find_element(By.ID, "swagger-ui").text
    page_shot(browser, "docs")
    browser.get(f"{server}/redoc")
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    assert "newsledger" in browser.find_element(By.TAG_NAME, "h1").text


def test_network_legend_is_on_screen_and_the_chart_fills_the_width(browser, server):
    browser.get(f"{server}/network")
    legend = browser.find_element(By.ID, "network-legend")
    assert legend.is_displayed() and legend.location["y"] < 1000, "the legend shows without scrolling"
    chart = browser.find_element(By.ID, "network")
    main = browser.find_element(By.TAG_NAME, "main")
    assert chart.size["width"] > 0.9 * (main.size["width"] - 48)
    page_shot(browser, "network")


def test_sourcing_article_and_timeline_pages_draw(browser, server, ids):
    browser.get(f"{server}/sourcing")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.source-bar rect")
    assert browser.find_elements(By.CSS_SELECTOR, ".small-warning")
    page_shot(browser, "sourcing")
    browser.get(f"{server}/articles/{ids[1]['shelling']}")
    groups = [g.get_attribute("data-key") for g in browser.find_elements(By.CSS_SELECTOR, ".speaker-group")]
    assert groups and groups[-1] in ("?unnamed", ""), groups
    page_shot(browser, "article-sources")
    browser.get(f"{server}/timeline")
    page_shot(browser, "timeline")
