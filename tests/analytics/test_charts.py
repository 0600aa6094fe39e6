"""The server-rendered SVG bar charts shared by the statistics dashboards and the coordination
view: scaling, escaping, strict-CSP safety, and figures hidden by disclosure control."""

from __future__ import annotations

from palermo.analytics import charts


def test_chart_scales_bars_to_the_largest_and_escapes_labels() -> None:
    svg = charts.bar_chart([charts.Bar("<b>A</b>", (2, 2)), charts.Bar("B", (1, 0))],
                           title="T & more", series=["x", "y"])
    assert svg.startswith('<svg class="chart"')
    assert "&lt;b&gt;A&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'aria-label="T &amp; more"' in svg
    room = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert f'width="{room / 2:.1f}"' in svg  # 2 of 4
    assert f'width="{room / 4:.1f}"' in svg  # 1 of 4
    assert "style=" not in svg and "<script" not in svg


def test_chart_of_nothing_is_empty_and_long_labels_are_shortened() -> None:
    assert charts.bar_chart([], title="T") == ""
    svg = charts.bar_chart([charts.Bar("x" * 50, (0,))], title="T")
    assert "x" * 29 + "…" in svg
    assert f"<title>{'x' * 50}</title>" in svg


def test_a_hidden_figure_draws_nothing_and_the_bar_shows_what_the_table_shows() -> None:
    svg = charts.bar_chart([charts.Bar("Hidden", (None,), shown="–"),
                            charts.Bar("Shown", (40,), shown="40")], title="T")
    room = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert svg.count("<rect") == 1 and f'width="{room:.1f}"' in svg
    assert ">–</text>" in svg and ">40</text>" in svg


def test_the_largest_published_figure_sets_the_scale_when_others_are_hidden() -> None:
    svg = charts.bar_chart([charts.Bar("a", (None, 10)), charts.Bar("b", (20, None))],
                           title="T", series=["x", "y"])
    room = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert f'width="{room / 2:.1f}"' in svg and f'width="{room:.1f}"' in svg


def test_hidden_figures_known_by_their_sum_are_one_grey_segment_named_in_the_legend() -> None:
    svg = charts.bar_chart([charts.Bar("2025", (15, None), shown="22", hidden=7),
                            charts.Bar("2024", (13, 0), shown="13")],
                           title="T", series=["a", "b"], hidden="hidden")
    room = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert f'width="{room * 7 / 22:.1f}" height="{charts.BAR}" fill="{charts.HIDDEN}"' in svg
    assert ">hidden</text>" in svg and f'fill="{charts.HIDDEN}"' in svg
    assert charts.bar_chart([charts.Bar("x", (3,))], title="T", hidden="hidden").count(
        charts.HIDDEN) == 0
