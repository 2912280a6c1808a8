#!/usr/bin/env python3
"""Writes docs/performance.md (tables, targets, charts) from a results directory of bench/run.sh.

usage: report.py RESULTS_DIR DOC_PATH

RESULTS_DIR holds meta.env, pinned/*.raw.tsv and 2cores/*.raw.tsv (the harness' raw TSVs) and
jmh.json. Charts (PNG) go to <doc dir>/performance/, with a copy of the raw data in
<doc dir>/performance/data/. Every figure is the median over runs, as the harness computes it;
echo points disturbed by other processes (other_cpu_pct > NOISY_PCT) are left out when a clean
point exists. Charts need matplotlib; without it the document says so and has no pictures.
"""
import csv
import json
import os
import shutil
import statistics
import sys

NOISY_PCT = float(os.environ.get("NOISY_PCT", "15"))

# the defaults of bench/run.sh: a run with other knobs is flagged as reduced
DEFAULTS = {"http_batches": "15", "echo_runs": "5", "echo2_runs": "3", "runs": "3", "conns": "1 100 1000", "duration": "10",
            "warmup": "2", "ks": "2 1000", "secs": "5", "n": "100000", "maxd": "2",
            "idle_conns": "10000 18000", "hold": "6", "jmh_args": "-wi 3 -i 5 -f 1"}

NAMES = {
    "cecho": "C epoll echo (ceiling)",
    "copas-lua54": "Copas (Lua 5.4)",
    "copas-luajit": "Copas (LuaJIT)",
    "netty": "Netty 4.2, 1 event loop",
    "vt": "JDK virtual threads",
    "nio": "JDK NIO selector loop",
    "vt-yield": "JDK VT, Thread.yield()",
    "vt-baton": "JDK VT, park/unpark ring",
}
PEER_ORDER = ["cecho", "copas-lua54", "copas-luajit", "netty", "vt", "nio", "vt-yield", "vt-baton"]


def name(key):
    if key.startswith("cj-"):
        return f"Copas for Java, {key[3:]} engine"
    return NAMES.get(key, key)


ENGINE_ORDER = ["default", "carrier", "continuation"]


def engine_key(e):
    return (ENGINE_ORDER.index(e) if e in ENGINE_ORDER else len(ENGINE_ORDER), e)


def ordered(keys):
    keys = set(keys)
    return ([k for k in PEER_ORDER if k in keys] + sorted(k for k in keys if k not in PEER_ORDER and not k.startswith("cj-"))
            + sorted((k for k in keys if k.startswith("cj-")), key=lambda k: engine_key(k[3:])))


def num(x):
    try:
        return float(str(x).replace("(noisy)", ""))
    except (TypeError, ValueError):
        return None


def med(vals):
    v = [x for x in (num(a) for a in vals) if x is not None]
    return statistics.median(v) if v else None


def fmt(x, f="{:.0f}"):
    return "n/a" if x is None or x != x else f.format(x)


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def meta(d):
    m = {}
    p = os.path.join(d, "meta.env")
    if os.path.exists(p):
        for line in open(p):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                m[k] = v
    return m


# ----------------------------------------------------------------------------- aggregation

def echo_table(d):
    """{(server, conns): dict of medians} for one echo raw TSV."""
    r = rows(os.path.join(d, "echo.raw.tsv"))
    out = {}
    for s in {x["server"] for x in r}:
        for c in {int(x["conns"]) for x in r if x["server"] == s}:
            sel = [x for x in r if x["server"] == s and int(x["conns"]) == c]
            clean = [x for x in sel if (num(x["other_cpu_pct"]) or 0) <= NOISY_PCT]
            use = clean or sel
            rates = [num(x["rate"]) for x in use if num(x["rate"]) is not None]
            errors = sum(int(num(x["errors"]) or 0) for x in use if num(x["errors"]) is not None)
            rate = med(x["rate"] for x in use)
            cpu = med(x["srv_cpu_pct"] for x in use)
            out[(s, c)] = {
                "rate": rate, "lo": min(rates) if rates else None, "hi": max(rates) if rates else None,
                "p50": med(x["p50_us"] for x in use), "p99": med(x["p99_us"] for x in use),
                "p999": med(x["p999_us"] for x in use), "cpu": cpu,
                # CPU time the server used per message, µs: (cpu% / 100) s per s / (msgs per s)
                "cpu_us": (cpu / 100 * 1e6 / rate) if cpu is not None and rate else None,
                "rss": med(num(x["srv_peak_rss_kb"]) / 1024 for x in use if num(x["srv_peak_rss_kb"])),
                "runs": f"{len(clean)}/{len(sel)}", "errors": errors,
            }
    return out


