"""The report's charts as pictures (PNG for Word and the PDF; SVG on request), drawn by
matplotlib in the server's CJK font. The spreadsheet draws the same data as native Excel
charts."""

import io

from .content import Chart

FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "sans-serif"]
COLORS = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545"]


def _fonts() -> list[str]:
    """The CJK families this server has, best first (naming a missing one makes matplotlib
    complain on every chart)."""
    from matplotlib import font_manager

    present = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in FONTS if f in present] or ["sans-serif"]


def _figure(chart: Chart):
    import matplotlib

    matplotlib.use("Agg")  # no screen on a server
    from matplotlib import pyplot as plt
    from matplotlib.ticker import PercentFormatter

    plt.rcParams["font.family"] = _fonts()
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(
        figsize=(7.2, 3.2 if not chart.horizontal else 1.2 + 0.3 * len(chart.categories))
    )
    ax.set_title(chart.title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    bars = [s for s in chart.series if s.kind == "bar"]
    lines = [s for s in chart.series if s.kind == "line"]
    positions = range(len(chart.categories))
    width = 0.8 / max(1, len(bars))
    for n, series in enumerate(bars):
        values = [v or 0 for v in series.values]
        offsets = [p - 0.4 + width * (n + 0.5) for p in positions]
        if chart.horizontal:
            ax.barh(offsets, values, height=width, label=series.name, color=COLORS[n % len(COLORS)])
        else:
            ax.bar(offsets, values, width=width, label=series.name, color=COLORS[n % len(COLORS)])
    if chart.horizontal:
        ax.set_yticks(list(positions), chart.categories)
    else:
        ax.set_xticks(
            list(positions), chart.categories, rotation=0 if len(chart.categories) <= 6 else 45
        )
    handles, labels = ax.get_legend_handles_labels()
    if lines:
        right = ax.twinx()
        right.set_ylim(0, 1.05)
        right.yaxis.set_major_formatter(PercentFormatter(1.0))
        right.spines[["top"]].set_visible(False)
        for n, series in enumerate(lines, start=len(bars)):
            points = [
                (p, v) for p, v in zip(positions, series.values, strict=True) if v is not None
            ]
            right.plot([p for p, _ in points], [v for _, v in points], marker="o", label=series.name,
                       color=COLORS[n % len(COLORS)])  # fmt: skip
        more_handles, more_labels = right.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    if len(chart.series) > 1:
        ax.legend(handles, labels, fontsize=8, loc="upper left", frameon=False, ncols=2)
    fig.tight_layout()
    return fig, plt


def render(chart: Chart, fmt: str) -> bytes:
    """``fmt`` is ``png`` or ``svg``."""
    fig, plt = _figure(chart)
    out = io.BytesIO()
    try:
        fig.savefig(out, format=fmt, dpi=150)
    finally:
        plt.close(fig)
    return out.getvalue()
