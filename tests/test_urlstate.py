"""Share links: parse and encode round-trip; bad parameters fall back field by field."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from neuron.config import DEFAULT, Config
from neuron.urlstate import MAX_PARAM_CHARS, View, encode, parse


def test_empty_query_is_the_document_example():
    assert parse({}) == (DEFAULT, View(0, 0), [])


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 8), data=st.data())
def test_encode_then_parse_restores_exactly(n, data):
    num = st.floats(-1e6, 1e6, allow_nan=False)
    x = tuple(data.draw(num) for _ in range(n))
    w = tuple(data.draw(num) for _ in range(n))
    act = data.draw(st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear"]))
    cfg = Config(x=x, w=w, b=data.draw(num), y=data.draw(num), lr=data.draw(st.floats(0, 100)),
                 activation=act, loss="mse")
    view = View(data.draw(st.integers(0, 10_000)), data.draw(st.integers(0, 8)))
    assert parse(encode(cfg, view)) == (cfg.validated(), view, [])


BAD = {
    "nan": ("b", "nan", "not a finite number"),
    "inf": ("y", "inf", "not a finite number"),
    "huge": ("b", "1e400", "not a finite number"),
    "big": ("b", "1e7", "outside"),
    "word": ("lr", "fast", "not a number"),
    "empty": ("b", "", "not a number"),
    "long": ("x", "1," * 5000, f"longer than {MAX_PARAM_CHARS}"),
    "act": ("act", "softmax", "not one of sigmoid"),
    "loss": ("loss", "hinge", "not one of mse"),
    "n0": ("x", "", "not a number"),
    "n9": ("x", ",".join(["1"] * 9), "1 to 8 comma-separated"),
    "stage": ("stage", "-1", "whole number from 0 to 8"),
    "it": ("it", "1e9", "whole number from 0 to 10000"),
    "iter": ("iter", "0", "whole number from 1 to 10001"),
    "neg_lr": ("lr", "-0.1", "outside"),
}


def test_each_bad_parameter_warns_and_keeps_the_default():
    for key, raw, words in BAD.values():
        cfg, view, warnings = parse({key: raw})
        assert cfg == DEFAULT and view == View(), key
        assert len(warnings) == 1 and warnings[0].startswith(key) and words in warnings[0], \
            (key, warnings)


def test_one_bad_field_does_not_spoil_the_others():
    cfg, _, warnings = parse({"x": "1,2,3", "w": "0.1,0.2,0.3", "b": "oops", "act": "tanh"})
    assert cfg.x == (1, 2, 3) and cfg.w == (0.1, 0.2, 0.3) and cfg.activation == "tanh"
    assert cfg.b == DEFAULT.b and len(warnings) == 1


def test_x_and_w_of_different_lengths():
    cfg, _, warnings = parse({"x": "1,2,3", "w": "0.5,0.5"})
    assert cfg.x == (1, 2, 3) and cfg.w == (0.0, 0.0, 0.0)
    assert "2 weights for 3 inputs" in warnings[0]


def test_impossible_pairing_falls_back_to_default_activation_and_loss():
    cfg, _, warnings = parse({"act": "relu", "loss": "bce"})
    assert (cfg.activation, cfg.loss) == ("sigmoid", "mse")
    assert "needs the sigmoid" in warnings[0]


def test_unknown_parameters_are_reported():
    _, _, warnings = parse({"utm_source": "mail"})
    assert warnings == ["unknown parameter 'utm_source' ignored"]


def test_encoded_numbers_are_exact():
    cfg = Config(x=(0.1, 1 / 3), w=(math.pi, -2.0), b=1e-300)
    assert parse(encode(cfg))[0] == cfg


def test_setup_json_round_trip_and_refusals():
    import pytest

    from neuron.urlstate import parse_setup, setup_json

    cfg = Config(x=(1.0, 2.0, 3.0), w=(0.1, -0.2, 0.3), b=0.5, activation="tanh")
    assert parse_setup(setup_json(cfg, View(4, 6)).encode()) == (cfg, View(4, 6), [])
    for raw, words in [(b"\xff\xfe", "not JSON"), (b"[1, 2]", "not a Backprop Lab setup"),
                       (b'{"params": 3}', "not a Backprop Lab setup"), (b"{", "not JSON"),
                       (b" " * 20_001, "larger than 20,000 bytes")]:
        with pytest.raises(ValueError, match=words):
            parse_setup(raw)
    cfg2, _, warnings = parse_setup(b'{"params": {"b": "nan", "act": "relu"}}')
    assert cfg2.activation == "relu" and cfg2.b == DEFAULT.b and "b: 'nan'" in warnings[0]


def test_iter_counts_as_the_page_does_and_old_it_links_still_open():
    """``iter`` is the iteration the page shows ("Iteration 2"); links written before it
    carry ``it``, the iterations done (one less)."""
    assert parse({"iter": "2", "stage": "3"})[1] == View(1, 3)
    assert parse({"it": "1", "stage": "3"})[1] == View(1, 3)
    assert parse({"iter": "5", "it": "1"})[1] == View(4, 0)  # the newer name wins
    q = encode(DEFAULT, View(1, 3))
    assert q["iter"] == "2" and "it" not in q
    assert parse(q) == (DEFAULT, View(1, 3), [])


# -- hostile setup files (issue 19, item 2) -------------------------------------------------

def _answer(raw: bytes):
    """parse_setup's answer, or the message of its own ValueError; anything else fails."""
    from neuron.urlstate import parse_setup

    try:
        cfg, view, warnings = parse_setup(raw)
    except ValueError as e:
        assert type(e) is ValueError, repr(e)  # not a JSONDecodeError or a conversion error
        return str(e)
    assert cfg.validated() == cfg and isinstance(view, View)
    assert all(isinstance(w, str) for w in warnings)
    return cfg, view, warnings