def switch_table(d):
    r = rows(os.path.join(d, "switch.raw.tsv"))
    out = {}
    for i in {x["impl"] for x in r}:
        for k in {int(x["k"]) for x in r if x["impl"] == i}:
            sel = [x for x in r if x["impl"] == i and int(x["k"]) == k and num(x["ns_per_switch"]) is not None]
            if sel:
                out[(i, k)] = {"sps": med(x["switches_per_s"] for x in sel), "ns": med(x["ns_per_switch"] for x in sel),
                               "runs": len(sel)}
    return out


def sleepers_table(d):
    r = rows(os.path.join(d, "sleepers.raw.tsv"))
    out = {}
    for i in {x["impl"] for x in r}:
        sel = [x for x in r if x["impl"] == i and num(x["create_s"]) is not None]
        if sel:
            out[i] = {"n": sel[0]["n"], "runs": len(sel), "create": med(x["create_s"] for x in sel),
                      "wall": med(x["wall_s"] for x in sel), "p50": med(x["late_p50_ms"] for x in sel),
                      "p99": med(x["late_p99_ms"] for x in sel), "max": med(x["late_max_ms"] for x in sel),
                      "rss": med(num(x["peak_rss_kb"]) / 1024 for x in sel if num(x["peak_rss_kb"]))}
    return out


def idle_table(d):
    r = rows(os.path.join(d, "idle.raw.tsv"))
    out = {}
    for s in {x["server"] for x in r}:
        for n in {int(x["conns"]) for x in r if x["server"] == s}:
            sel = [x for x in r if x["server"] == s and int(x["conns"]) == n]
            ok = [x for x in sel if x["status"] == "OK"]
            out[(s, n)] = {"ok": len(ok), "all": len(sel), "status": sel[0]["status"] if not ok else "OK",
                           "before": med(num(x["rss_before_kb"]) / 1024 for x in ok) if ok else None,
                           "idle": med(num(x["rss_idle_kb"]) / 1024 for x in ok) if ok else None,
                           "kb": med(x["kb_per_conn"] for x in ok) if ok else None}
    return out


def jmh_table(d):
    p = os.path.join(d, "jmh.json")
    if not os.path.exists(p):
        return []
    try:
        data = json.load(open(p))
    except ValueError:
        return []
    out = []
    for b in data:
        params = b.get("params", {})
        pm = b["primaryMetric"]
        out.append({"bench": b["benchmark"].split(".")[-2] + "." + b["benchmark"].split(".")[-1],
                    "engine": params.get("engine", ""),
                    "params": ", ".join(f"{k}={v}" for k, v in params.items() if k != "engine"),
                    "score": num(pm["score"]), "error": num(pm.get("scoreError")), "unit": pm["scoreUnit"]})
    return out


# ----------------------------------------------------------------------------- charts

