"""The virtual student (bench/stclient.py) against a real server: its replies carry what
AppTest (the page's own run, as the browser shows it) has for the same clicks, so the load
that bench/locustfile.py puts on a server is the real page's."""

import pytest

from bench.stclient import Student, StudentError
from scripts.browser import serve, stop
from tests.apphelpers import app


@pytest.fixture(scope="module")
def url():
    proc, url = serve()
    yield url
    stop(proc)


@pytest.fixture
def student(url):
    s = Student(url)
    yield s
    s.close()


def latex_lines(reply) -> list[str]:
    return [t.strip().removeprefix("$$").removesuffix("$$").strip()
            for t in reply.texts("markdown") if t.startswith("$$")]


def test_step_twice_shows_what_the_page_shows(student):
    first = student.open()
    assert first.kind == "full" and not first.exceptions
    assert first.heading("Iteration") == "Iteration 1 · Stage 0 of 8: Inputs and parameters"
    student.click("Step")
    r = student.click("Step")
    # The Step button is inside the step view's fragment: only the fragment reran
    assert r.kind == "fragment" and not r.exceptions
    assert r.nbytes < first.nbytes
    assert student.query.endswith("iter=1&stage=2")  # the address bar, as the app wrote it
    at = app()
    for _ in range(2):
        at.button(key="btn_step").click().run()
    want = next(m.value for m in at.markdown if m.value.startswith("#### Iteration"))
    assert r.heading("Iteration") == want.lstrip("#").strip()
    assert r.heading("Iteration") == "Iteration 1 · Stage 2 of 8: Activation ŷ"
    got = latex_lines(r)
    assert got == [e.value.strip().strip("$").strip() for e in at.latex]
    assert any("0.5793" in line for line in got)  # ŷ = σ(0.32) of the document's example


def test_an_element_the_tab_has_is_not_sent_again(student):
    """As to a browser: the server refers to a cached element by its hash; the student
    resolves it (Back redraws the stage-0 graph, which the tab got two runs before)."""
    first = student.open()
    student.click("Step")
    back = student.click("Back")
    assert back.refs >= 1
    assert back.heading("Iteration") == first.heading("Iteration")
    graph = [e.plotly_chart.spec for _, e in back.elements if e.WhichOneof("type") ==
             "plotly_chart"]
    assert graph and graph == [e.plotly_chart.spec for _, e in first.elements
                               if e.WhichOneof("type") == "plotly_chart"][:len(graph)]


def test_iterate_back_and_the_network_page(student):
    student.open()
    assert student.click("Iterate").heading("Iteration") == \
        "Iteration 1 · Stage 8 of 8: Update w and b"
    assert student.click("Back").heading("Iteration").startswith("Iteration 1 · Stage 7 of 8")
    student.open("page=network")
    r = student.click("Step")
    at = app({"page": "network"})
    at.button(key="nbtn_step").click().run()
    want = next(m.value for m in at.markdown if m.value.startswith("#### Iteration"))
    assert r.kind == "fragment" and r.heading("Iteration") == want.lstrip("#").strip()
    assert latex_lines(r) == [e.value.strip().strip("$").strip() for e in at.latex]


def test_training_on_a_gate(student):
    student.open("page=train")
    student.select("Data", "AND gate")
    assert "data=and" in student.query
    r = student.click("Train")
    assert r.kind == "full" and not r.exceptions
    at = app({"page": "train", "data": "and"})
    at.button(key=next(b.key for b in at.button if b.label == "Train")).click().run()
    # The run's summary (a caption: markdown on the wire), with the trained numbers
    summary = [m.value for m in at.caption if m.value.startswith("Data\\: AND gate")]
    assert summary and [t for t in r.texts("markdown") if t.startswith("Data\\:")] == summary


def test_a_missing_button_is_named(student):
    student.open()
    with pytest.raises(StudentError, match="no button labelled 'Nope'.*'Iterate'"):
        student.click("Nope")


def test_a_class_of_ten_for_15_seconds(url):
    """Locust's smoke run (bench/locustfile.py through bench/classload.py): ten students for
    15 s, every click answered without an error; the full class is `bench/classload.py`."""
    import importlib.util

    if importlib.util.find_spec("locust") is None:  # not imported here: it patches sockets
        pytest.skip("locust is not installed (pip install -r requirements-dev.txt)")
    from bench.classload import locust

    rows = locust(url, users=10, seconds=15, rate=5)
    total = next(r for r in rows if r["name"] == "Aggregated")
    assert total["failures"] == 0
    assert total["count"] >= 30  # ten students, a click every ~2 s, after a 2 s ramp
    names = {r["name"] for r in rows}
    assert {"open step view", "Step"} <= names
