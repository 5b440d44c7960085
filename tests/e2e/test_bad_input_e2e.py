"""User text stays text in the real browser; bad uploads get a message, not a traceback."""

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"


def open_upload(page):
    page.get_by_text("Training", exact=True).first.click()
    wait_idle(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="Data").first.click()
    page.get_by_role("option", name="Upload a CSV file", exact=True).click()
    wait_idle(page)


def upload_and_train(page, path):
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
    wait_idle(page, 500)
    page.get_by_role("button", name="Train").click()
    wait_idle(page, 500)


def test_html_in_a_csv_header_stays_text(app, tmp_path):
    f = tmp_path / "evil.csv"
    f.write_text(f'"{XSS}",x2,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n')
    dialogs = []
    page = app()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_upload(page)
    upload_and_train(page, f)
    page.wait_for_timeout(500)
    assert XSS in page.locator("[data-testid='stCaptionContainer']").all_inner_texts().__str__()
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("content, words", [
    ("", "empty"),
    ("x1,x2,y\n", "no data rows"),
    ("x1,x2,y\n1,abc,0\n", 'line 2, column 2 ("x2")'),
    ("x1,x2,y\n1,2\n", "line 2"),
    ("x1,x2,y\n1,NaN,0\n", "line 2"),
    ("x1,x2,y\n=cmd|' /C calc'!A0,1,0\n", "line 2, column 1"),
])
def test_bad_csv_gets_a_message_and_no_traceback(app, tmp_path, content, words):
    f = tmp_path / "bad.csv"
    f.write_text(content)
    page = app()
    open_upload(page)
    upload_and_train(page, f)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert words.replace('"', "") in alerts.replace('"', "").replace("\\", ""), alerts
    assert page.locator("[data-testid='stException']").count() == 0


def sidebar_field(page, label: str):
    return page.locator("[data-testid='stSidebar'] [data-testid='stNumberInput']") \
        .filter(has_text=label).locator("input")


def test_a_number_the_browser_cannot_store_is_said_and_small_values_stay_readable(app):
    """Typing 1e400 into a sidebar field: the browser's number field then holds no value,
    and x₁ became 0 with no word. 3e-05 showed as 0.0000."""
    page = app()
    x1 = sidebar_field(page, "x₁")
    x1.click()
    x1.press("Control+A")
    page.keyboard.type("1e400")
    page.keyboard.press("Enter")
    wait_idle(page, 500)
    alerts = " ".join(page.locator("[data-testid='stSidebar'] [data-testid='stAlert']")
                      .all_inner_texts())
    assert "x₁: the field was left empty, or held a number the browser cannot store" in alerts
    assert "x₁ stays 0.5" in alerts
    assert x1.input_value() == "0.5"
    x1.click()
    x1.press("Control+A")
    page.keyboard.type("0.00003")
    page.keyboard.press("Enter")
    wait_idle(page, 500)
    assert x1.input_value() == "0.00003"
    assert page.locator("[data-testid='stSidebar'] [data-testid='stAlert']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_diverging_descent_keeps_the_export_and_the_address_bar(app):
    """Linear, η = 100, "Export & share" open, Iterate 4 times: the computed b passed 10⁶,
    a ValueError traceback replaced the downloads and the address bar stayed at iteration
    3 while the page went on to 4, 5, 6."""
    page = app("act=linear&lr=100")
    page.get_by_role("tab", name="Export & share").click()
    wait_idle(page)
    for it in range(1, 7):
        page.get_by_role("button", name="Iterate").click()
        wait_idle(page, 300)
        assert f"iter={it}&stage=8" in page.url, (it, page.url)
        # Markdown, LaTeX document, LaTeX fragment, setup JSON
        assert page.locator("[data-testid='stDownloadButton']").count() == 4, it
        assert page.locator("[data-testid='stException']").count() == 0, it
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "Gradient descent has diverged" in alerts
    share = page.locator("[data-testid='stCode']").filter(has_text="?x=").inner_text()
    assert "iter=6&stage=8" in share


def test_a_link_too_long_for_streamlit_is_said(app):
    """A link with more than 1,000 parameters: Streamlit gives the page none of them, and
    it opened on the default setup without a word."""
    page = app("&".join(["act=tanh"] + [f"p{i}=1" for i in range(1000)]))
    wait_idle(page, 500)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "the link has 1,001 parameters, more than the 1,000 the page reads" in alerts
    assert "none of it was used" in alerts
    assert page.locator("[data-testid='stException']").count() == 0
    page.goto(page.url.split("?")[0] + "?act=tanh&p1=1")  # an ordinary link: no such word
    wait_idle(page, 500)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "unknown parameter 'p1'" in alerts and "none of it was used" not in alerts