def charts(outdir, echo_p, echo_2, sw_p, sw_2, sl, idle, jmh):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    made = {}
    os.makedirs(outdir, exist_ok=True)

    def save(fig, fname):
        fig.tight_layout()
        fig.savefig(os.path.join(outdir, fname), dpi=110)
        plt.close(fig)
        made[fname.rsplit(".", 1)[0]] = fname

    palette = plt.get_cmap("tab10").colors
    every = ordered({k for t in (echo_p, echo_2, idle) for k, _ in t} | set(sl) | {k for t in (sw_p, sw_2) for k, _ in t})
    color = {k: palette[i % len(palette)] for i, k in enumerate(every)}

    def grouped(ax, groups, series, value, title, ylabel, log=False):
        """bars: x = groups, one bar per series (same colour for a series in every chart)"""
        width = 0.8 / max(1, len(series))
        for j, s in enumerate(series):
            ys = [value(s, g) or 0 for g in groups]
            ax.bar([i + j * width for i in range(len(groups))], ys, width, label=name(s), color=color.get(s))
        ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(groups))])
        ax.set_xticklabels([str(g) for g in groups])
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        if log:
            ax.set_yscale("log")
        ax.grid(axis="y", alpha=0.3)

    # echo: throughput and p99 by connection count, pinned and 2 cores
    sets = [(t, lbl) for t, lbl in ((echo_p, "server pinned to one core"), (echo_2, "server on 2 cores")) if t]
    for metric, ylabel, fname, log in (("rate", "messages/s", "echo_throughput.png", False),
                                       ("p99", "p99 round trip, µs (log)", "echo_p99.png", True)):
        if not sets:
            break
        fig, axes = plt.subplots(1, len(sets), figsize=(6.5 * len(sets), 4.6), squeeze=False)
        for ax, (t, lbl) in zip(axes[0], sets):
            servers = ordered({s for s, _ in t})
            conns = sorted({c for _, c in t})
            grouped(ax, conns, servers, lambda s, c: t.get((s, c), {}).get(metric), f"echo, {lbl}", ylabel, log)
            ax.set_xlabel("connections")
            ax.legend(fontsize=7)
        save(fig, fname)

    # switch: ns per switch per implementation, pinned and 2 cores, one panel per K
    if sw_p or sw_2:
        ks = sorted({k for _, k in list(sw_p) + list(sw_2)})
        fig, axes = plt.subplots(1, len(ks), figsize=(6.5 * len(ks), 4.6), squeeze=False)
        for ax, k in zip(axes[0], ks):
            impls = ordered({i for i, kk in list(sw_p) + list(sw_2) if kk == k})
            cols = [(sw_p, "pinned, 1 core"), (sw_2, "2 cores")]
            cols = [c for c in cols if c[0]]
            width = 0.8 / len(cols)
            for j, (t, lbl) in enumerate(cols):
                ax.bar([i + j * width for i in range(len(impls))], [t.get((i, k), {}).get("ns") or 0 for i in impls],
                       width, label=lbl)
            ax.set_xticks([i + width * (len(cols) - 1) / 2 for i in range(len(impls))])
            ax.set_xticklabels([name(i).replace(", ", "\n") for i in impls], fontsize=7)
            ax.set_title(f"switch cost, K = {k} tasks")
            ax.set_ylabel("ns per switch")
            ax.grid(axis="y", alpha=0.3)
            ax.legend(fontsize=8)
        save(fig, "switch.png")

    # sleepers: lateness p50 / p99 / max per implementation
    if sl:
        impls = ordered(sl)
        fig, ax = plt.subplots(figsize=(7.5, 4.6))
        grouped(ax, impls, ["p50", "p99", "max"], lambda metric, i: sl[i][metric],
                f"sleepers: wake-up lateness ({sl[impls[0]]['n']} tasks)", "ms (log)", True)
        ax.set_xticklabels([name(i).replace(", ", "\n") for i in impls], fontsize=7)
        ax.legend(fontsize=8)
        save(fig, "sleepers.png")

    # idle: KB per idle connection
    if idle:
        servers = ordered({s for s, _ in idle})
        conns = sorted({n for _, n in idle})
        fig, ax = plt.subplots(figsize=(7.5, 4.6))
        grouped(ax, conns, servers, lambda s, n: idle.get((s, n), {}).get("kb"), "server RSS per idle connection",
                "KB per connection")
        ax.set_xlabel("idle connections")
        ax.legend(fontsize=7)
        save(fig, "idle.png")

    # jmh: ns/op per benchmark and engine
    if jmh:
        keys = []
        for b in jmh:
            key = b["bench"] + (f" ({b['params']})" if b["params"] else "")
            if key not in keys:
                keys.append(key)
        engines = sorted({b["engine"] for b in jmh}, key=engine_key)
        fig, ax = plt.subplots(figsize=(8, 0.25 * len(keys) * max(1, len(engines)) + 1.5))
        height = 0.8 / max(1, len(engines))
        for j, e in enumerate(engines):
            vals = []
            for k in keys:
                v = [b["score"] for b in jmh if b["engine"] == e and
                     b["bench"] + (f" ({b['params']})" if b["params"] else "") == k]
                vals.append(v[0] if v else 0)
            ax.barh([i + j * height for i in range(len(keys))], vals, height, label=f"{e} engine",
                    color=color.get(f"cj-{e}"))
        ax.set_yticks([i + height * (len(engines) - 1) / 2 for i in range(len(keys))])
        ax.set_yticklabels(keys, fontsize=7)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel(f"{jmh[0]['unit']} (log)")
        ax.set_title("JMH microbenchmarks")
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize=8)
        save(fig, "jmh.png")
    return made


