#!/usr/bin/env python3
"""Measure duration, tempo, key and energy of the demo excerpts in samples/audio.

Optional helper, not needed at runtime. It is how the bpm / key / energy values in
samples/catalog.json were produced. Requirements (use a throw-away venv outside
the repo):  pip install numpy librosa soundfile mido   and the Debian packages
sox (soxi) and aubio-tools (aubio).

    python3 samples/analyze_audio.py            # prints one JSON object per file

Method
  duration_s  soxi -D, rounded to 2 decimals.
  bpm         MIDI sources: the tempo in the MIDI file's tempo map at the excerpt
              (quarter-note beats per minute).  Ogg sources: median inter-beat
              interval of `aubio beat` on the excerpt as a first guess, refined by
              the autocorrelation of a librosa onset-strength envelope (hop 64)
              at the 8-beat lag with parabolic peak interpolation (bpm_acf).
              The same refinement on the rendered MIDI excerpts reproduces the
              file tempo to within 0.1 BPM whenever the guess is in the right
              octave; it is printed for every file as a cross-check.
  key         Krumhansl-Kessler key profiles correlated with a pitch-class
              profile: for MIDI sources the duration x velocity weighted note
              histogram of the excerpt window (drum channel ignored), for Ogg
              sources a librosa CQT chromagram of the excerpt. Converted to Camelot.
  energy      0.45 * loudness + 0.25 * tempo + 0.30 * density, where loudness
              maps the RMS level of the excerpt body (fades excluded) from
              -26..-12 dBFS to 0..1, tempo maps 60..180 BPM to 0..1 and density
              maps librosa onsets per second from 1..7 to 0..1; each clamped,
              result rounded to 2 decimals. (Excerpts are peak-normalised to
              -1 dBFS, so RMS mostly reflects density/compression, not gain.)
"""
import json
import os
import re
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
AUDIO = os.path.join(HERE, "audio")
SCRIPT = os.path.join(HERE, "make_samples.sh")

PITCHES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
KK_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
KK_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
CAMELOT_MAJOR = {"B": "1B", "F#": "2B", "C#": "3B", "Ab": "4B", "Eb": "5B", "Bb": "6B",
                 "F": "7B", "C": "8B", "G": "9B", "D": "10B", "A": "11B", "E": "12B"}
CAMELOT_MINOR = {"Ab": "1A", "Eb": "2A", "Bb": "3A", "F": "4A", "C": "5A", "G": "6A",
                 "D": "7A", "A": "8A", "E": "9A", "B": "10A", "F#": "11A", "C#": "12A"}


def estimate_key(pcp):
    pcp = np.asarray(pcp, dtype=float)
    best = None
    for tonic in range(12):
        for mode, prof in (("major", KK_MAJOR), ("minor", KK_MINOR)):
            r = np.corrcoef(pcp, np.roll(prof, tonic))[0, 1]
            if best is None or r > best[0]:
                best = (r, tonic, mode)
    r, tonic, mode = best
    name = PITCHES[tonic]
    camelot = (CAMELOT_MAJOR if mode == "major" else CAMELOT_MINOR)[name]
    return camelot, f"{name} {mode}", round(float(r), 3)


def read_tracks():
    """Parse the TRACKS table of make_samples.sh (slug|kind|src|start|len|...)."""
    text = open(SCRIPT, encoding="utf-8").read()
    dirs = dict(re.findall(r'^(SING|OMSX|SIMU)="([^"]+)"', text, re.M))
    rows = []
    for line in re.findall(r'^"([a-z0-9-]+\|[^"]+)"$', text, re.M):
        slug, kind, src, start, length = line.split("|")[:5]
        for k, v in dirs.items():
            src = src.replace("$" + k, v)
        rows.append((slug, kind, src, float(start), float(length)))
    return rows


