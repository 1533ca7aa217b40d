"""One Markdown table of the render benchmark: the peers' results.tsv beside Segue's runs, and the issue's targets.

    python3 table.py PEERS_TMP SESSION_SECONDS RUNS
"""
import os
import re
import sys

T, TOTAL, RUNS = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])


def read_tsv(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return rows


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=2):
    return "-" if value is None else f"{value:.{digits}f}".replace("-", "−")


peers = {}
results = os.path.join(T, "results.tsv")
if os.path.exists(results):
    header, *rows = read_tsv(results)
    peers = {row[0]: dict(zip(header, row)) for row in rows}

segue_runs = [row for row in read_tsv(os.path.join(T, "time", "segue.tsv")) if row[5] == "0"]
if not segue_runs:
    sys.exit(f"table.py: {T}/time/segue.tsv: no successful Segue run")
best = min(segue_runs, key=lambda row: float(row[2]))
segue_wall, segue_cpu, segue_rss = float(best[2]), float(best[3]), float(best[4])
segue_xrt = TOTAL / segue_wall

log = open(os.path.join(T, "log", "segue.compare.log")).read()
out = re.search(r"^output: .*?: ([\d.]+) s, I (\S+) LUFS, true peak (\S+) dBTP", log, re.M)
segue_i, segue_tp = (number(out.group(2)), number(out.group(3))) if out else (None, None)
raw = re.search(r"^diff vs reference, as the files are: (\S+) dB outside.*?; (\S+) dB inside.*?; (\S+) dB over", log, re.M)
matched = re.search(r"^diff vs reference high-passed.*?: (\S+) dB outside.*?; (\S+) dB inside.*?; (\S+) dB over", log, re.M)
excluded = re.search(r"^(excluded: .*)$", log, re.M)
ff = open(os.path.join(T, "log", "segue.ffmpeg-ebur128.txt")).read().split()
ff_i, ff_tp = (number(ff[0]), number(ff[1])) if len(ff) == 2 else (None, None)

names = {
    "liquidsoap": "Liquidsoap 2.1", "ffmpeg": "ffmpeg 5.1", "sox": "sox 14.4",
    "decode_sox": "floor: decode 16 segments, sox (libvorbis)", "decode_ffmpeg": "floor: decode, ffmpeg (native vorbis)",
    "resample_sox": "floor: decode + rate 44100, sox", "write": "floor: write the WAV from /dev/zero",
    "analysis": "gain analysis (ffmpeg ebur128; not in Segue's time)",
}
print(f"Render benchmark: {TOTAL:g}-s session, best of {RUNS} timed runs after a warm-up, "
      f"{os.cpu_count()} CPUs{', pinned to CPU ' + os.environ['PEERS_PIN'] if os.environ.get('PEERS_PIN') else ''}")
print()
print("| renderer | wall s | runs wall s | × realtime | CPU s | CPU ms per audio s | max RSS MB | I LUFS | true peak dBTP "
      "| diff vs ffmpeg dB |")
print("|---|---|---|---|---|---|---|---|---|---|")
runs_wall = "/".join(row[2] for row in segue_runs)
print(f"| **Segue** (SessionMixer, no loudness analysis) | {segue_wall:.2f} | {runs_wall} | {segue_xrt:.1f} | "
      f"{segue_cpu:.2f} | {1000 * segue_cpu / TOTAL:.1f} | {segue_rss:.1f} | {fmt(segue_i, 1)} (ffmpeg {fmt(ff_i, 1)}) | "
      f"{fmt(segue_tp)} (ffmpeg {fmt(ff_tp, 1)}) | {raw.group(3).replace('-', '−') if raw else '-'} |")
for key, label in names.items():
    row = peers.get(key)
    if not row:
        continue
    status = "" if row["status"] == "ok" else f" ({row['status']})"
    cpu = number(row["cpu_s"])
    per_second = f"{1000 * cpu / TOTAL:.1f}" if cpu is not None else "-"
    cells = [row["wall_s"], row["runs_wall_s"], row["x_realtime"], row["cpu_s"], per_second, row["max_rss_mb"]]
    if key in ("liquidsoap", "ffmpeg", "sox"):
        cells += [row["I_lufs"], row["tp_dbtp"], row["diff_vs_ffmpeg_db"]]
    else:
        cells += ["", "", ""]
    print(f"| {label}{status} | " + " | ".join(c.replace("-", "−") if c != "-" else "—" for c in cells) + " |")
print()
print("I LUFS and true peak: Segue's by libebur128 (SegueAudio.LoudnessMeter), with ffmpeg's ebur128 reading of the "
      "same file in brackets; the peers' by ffmpeg's ebur128. The diff column is over the whole session (the peers' "
      "script's sox measure: RMS of the difference over the reference's RMS).")
print()

ok_peers = {k: v for k, v in peers.items() if k in ("liquidsoap", "ffmpeg", "sox") and v["status"] == "ok"}
fastest = max(ok_peers.items(), key=lambda kv: float(kv[1]["x_realtime"]), default=None)
floor = peers.get("decode_ffmpeg")
floor_wall = number(floor["wall_s"]) if floor and floor["status"] == "ok" else None


def mark(value, goal, lower_is_better):
    if value is None:
        return "not measured"
    return "PASS" if (value <= goal if lower_is_better else value >= goal) else "FAIL"


targets = []
if fastest:
    ratio = segue_xrt / float(fastest[1]["x_realtime"])
    targets.append((f"Segue × realtime / fastest peer's ({fastest[0]}, {fastest[1]['x_realtime']}×)",
                    f"{ratio:.2f}", "≥ 2", mark(ratio, 2, False)))
if floor_wall:
    ratio = segue_wall / floor_wall
    targets.append((f"Segue wall / ffmpeg decode floor wall ({floor_wall:.2f} s)", f"{ratio:.2f}", "≤ 2",
                    mark(ratio, 2, True)))
targets.append(("Segue peak RSS (time -v)", f"{segue_rss:.1f} MB", "≤ 64 MB", mark(segue_rss, 64, True)))
targets.append(("Segue true peak (libebur128)", f"{fmt(segue_tp)} dBTP", "≤ −1 dBTP", mark(segue_tp, -1, True)))
if raw:
    value = number(raw.group(1))
    targets.append(("diff vs the ffmpeg render outside the talk spans, as the files are", f"{fmt(value, 1)} dB",
                    "≤ −40 dB", mark(value, -40, True)))
if matched:
    value = number(matched.group(1))
    targets.append(("the same, the ffmpeg render high-passed like Segue's mix (5 Hz DC filter)",
                    f"{fmt(value, 1)} dB", "≤ −40 dB", mark(value, -40, True)))
print("| target | Segue | goal | |")
print("|---|---|---|---|")
for target in targets:
    print("| " + " | ".join(target) + " |")
if excluded:
    print()
    print("Talk spans " + excluded.group(1).replace("excluded:", "excluded from the diff:", 1) + ".")