# ----------------------------------------------------------------------------- targets

MET, NOT_MET, OPEN = "**met**", "**NOT met**", "_not measured yet_"


def status(ok):
    return OPEN if ok is None else (MET if ok else NOT_MET)


AUTO_ENGINE = os.environ.get("AUTO_ENGINE", "carrier")  # what `auto` picks when java.lang is opened (decision 0004)


def http_table(d):
    """{client: {"warm": median req/s of each run's last batch, "b2": of batch 2, "batches": n, "runs": n}}"""
    r = rows(os.path.join(d, "http.raw.tsv"))
    out = {}
    for c in {x["client"] for x in r}:
        sel = [x for x in r if x["client"] == c and num(x["req_per_s"]) is not None]
        if not sel:
            continue
        last = {}
        for x in sel:
            b = int(num(x["batch"]) or 0)
            if b >= last.get(x["run"], (0, None))[0]:
                last[x["run"]] = (b, x)
        out[c] = {"warm": med(v[1]["req_per_s"] for v in last.values()),
                  "b2": med(x["req_per_s"] for x in sel if int(num(x["batch"]) or 0) == 2),
                  "batches": max(v[0] for v in last.values()), "runs": len(last),
                  "failed": sum(int(num(x["failed"]) or 0) for x in sel)}
    return out