def midi_info(path, start, length):
    import mido
    from mido.midifiles import meta

    class LenientKey(meta.MetaSpec_key_signature):  # some files carry invalid key metas
        def decode(self, message, data):
            try:
                super().decode(message, data)
            except Exception:
                message.__dict__["key"] = "C"

    meta.add_meta_spec(LenientKey)
    mid = mido.MidiFile(path, clip=True)
    t = 0.0
    tempo_at_start = 120.0
    on = {}
    pcp = np.zeros(12)
    end = start + length
    for msg in mid:
        t += msg.time
        if msg.type == "set_tempo" and t <= start + 1e-6:
            tempo_at_start = mido.tempo2bpm(msg.tempo)
        if msg.type == "note_on" and msg.velocity > 0 and msg.channel != 9:
            on[(msg.channel, msg.note)] = (t, msg.velocity)
        elif msg.type in ("note_off", "note_on") and msg.channel != 9:
            k = (msg.channel, msg.note)
            if k in on:
                t0, vel = on.pop(k)
                overlap = min(t, end) - max(t0, start)
                if overlap > 0:
                    pcp[msg.note % 12] += overlap * vel
    return tempo_at_start, pcp


def aubio_bpm(path):
    out = subprocess.run(["aubio", "beat", path], capture_output=True, text=True).stdout.split()
    beats = np.array([float(x) for x in out])
    if len(beats) < 3:
        return None
    return 60.0 / float(np.median(np.diff(beats)))


def refine_bpm(y, sr, guess, beats=8):
    """Autocorrelation of the onset envelope near `beats` beat periods of `guess`."""
    import librosa
    hop = 64
    o = librosa.onset.onset_strength(y=y, sr=sr, hop_length=hop, n_fft=1024)
    o = o - o.mean()
    fps = sr / hop
    ac = np.correlate(o, o, mode="full")[len(o) - 1:]
    lo = int(beats * 60 * fps / (guess * 1.06))
    hi = int(beats * 60 * fps / (guess * 0.94)) + 1
    i = lo + int(np.argmax(ac[lo:hi]))
    a, b, c = ac[i - 1], ac[i], ac[i + 1]
    peak = i + 0.5 * (a - c) / (a - 2 * b + c)
    return 60 * fps * beats / peak


def main():
    import librosa

    results = []
    for slug, kind, src, start, length in read_tracks():
        f = os.path.join(AUDIO, slug + ".ogg")
        dur = float(subprocess.run(["soxi", "-D", f], capture_output=True, text=True).stdout)
        y, sr = librosa.load(f, sr=22050, mono=True)
        body = y[int(2.0 * sr): int((dur - 3.0) * sr)]
        rms_db = float(20 * np.log10(np.sqrt(np.mean(body ** 2)) + 1e-12))
        bpm_aubio = aubio_bpm(f)
        bpm_acf = refine_bpm(y, sr, bpm_aubio)
        if kind == "midi":
            bpm, pcp = midi_info(src, start, length)
        else:
            bpm = bpm_acf
            pcp = librosa.feature.chroma_cqt(y=y, sr=sr).sum(axis=1)
        camelot, key_name, key_r = estimate_key(pcp)
        onsets = len(librosa.onset.onset_detect(y=y, sr=sr, units="time")) / dur
        loud = min(max((rms_db + 26.0) / 14.0, 0.0), 1.0)
        tempo = min(max((bpm - 60.0) / 120.0, 0.0), 1.0)
        density = min(max((onsets - 1.0) / 6.0, 0.0), 1.0)
        energy = round(float(0.45 * loud + 0.25 * tempo + 0.30 * density), 2)
        results.append({
            "file": f"audio/{slug}.ogg", "duration_s": round(dur, 2),
            "bpm": round(float(bpm), 1), "bpm_aubio": round(bpm_aubio or 0, 1),
            "bpm_acf": round(float(bpm_acf), 2),
            "key": camelot, "key_name": key_name, "key_corr": key_r,
            "rms_dbfs": round(float(rms_db), 1), "onsets_per_s": round(onsets, 2), "energy": energy,
        })
        print(json.dumps(results[-1]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
