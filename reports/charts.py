"""Charts as inline SVG drawn on the server: the same markup in the page and in the PDF.

No JavaScript, no external library: a few rectangles, lines and text elements.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE, GREEN, ORANGE, RED, GREY = "#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6c757d"
LEVEL_COLOURS = {"good": GREEN, "fair": ORANGE, "poor": RED, "none": GREY}
W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 28, 46


def _svg(body: list[str], title: str, height: int = H) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="report-chart" font-family="sans-serif" font-size="11">'
        f"<title>{escape(title)}</title>"
        f'<text x="{W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">{escape(title)}</text>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _num(value: float) -> str:
    """Vietnamese decimal comma: 82.7 -> '82,7'."""
    return f"{value:g}".replace(".", ",")


def _nice_max(value: float) -> float:
    if value <= 5:
        return 5
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def _axis(ymax: float, unit: str = "") -> list[str]:
    out = []
    plot_h = H - TOP - BOTTOM
    for i in range(5):
        v = ymax * i / 4
        y = TOP + plot_h - plot_h * i / 4
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>')
        label = f"{v:.0f}{unit}"
        out.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#495057">{label}</text>')
    return out


def _legend(series: list[tuple[str, str]]) -> list[str]:
    out, x = [], LEFT
    for name, colour in series:
        out.append(f'<rect x="{x}" y="{H - 14}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{H - 5}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return out


def bars(title: str, labels: list[str], series: list[tuple[str, list[float], str]]) -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series."""
    if not labels:
        return empty(title)
    ymax = _nice_max(max((max(values) if values else 0) for _, values, _ in series))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    group = plot_w / len(labels)
    bar = max(1.0, group * 0.8 / len(series))
    body = _axis(ymax)
    for i, label in enumerate(labels):
        x0 = LEFT + i * group + group * 0.1
        for j, (name, values, colour) in enumerate(series):
            v = values[i]
            h = plot_h * v / ymax
            body.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)} — {escape(name)}: {_num(v)}</title></rect>'
            )
        if len(labels) <= 16 or i % 2 == 0:
            body.append(
                f'<text x="{LEFT + i * group + group / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                f'fill="#495057" font-size="10">{escape(label)}</text>'
            )
    body += _legend([(name, colour) for name, _, colour in series])
    return _svg(body, title)


def line(
    title: str, labels: list[str], values: list[float | None], threshold: float | None = None
) -> SafeString:
    """A percentage line (0–100 %) with an optional dashed threshold."""
    if not labels:
        return empty(title)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    body = _axis(100, "%")

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / 100

    if threshold is not None:
        body.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}" '
            f'stroke="{RED}" stroke-dasharray="5 4"/>'
            f'<text x="{W - RIGHT}" y="{y(threshold) - 4:.1f}" text-anchor="end" fill="{RED}">'
            f"Ngưỡng {_num(threshold)}%</text>"
        )
    points = [(LEFT + i * step, y(v), v, labels[i]) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for px, py, v, label in points:
        body.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{BLUE}"><title>{escape(label)}: {_num(v)}%</title></circle>'
        )
    for i, label in enumerate(labels):
        if len(labels) <= 16 or i % 2 == 0:
            body.append(
                f'<text x="{LEFT + i * step:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" fill="#495057" '
                f'font-size="10">{escape(label)}</text>'
            )
    body += _legend([("Tỷ lệ trước hạn, đúng hạn", BLUE)])
    return _svg(body, title)


def ranking(
    title: str, rows: list[tuple[str, float | None, str]], threshold: float | None = None
) -> SafeString:
    """Horizontal bars (0–100 %), one row per office, coloured by level."""
    if not rows:
        return empty(title)
    row_h, left = 20, 170
    height = TOP + row_h * len(rows) + 24
    plot_w = W - left - 50
    body = []
    for i, (label, value, level) in enumerate(rows):
        y0 = TOP + i * row_h
        name = label if len(label) <= 28 else label[:27] + "…"
        body.append(f'<text x="{left - 6}" y="{y0 + 14}" text-anchor="end">{escape(name)}</text>')
        if value is not None:
            width = plot_w * value / 100
            body.append(
                f'<rect x="{left}" y="{y0 + 3}" width="{width:.1f}" height="{row_h - 6}" '
                f'fill="{LEVEL_COLOURS.get(level, GREY)}"><title>{escape(label)}: {_num(value)}%</title></rect>'
                f'<text x="{left + width + 4:.1f}" y="{y0 + 14}">{_num(value)}%</text>'
            )
        else:
            body.append(f'<text x="{left + 4}" y="{y0 + 14}" fill="{GREY}">chưa có hồ sơ</text>')
    if threshold is not None:
        x = left + plot_w * threshold / 100
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + row_h * len(rows)}" '
            f'stroke="{RED}" stroke-dasharray="5 4"/>'
        )
    return _svg(body, title, height)


def empty(title: str) -> SafeString:
    return _svg(
        [
            f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle" fill="{GREY}">Không có số liệu trong kỳ</text>'
        ],
        title,
    )