def targets(m, echo_p, sw_p, sw_2, sl, idle, http=None):
    """[(target, figures, status)]: issue 15's targets (and issue 9's HTTP one), ratios within this run."""
    out = []
    auto, dflt = f"cj-{AUTO_ENGINE}", "cj-default"
    lj = "copas-luajit"

    def figs_of(tbl, key, ids, f):
        return "; ".join(f"{i}: {f(tbl[(i, key)] if key is not None else tbl[i])}" for i in ids
                         if ((i, key) if key is not None else i) in tbl)

    # switch: auto <= LuaJIT and <= JDK VT yield; default within 2x of that
    for k in sorted({k for (i, k) in sw_p}):
        a, d_, l, v = (sw_p.get((x, k), {}).get("ns") for x in (auto, dflt, lj, "vt-yield"))
        bound = min(x for x in (l, v) if x is not None) if (l or v) else None
        ok = None if a is None or bound is None else a <= bound
        out.append((f"Switch, K = {k}, pinned: {auto[3:]} ≤ Copas LuaJIT and ≤ JDK VT yield",
                    f"{auto[3:]} {fmt(a)} ns; LuaJIT {fmt(l)} ns; VT yield {fmt(v)} ns", status(ok)))
        ok = None if d_ is None or bound is None else d_ <= 2 * bound
        out.append((f"Switch, K = {k}, pinned: default engine within 2x of that", f"default {fmt(d_)} ns; bound {fmt(bound)} ns",
                    status(ok)))
    if not sw_p:
        out.append(("Switch, K = 2 and 1000", "_(figure pending)_", OPEN))

    # sleepers
    if auto in sl:
        a, l, d_ = sl[auto], sl.get(lj), sl.get(dflt)
        ok = a["p99"] <= 5 and (l is None or a["p99"] <= l["p99"] / 2)
        out.append((f"{a['n']} sleepers, {auto[3:]}: p99 lateness ≤ 5 ms and ≤ half of LuaJIT's",
                    f"{a['p99']:.1f} ms; LuaJIT {fmt(l and l['p99'], '{:.1f}')} ms", status(ok)))
        out.append((f"{a['n']} sleepers, {auto[3:]}: peak RSS ≤ LuaJIT's", f"{fmt(a['rss'])} MB; LuaJIT {fmt(l and l['rss'])} MB",
                    status(None if not l or a["rss"] is None else a["rss"] <= l["rss"])))
        out.append((f"{a['n']} sleepers, {auto[3:]}: creation ≤ LuaJIT's", f"{a['create']:.3f} s; LuaJIT {fmt(l and l['create'], '{:.3f}')} s",
                    status(None if not l else a["create"] <= l["create"])))
        if d_:
            out.append((f"{a['n']} sleepers, default engine: p99 lateness ≤ LuaJIT's", f"{d_['p99']:.1f} ms; LuaJIT {fmt(l and l['p99'], '{:.1f}')} ms",
                        status(None if not l else d_["p99"] <= l["p99"])))
    else:
        out.append(("100,000 sleepers", "_(figure pending)_", OPEN))

    # echo vs Netty NIO (pinned)
    for c in (100, 1000):
        n, a = echo_p.get(("netty", c)), echo_p.get((auto, c))
        if not (n and a):
            out.append((f"Echo, {c} connections vs Netty NIO", "_(figure pending)_", OPEN))
            continue
        out.append((f"Echo, {c} connections: p99 ≤ Netty NIO's", f"{auto[3:]} {fmt(a['p99'])} µs; Netty {fmt(n['p99'])} µs",
                    status((a["p99"] or 1e18) <= (n["p99"] or 0))))
        ok = None if not (a["cpu_us"] and n["cpu_us"]) else a["cpu_us"] <= 0.8 * n["cpu_us"]
        out.append((f"Echo, {c} connections: server CPU per message ≤ 0.8x Netty NIO's",
                    f"{auto[3:]} {fmt(a['cpu_us'], '{:.2f}')} µs; Netty {fmt(n['cpu_us'], '{:.2f}')} µs", status(ok)))
        out.append((f"Echo, {c} connections: msgs/s ≥ Netty NIO's", f"{auto[3:]} {fmt(a['rate'])}; Netty {fmt(n['rate'])}",
                    status((a["rate"] or 0) >= (n["rate"] or 1e18))))

    # idle
    for n in (10000, 18000):
        a = idle.get((auto, n))
        if not a:
            out.append((f"Idle, {n:,} connections, {auto[3:]}: ≤ 3 KB per connection", "_(figure pending)_", OPEN))
            continue
        nt = idle.get(("netty", n))
        out.append((f"Idle, {n:,} connections, {auto[3:]}: ≤ 3 KB per connection",
                    f"{fmt(a['kb'], '{:.2f}')} KB ({a['ok']}/{a['all']} runs OK, RSS before {fmt(a['before'], '{:.1f}')} MB); Netty {fmt(nt and nt['kb'], '{:.2f}')} KB",
                    status(a["kb"] is not None and a["kb"] <= 3 and a["ok"] == a["all"])))

    # http (issue 9): keep-alive >= 2x Copas, close >= Copas, in the same run (warm: each run's last batch)
    if http:
        # the reference figure (6.6k req/s) is Copas on lua5.4; LuaJIT is shown beside it
        ref = (http.get("copas-lua54") or http.get("copas-luajit") or {}).get("warm")
        lj_ref = (http.get("copas-luajit") or {}).get("warm")
        for mode, factor in (("keepalive", 2), ("close", 1)):
            ours = [c for c in http if c.startswith("cj-") and c.endswith(mode)]
            for c in ours:
                x = http[c]
                out.append((f"HTTP, 2,000 GETs of 1 KiB, 20 tasks, {mode}: ≥ {factor}x Copas (Lua 5.4)",
                            f"{c}: {fmt(x['warm'])} req/s warm (batch {x['batches']}), {fmt(x['b2'])} at batch 2;"
                            f" Copas Lua 5.4 {fmt(ref)}, LuaJIT {fmt(lj_ref)}",
                            status(None if ref is None or x["warm"] is None else x["warm"] >= factor * ref)))
    return out


# ----------------------------------------------------------------------------- document

