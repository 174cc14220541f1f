#!/usr/bin/env python3
"""Draws latency against offered load (SVG) for bench/openloop.

Usage: openloop_plot.py MEDIANS OUT.svg TITLE, where each line of MEDIANS is
"<server> <load percent> <p50 us> <p99 us> <p99.9 us>". One colour a server; p50 dotted, p99 solid,
p99.9 dashed; the latency axis is logarithmic. Standard library only.
"""
import math
import sys
from collections import defaultdict

W, H, LEFT, BOTTOM, TOP, RIGHT = 760, 460, 70, 50, 40, 190
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
PERCENTILES = [("p50", 1, "2,4"), ("p99", 2, ""), ("p99.9", 3, "8,4")]


def main():
    medians, path, title = sys.argv[1], sys.argv[2], sys.argv[3]
    series = defaultdict(list)
    with open(medians) as f:
        for line in f:
            fields = line.split()
            series[fields[0]].append([float(v) for v in fields[1:]])
    values = [row[i] for rows in series.values() for row in rows for _, i, _ in PERCENTILES if row[i] > 0]
    loads = [row[0] for rows in series.values() for row in rows]
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    sx = lambda load: LEFT + load / 100.0 * (W - LEFT - RIGHT)
    sy = lambda us: H - BOTTOM - (math.log10(us) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (H - TOP - BOTTOM)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="14">{title}: latency against offered load</text>',
           f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="black"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="black"/>',
           f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 12}" text-anchor="middle">offered load (% of the server\'s own peak)</text>',
           f'<text x="16" y="{(TOP + H - BOTTOM) / 2}" transform="rotate(-90 16 {(TOP + H - BOTTOM) / 2})" text-anchor="middle">latency (µs, log)</text>']
    for load in sorted(set(loads)) + [0, 100]:
        out.append(f'<text x="{sx(load):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{load:g}</text>')
    decade = lo
    while decade <= hi:
        out.append(f'<line x1="{LEFT}" y1="{sy(decade):.1f}" x2="{W - RIGHT}" y2="{sy(decade):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{sy(decade) + 4:.1f}" text-anchor="end">{decade:g}</text>')
        decade *= 10
    legend = TOP + 10
    for n, (server, rows) in enumerate(sorted(series.items())):
        colour = COLOURS[n % len(COLOURS)]
        rows.sort()
        for name, i, dash in PERCENTILES:
            points = " ".join(f"{sx(row[0]):.1f},{sy(row[i]):.1f}" for row in rows if row[i] > 0)
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="{points}"/>')
        out.append(f'<text x="{W - RIGHT + 10}" y="{legend}" fill="{colour}">{server}</text>')
        legend += 18
    for name, _, dash in PERCENTILES:
        out.append(f'<line x1="{W - RIGHT + 10}" y1="{legend + 6}" x2="{W - RIGHT + 40}" y2="{legend + 6}" stroke="black" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{W - RIGHT + 46}" y="{legend + 10}">{name}</text>')
        legend += 18
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