def test_a_deeply_nested_setup_file_is_not_a_setup():
    """``'[' * 10000 + ']' * 10000`` under the 20,000-byte cap: RecursionError on the page."""
    for raw in (b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 3000 + b"1" + b"}" * 3000,
                b'{"params": {"x": ' + b"[" * 9000 + b"]" * 9000 + b"}}",
                b'{"params": ' + b"[" * 9000 + b"]" * 9000 + b"}"):
        assert "not a Backprop Lab setup" in _answer(raw), raw[:20]


def test_a_setup_value_that_is_no_value_warns_and_keeps_the_default():
    cfg, _, warnings = _answer(b'{"params": {"x": [[1, 2]], "b": {"a": 1}, "y": 0.5}}')
    assert cfg.x == DEFAULT.x and cfg.b == DEFAULT.b and cfg.y == 0.5
    assert len(warnings) == 2 and "x: a list" in warnings[0] and "b: an object" in warnings[1]
    assert "not a Backprop Lab setup" in _answer(b'{"params": {}, "x": ' + b"9" * 5000 + b"}")


JSON_LEAF = (st.none() | st.booleans() | st.integers() | st.floats()
             | st.text(max_size=30) | st.sampled_from([1e308, -1e308, 5e-324, 1e6, 1e6 + 1]))
JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)
KEYS = st.sampled_from(["x", "w", "b", "y", "lr", "act", "loss", "iter", "it", "stage", "?"])


@settings(max_examples=300, deadline=None)
@given(params=st.dictionaries(KEYS, JSON | st.text(max_size=40), max_size=11),
       other=JSON, depth=st.integers(0, 9_990), wrap=st.integers(0, 3))
def test_setup_parser_answers_any_nested_or_extreme_document(params, other, depth, wrap):
    """The setup parser never raises anything but its own ValueError: not on nesting deep
    enough to exhaust the recursion limit, nor on values that are lists, objects, huge or
    not finite numbers."""
    import json

    doc = [{"app": "backprop-lab", "params": params}, {"params": other}, other,
           {"params": {"x": other}}][wrap]
    text = json.dumps(doc)
    nested = "[" * depth + text + "]" * depth
    for raw in (text.encode(), nested.encode()[:20_000], b"\xef\xbb\xbf" + text.encode()):
        _answer(raw)


def test_many_unknown_parameters_are_one_warning_listing_a_few():
    """500 unknown parameters gave 500 warnings (500 boxes on the page)."""
    query = {f"p{i}": "1" for i in range(500)} | {"b": "0.5", "z" * 5000: "1"}
    cfg, _, warnings = parse(query)
    assert cfg.b == 0.5 and len(warnings) == 1
    (w,) = warnings
    assert w.startswith("501 unknown parameters ignored: 'p0', 'p1', 'p2'")
    assert w.endswith("and 491 more") and len(w) < 300
    _, _, (long,) = parse({"z" * 5000: "1"})
    assert long.startswith("unknown parameter 'zzz") and "…" in long and len(long) < 100
