#!/usr/bin/env python3
"""Draws latency-percentile plots (SVG) for bench/run, one per transport and scenario.

Input lines on stdin: "<transport> <scenario> <server> <percentile> <latency_us>".
Writes <out>/latency-<transport>-<scenario>.svg with a line per server; the x axis spreads the
percentiles by their "nines" (50, 90, 99, 99.9, ...), the y axis is latency in ms. Percentiles
that wrk reports as 0 (pipelined runs) are left out. Standard library only.
"""
import math
import sys
from collections import defaultdict

W, H, LEFT, BOTTOM, TOP, RIGHT = 720, 420, 70, 50, 40, 150
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def nines(p):
    return -math.log10(1 - p / 100.0)


def plot(path, title, series):
    points = [(nines(p), us / 1000.0) for s in series.values() for p, us in s if us > 0]
    if not points:
        return False
    xmax = max(x for x, _ in points)
    ymax = max(y for _, y in points) * 1.1 or 1
    sx = lambda x: LEFT + x / xmax * (W - LEFT - RIGHT)
    sy = lambda y: H - BOTTOM - y / ymax * (H - TOP - BOTTOM)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="14">{title}</text>',
           f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="black"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="black"/>',
           f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 12}" text-anchor="middle">percentile</text>',
           f'<text x="16" y="{(TOP + H - BOTTOM) / 2}" transform="rotate(-90 16 {(TOP + H - BOTTOM) / 2})" text-anchor="middle">latency (ms)</text>']
    for p in (50, 90, 99, 99.9, 99.99):
        if nines(p) <= xmax + 1e-9:
            out.append(f'<line x1="{sx(nines(p)):.1f}" y1="{H - BOTTOM}" x2="{sx(nines(p)):.1f}" y2="{H - BOTTOM + 5}" stroke="black"/>')
            out.append(f'<text x="{sx(nines(p)):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{p}%</text>')
    for i in range(5):
        y = ymax * i / 4
        out.append(f'<text x="{LEFT - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.1f}</text>')
        out.append(f'<line x1="{LEFT}" y1="{sy(y):.1f}" x2="{W - RIGHT}" y2="{sy(y):.1f}" stroke="#ddd"/>')
    for i, (server, spectrum) in enumerate(sorted(series.items())):
        colour = COLOURS[i % len(COLOURS)]
        line = " ".join(f"{sx(nines(p)):.1f},{sy(us / 1000.0):.1f}" for p, us in spectrum if us > 0)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        out.append(f'<text x="{W - RIGHT + 10}" y="{TOP + 20 + 18 * i}" fill="{colour}">{server}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return True


def main():
    out_dir = sys.argv[1]
    data = defaultdict(lambda: defaultdict(list))
    for line in sys.stdin:
        transport, scenario, server, p, us = line.split()
        data[(transport, scenario)][server].append((float(p), int(us)))
    for (transport, scenario), series in sorted(data.items()):
        path = f"{out_dir}/latency-{transport}-{scenario}.svg"
        if plot(path, f"{scenario} on {transport}: latency by percentile", series):
            print(path)


if __name__ == "__main__":
    main()