def main():
    d, doc = sys.argv[1], sys.argv[2]
    m = meta(d)
    pinned, two = os.path.join(d, "pinned"), os.path.join(d, "2cores")
    echo_p, echo_2 = echo_table(pinned), echo_table(two)
    sw_p, sw_2 = switch_table(pinned), switch_table(two)
    sl, idle, jmh = sleepers_table(pinned), idle_table(pinned), jmh_table(d)
    http = http_table(pinned)

    docdir = os.path.dirname(os.path.abspath(doc))
    assets = os.path.join(docdir, "performance")
    os.makedirs(assets, exist_ok=True)
    for f in os.listdir(assets):
        if f.endswith(".png"):
            os.remove(os.path.join(assets, f))
    made = charts(assets, echo_p, echo_2, sw_p, sw_2, sl, idle, jmh)
    data = os.path.join(assets, "data")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    for sub in ("", "pinned", "2cores"):
        src = os.path.join(d, sub)
        if not os.path.isdir(src):
            continue
        for f in os.listdir(src):
            if f.endswith((".raw.tsv", ".json", ".env")):
                dst = os.path.join(data, sub) if sub else data
                os.makedirs(dst, exist_ok=True)
                shutil.copy(os.path.join(src, f), dst)

    reduced = {k: (m.get(k), v) for k, v in DEFAULTS.items() if m.get(k) is not None and m.get(k) != v}
    L = []
    w = L.append

    def img(key, alt):
        if made is None:
            w(f"_Chart `{key}.png` not drawn: no matplotlib (`apt-get install python3-matplotlib`, then `bench/run.sh --report <results dir>`)._\n")
        elif key in made:
            w(f"![{alt}](performance/{made[key]})\n")

    w("# Performance of Copas for Java\n")
    w("Written by `bench/run.sh` (see [bench/README.md](../bench/README.md)) from one run of the neutral harness"
      " (`shared/bench`) with Copas for Java next to the peers: the same scripts, runs interleaved across"
      " implementations, every figure the median of the runs. Do not edit by hand: rerun"
      " `bench/run.sh`, or `bench/run.sh --report <results dir>` to redraw.\n")
    if set(reduced) == {"jmh_args"}:
        # the harness parts are full; only the microbenchmarks ran with shorter iterations
        w("> Full run of the harness parts. The JMH microbenchmarks ran with shorter iterations than the default:"
          f" `{reduced['jmh_args'][0]}` (default: `{reduced['jmh_args'][1]}`).\n")
    elif reduced:
        w("> **Reduced run: these figures are a smoke test of the scripts, not a measurement to quote.** Knobs that"
          " differ from the full run: " + ", ".join(f"`{k}` {v[0]!r} (full: {v[1]!r})" for k, v in reduced.items()) + ".\n")
    w("## Run\n")
    w("| | |\n|---|---|")
    w(f"| date (UTC) | {m.get('date', 'n/a')} |")
    w(f"| commit | `{m.get('commit', '') or 'n/a'}` |")
    w(f"| machine | {m.get('host_cpus', '?')} CPUs ({m.get('host_cpu_model', '?')}), {m.get('host_mem', '?')} memory, Linux {m.get('host_kernel', '?')} |")
    w(f"| JDK | {m.get('java', 'n/a')} |")
    w(f"| engines measured | {m.get('engines', 'n/a')} |")
    if m.get("engines_skipped"):
        w(f"| engines left out | {m['engines_skipped']} |")
    w(f"| Copas (Lua) peers | {m.get('lua', 'n/a')} |")
    w(f"| pinning | server / single-process benchmark on CPU {m.get('server_cpu', '0')}, load generator on CPU {m.get('load_cpu', '1')};"
      f" \"2 cores\" rows: server on CPUs {m.get('all_cpus', '0-1')} |")
    w(f"| runs per point | echo {m.get('echo_runs', '?')} (2 cores: {m.get('echo2_runs', '?')}), switch, sleepers, idle {m.get('runs', '?')} |")
    w(f"| parts run | {m.get('parts', 'n/a')} |")
    w("")
    w("Names: `cj-<engine>` is Copas for Java with that engine (`io.copas.bench.EchoServer`, `Switch`, `Sleepers` in"
      " bench/programs); `cecho` the harness' minimal C epoll echo (the ceiling of the harness), `netty` Netty 4.2 NIO"
      " with one event-loop thread, `vt` a JDK virtual thread per connection (blocking sockets), `nio` a single-thread"
      " JDK Selector loop, `vt-yield` / `vt-baton` JDK virtual threads switching by `Thread.yield()` / park-unpark on"
      " one carrier, `copas-lua54` / `copas-luajit` Copas itself.\n")

    # targets
    w("## Targets (issue 15; HTTP: issue 9)\n")
    w(f"Ratios are within this run (same harness, same machine, same time), pinned to one core, for the engine that"
      f" `auto` picks when the JVM grants it (`{AUTO_ENGINE}`) and for the default engine where said.\n")
    w("| target | figures (medians) | status |\n|---|---|---|")
    for t, f, s in targets(m, echo_p, sw_p, sw_2, sl, idle, http):
        w(f"| {t} | {f} | {s} |")
    w("")
    # the engineers' reading of the shortfalls, kept by hand next to this script
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance-notes.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as fh:
            w(fh.read().rstrip() + "\n")

    # echo
    def echo_section(t, title, runs_key):
        w(f"### {title}\n")
        if not t:
            w("_Not measured in this run (part missing): figures pending._\n")
            return
        w(f"64-byte messages, closed loop, {m.get('duration', '10')} s per point after {m.get('warmup', '2')} s warm-up,"
          f" median of {m.get(runs_key, '?')} runs. CPU/msg = server CPU time per message.\n")
        w("| server | conns | msgs/s | min-max | p50 µs | p99 µs | p99.9 µs | server CPU % | CPU/msg µs | peak RSS MB | runs clean/all | errors |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in ordered({s for s, _ in t}):
            for c in sorted({c for ss, c in t if ss == s}):
                x = t[(s, c)]
                w(f"| {s} | {c} | {fmt(x['rate'])} | {fmt(x['lo'])}-{fmt(x['hi'])} | {fmt(x['p50'], '{:.1f}')} | {fmt(x['p99'], '{:.1f}')} |"
                  f" {fmt(x['p999'], '{:.1f}')} | {fmt(x['cpu'])} | {fmt(x['cpu_us'], '{:.2f}')} | {fmt(x['rss'], '{:.1f}')} | {x['runs']} | {x['errors']} |")
        w("")

    w("## 1. TCP echo\n")
    echo_section(echo_p, "Server pinned to one core", "echo_runs")
    echo_section(echo_2, "Server not pinned (2 cores visible)", "echo2_runs")
    if echo_2:
        w("Not pinned, the default engine's loop and tasks run on the JDK's shared scheduler and may bounce between"
          " carriers on both cores; the carrier engine keeps a scheduler on one private carrier thread.\n")
    img("echo_throughput", "echo throughput by connection count")
    img("echo_p99", "echo p99 latency by connection count")

    # switch
    w("## 2. Switch cost\n")
    w(f"K tasks each looping `Copas.pause()` (Copas: `copas.pause(0)`) for {m.get('secs', '5')} s; JDK peers: K virtual"
      " threads on one carrier. A switch is one pause that yields to the loop and is resumed.\n")
    if not (sw_p or sw_2):
        w("_Not measured in this run: figures pending._\n")
    else:
        w("| implementation | K | pinned: switches/s | pinned: ns/switch | 2 cores: switches/s | 2 cores: ns/switch |")
        w("|---|---:|---:|---:|---:|---:|")
        for i in ordered({i for i, _ in list(sw_p) + list(sw_2)}):
            for k in sorted({k for ii, k in list(sw_p) + list(sw_2) if ii == i}):
                a, b = sw_p.get((i, k), {}), sw_2.get((i, k), {})
                w(f"| {i} | {k} | {fmt(a.get('sps'))} | {fmt(a.get('ns'), '{:.0f}')} | {fmt(b.get('sps'))} | {fmt(b.get('ns'), '{:.0f}')} |")
        w("")
        w("The JDK peers always run on one carrier (`-Djdk.virtualThreadScheduler.parallelism=1`), also in the 2-core column.\n")
    img("switch", "switch cost")

    # sleepers
    w("## 3. Sleepers\n")
    if not sl:
        w("_Not measured in this run: figures pending._\n")
    else:
        w(f"{sl[next(iter(sl))]['n']} tasks each pausing uniform random 0-{m.get('maxd', '2')} s, one core. Creation: time to add"
          " them all; lateness: actual minus requested pause.\n")
        w("| implementation | runs | create s | wall s | lateness p50 ms | p99 ms | max ms | peak RSS MB |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for i in ordered(sl):
            x = sl[i]
            w(f"| {i} | {x['runs']} | {fmt(x['create'], '{:.3f}')} | {fmt(x['wall'], '{:.3f}')} | {fmt(x['p50'], '{:.2f}')} |"
              f" {fmt(x['p99'], '{:.1f}')} | {fmt(x['max'], '{:.1f}')} | {fmt(x['rss'])} |")
        w("")
    img("sleepers", "sleeper lateness")

    # idle
    w("## 4. Idle connections\n")
    if not idle:
        w("_Not measured in this run: figures pending._\n")
    else:
        w("Each connection does one echo, then stays open and silent (each Copas for Java handler task blocked in"
          " receive); per connection = (server RSS with the connections - RSS before) / connections."
          f" Open-file hard limit: {m.get('open_files_hard_limit', '?')}.\n")
        w("| server | conns | result (runs OK/all) | RSS before MB | RSS idle MB | KB per connection |")
        w("|---|---:|---|---:|---:|---:|")
        for s in ordered({s for s, _ in idle}):
            for n in sorted({n for ss, n in idle if ss == s}):
                x = idle[(s, n)]
                w(f"| {s} | {n} | {x['status']} ({x['ok']}/{x['all']}) | {fmt(x['before'], '{:.1f}')} | {fmt(x['idle'], '{:.1f}')} | {fmt(x['kb'], '{:.2f}')} |")
        w("")
    img("idle", "RSS per idle connection")

    # http
    w("## 5. HTTP client (issue 9)\n")
    if not http:
        w("_Not measured in this run: figures pending (`bench/run.sh http`)._\n")
    else:
        w("The harness' `http.sh`: 2,000 GETs of a 1 KiB file per batch from 20 concurrent tasks (threads) of one"
          " process pinned to one core, against Debian's nginx (one worker) on the other; several timed batches per"
          " process. `warm` is the median over runs of each run's last batch, `batch 2` the harness' default"
          " measurement point (a JVM still compiling). `cj-<engine>-keepalive` / `-close`: `HttpClientBench`"
          " (io.copas.http) with a keep-alive pool / `Connection: close`; `java-*`: the JDK's HttpClient on virtual"
          " threads; Copas: `copas.http.request` (a connection per request).\n")
        w("| client | runs | batches | warm req/s | batch 2 req/s | failed |\n|---|---:|---:|---:|---:|---:|")
        for c in ordered(http):
            x = http[c]
            w(f"| {c} | {x['runs']} | {x['batches']} | {fmt(x['warm'])} | {fmt(x['b2'])} | {x['failed']} |")
        w("")

    # jmh
    w("## 6. JMH microbenchmarks\n")
    if not jmh:
        w("_Not measured in this run: figures pending (`bench/run.sh jmh` or `bench/jmh.sh`)._\n")
    else:
        w(f"`bench/jmh.sh {m.get('jmh_args', '')}`, not pinned; average time per operation (see bench/README.md for what an"
          " operation is). Error: 99.9 % confidence half-interval as JMH reports it (NaN with one iteration).\n")
        w("| benchmark | params | engine | score | ± error | unit |\n|---|---|---|---:|---:|---|")
        for b in sorted(jmh, key=lambda b: (b["bench"], b["params"], engine_key(b["engine"]))):
            w(f"| {b['bench']} | {b['params']} | {b['engine']} | {fmt(b['score'], '{:.1f}')} | {fmt(b['error'], '{:.1f}')} | {b['unit']} |")
        w("")
    img("jmh", "JMH results")

    # sections kept by hand (runs that bench/run.sh does not make), next to this script
    extra = os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance-extra.md")
    if os.path.exists(extra):
        with open(extra, encoding="utf-8") as fh:
            w(fh.read().rstrip() + "\n")

    w("## Raw data\n")
    w("The harness' raw TSVs of this run, its `meta.env` and the JMH JSON are in [performance/data/](performance/data/).\n")
    with open(doc, "w") as fh:
        fh.write("\n".join(L))


if __name__ == "__main__":
    main()
