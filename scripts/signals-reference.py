"""Independent reference values for the signal indicators (EMA-seeded MACD, Wilder RSI, OBV).

Written separately from the TypeScript code, straight from the textbook definitions, to produce the
golden values in src/signals/indicators/*.test.ts. Usage: python3 scripts/signals-reference.py < closes.csv
where the CSV has columns date,close,volume.
"""
import csv
import sys


def ema(values, period):
    out = [None] * len(values)
    if len(values) < period:
        return out
    out[period - 1] = sum(values[:period]) / period
    k = 2.0 / (period + 1)
    for i in range(period, len(values)):
        out[i] = values[i] * k + out[i - 1] * (1 - k)
    return out


def macd(closes, fast=12, slow=26, signal=9):
    f, s = ema(closes, fast), ema(closes, slow)
    line = [None if a is None or b is None else a - b for a, b in zip(f, s)]
    start = next(i for i, v in enumerate(line) if v is not None)
    sig_tail = ema(line[start:], signal)
    sig = [None] * start + sig_tail
    return line, sig


def wilder_rsi(closes, period=14):
    out = [None] * len(closes)
    gains = [max(closes[i] - closes[i - 1], 0) for i in range(1, len(closes))]
    losses = [max(closes[i - 1] - closes[i], 0) for i in range(1, len(closes))]
    if len(gains) < period:
        return out
    ag = sum(gains[:period]) / period
    al = sum(losses[:period]) / period
    out[period] = 100 * ag / (ag + al) if ag + al else 50.0
    for i in range(period + 1, len(closes)):
        ag = (ag * (period - 1) + gains[i - 1]) / period
        al = (al * (period - 1) + losses[i - 1]) / period
        out[i] = 100 * ag / (ag + al) if ag + al else 50.0
    return out


def obv(closes, volumes):
    out = [0.0]
    for i in range(1, len(closes)):
        d = closes[i] - closes[i - 1]
        out.append(out[-1] + (volumes[i] if d > 0 else -volumes[i] if d < 0 else 0))
    return out


rows = list(csv.DictReader(sys.stdin))
closes = [float(r["close"]) for r in rows]
volumes = [float(r["volume"]) for r in rows]
line, sig = macd(closes)
rsi = wilder_rsi(closes)
ob = obv(closes, volumes)
for i, r in enumerate(rows):
    fmt = lambda v: "" if v is None else repr(v)
    print(r["date"], fmt(line[i]), fmt(sig[i]), fmt(rsi[i]), fmt(ob[i]), sep=",")
