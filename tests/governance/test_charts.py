from portal.charts import BarChart


def test_bar_chart_draws_svg_with_a_text_equivalent():
    chart = BarChart(
        "票数",
        series=[("for", "赞成"), ("against", "反对")],
        rows=[("议题<甲>", {"for": 12, "against": 3}), ("议题乙", {"for": 0, "against": 5})],
    )
    html = str(chart)
    assert html.count("<svg viewBox") == 1 and 'aria-hidden="true"' in html
    assert "<table" in html and "<td>12</td>" in html and "<td>5</td>" in html
    assert "议题&lt;甲&gt;" in html and "<甲>" not in html  # labels are escaped
    widths = [s["width"] for bar in chart.bars for s in bar["segments"]]
    assert max(widths) <= 320 and widths[0] == 320 * 12 / 15


def test_empty_chart_renders():
    assert "<table" in str(BarChart("空", series=[("a", "A")], rows=[]))
