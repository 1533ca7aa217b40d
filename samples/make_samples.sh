#!/usr/bin/env bash
# Re-create the demo audio in samples/audio/ from free-licensed Debian packages.
#
#   bash samples/make_samples.sh
#
# What it does:
#   * installs the source/tool packages if they are missing (needs root or sudo),
#   * renders MIDI compositions (openttd-openmsx, simutrans-data) to 44.1 kHz WAV
#     with FluidSynth and the TimGM6mb General MIDI soundfont,
#   * cuts a fixed excerpt (start/length listed in the TRACKS table below) from
#     every source, applies a 1.5 s fade-in and a 2.5 s fade-out, peak-normalises
#     to -1 dBFS and encodes Ogg Vorbis (quality 2, 44.1 kHz, stereo) with tags.
#
# The cuts are hard-coded, so every run produces the same excerpts; sox runs in
# repeatable mode (-R) and every Ogg stream gets a fixed serial number, so the
# output is reproducible on the same Debian release.
# Attribution and licences of every file: samples/CREDITS.md
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/audio"
SF2="/usr/share/sounds/sf2/TimGM6mb.sf2"
RATE=44100
QUALITY=2
FADE_IN=1.5
FADE_OUT=2.5
FS_GAIN=0.5

SING="/usr/share/games/singularity/music"
OMSX="/usr/share/games/openttd/baseset/openmsx"
SIMU="/usr/share/games/simutrans/music"

PACKAGES=(singularity-music openttd-openmsx simutrans-data fluidsynth
          timgm6mb-soundfont sox libsox-fmt-all vorbis-tools)

install_missing() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]})); then
        echo "Installing: ${missing[*]}" >&2
        local SUDO=""
        if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

# slug | kind | source file | start (s) | length (s) | title | artist | album | year | licence
# kind: ogg  = cut from an existing Ogg Vorbis track
#       midi = render with FluidSynth + TimGM6mb first, then cut
# MIDI start points sit on bar lines computed from the file's tempo map;
# Ogg start points sit on a beat found by `aubio beat`.
TRACKS=(
"singularity-awakening|ogg|$SING/Awakening.ogg|29.97|36|Awakening|Maxstack|Endgame: Singularity Original Soundtrack|2012|CC-BY-SA-3.0"
"singularity-nebula|ogg|$SING/Nebula.ogg|20.09|36|Nebula|Maxstack|Endgame: Singularity (Advanced Research)|2012|CC-BY-SA-3.0"
"singularity-media-threat|ogg|$SING/Media Threat.ogg|39.88|36|Media Threat|Maxstack|Endgame: Singularity Original Soundtrack|2012|CC-BY-SA-3.0"
"singularity-through-space|ogg|$SING/Through Space.ogg|30.00|36|Through Space|Maxstack|Endgame: Singularity (Advanced Research)|2012|CC-BY-SA-3.0"
"singularity-deprecation|ogg|$SING/Deprecation.ogg|59.99|36|Deprecation|Maxstack|Endgame: Singularity Original Soundtrack|2012|CC-BY-SA-3.0"
"singularity-coherence|ogg|$SING/Coherence.ogg|79.70|36|Coherence|Maxstack|Endgame: Singularity Original Soundtrack|2012|CC-BY-SA-3.0"
"openmsx-boogie-marabi|midi|$OMSX/boogi_marabi_redfarn.mid|9.41|36|Boogie Marabi|Jim Redfarn|OpenMSX|2000|GPL-2.0-only"
"openmsx-say-what|midi|$OMSX/say_what_redfarn.mid|6.71|36|Say What|Jim Redfarn|OpenMSX|2002|GPL-2.0-only"
"openmsx-the-hobo|midi|$OMSX/the_hobo_redfarn.mid|11.43|36|The Hobo|Jim Redfarn|OpenMSX|2003|GPL-2.0-only"
"openmsx-modern-motion|midi|$OMSX/modern_motion.mid|16.00|36|Modern Motion|Kyle Timmerman|OpenMSX|2007|GPL-2.0-only"
"openmsx-busy-schedule|midi|$OMSX/busy_schedule.mid|10.75|36|Busy Schedule|mimm|OpenMSX||GPL-2.0-only"
"openmsx-wood-whistles|midi|$OMSX/wood_whistles.mid|8.00|36|Wood whistles|Tistou Blomberg|OpenMSX||GPL-2.0-only"
"openmsx-keep-on-rolling|midi|$OMSX/keep_on_rolling.mid|9.23|36|Keep on Rolling|Trolley Trev|OpenMSX||GPL-2.0-only"
"simutrans-benevolent-dictators-march|midi|$SIMU/17-The-Benevolent-Dictators-March.mid|27.43|36|The Benevolent Dictators March|shunter|Simutrans|2006|Artistic-1.0"
"simutrans-rockin-trucker|midi|$SIMU/19-Rockin-trucker.mid|4.80|36|Rockin' trucker|shunter|Simutrans|2007|Artistic-1.0"
"simutrans-stephenson-blues|midi|$SIMU/13-Stephenson-blues.mid|8.00|36|Stephenson blues|shunter|Simutrans|2006|Artistic-1.0"
"simutrans-on-the-waterfront|midi|$SIMU/30-On-the-waterfront.mid|21.82|36|On the Waterfront|shunter|Simutrans|2007|Artistic-1.0"
"simutrans-misty-forest|midi|$SIMU/45-Misty-Forest.mid|19.79|36|Misty Forest|Gobanboshi|Simutrans|2011|Artistic-1.0"
"simutrans-technological-movement|midi|$SIMU/48-Techno-movement.mid|7.72|36|Technological Movement|RykSeb|Simutrans|2018|Artistic-1.0"
)

# Fixed Ogg serial number per slug (oggenc otherwise picks a random one).
serial_for() { printf '%s' "$1" | cksum | cut -d' ' -f1; }

package_of() {
    case "$1" in
        "$SING"/*) echo singularity-music ;;
        "$OMSX"/*) echo openttd-openmsx ;;
        "$SIMU"/*) echo simutrans-data ;;
        *) echo unknown ;;
    esac
}

license_text() {
    case "$1" in
        CC-BY-SA-3.0)  echo "CC BY-SA 3.0 https://creativecommons.org/licenses/by-sa/3.0/" ;;
        GPL-2.0-only)  echo "GPL-2.0-only https://www.gnu.org/licenses/old-licenses/gpl-2.0.html" ;;
        Artistic-1.0)  echo "Artistic-1.0 (Simutrans), see /usr/share/doc/simutrans-data/copyright" ;;
        *) echo "$1" ;;
    esac
}

copyright_text() { # package artist year
    case "$1" in
        singularity-music) echo "Copyright (C) 2007-2008,2012 Max McCracken" ;;
        *) echo "Copyright (C) ${3:+$3 }$2" ;;
    esac
}

main() {
    install_missing
    [ -f "$SF2" ] || { echo "soundfont not found: $SF2" >&2; exit 1; }
    mkdir -p "$OUT"
    tmp="$(mktemp -d)"
    trap 'rm -rf "${tmp:-}"' EXIT

    local line slug kind src start len title artist album year license pkg input how
    for line in "${TRACKS[@]}"; do
        IFS='|' read -r slug kind src start len title artist album year license <<<"$line"
        [ -f "$src" ] || { echo "missing source: $src" >&2; exit 1; }
        pkg="$(package_of "$src")"
        echo "== $slug  ($pkg: ${src##*/}, ${start}s +${len}s)" >&2

        if [ "$kind" = midi ]; then
            input="$tmp/render.wav"
            fluidsynth -ni -q -O float -F "$input" -r "$RATE" -g "$FS_GAIN" "$SF2" "$src" >/dev/null 2>&1
            how="rendered from MIDI with FluidSynth and the TimGM6mb soundfont"
        else
            input="$src"
            how="cut from the original Ogg Vorbis file"
        fi

        # trim -> resample -> fades -> peak-normalise to -1 dBFS, 16-bit stereo WAV
        sox -R -V1 "$input" -b 16 -e signed-integer -c 2 "$tmp/cut.wav" \
            trim "$start" "$len" rate -v "$RATE" \
            fade t "$FADE_IN" "$len" "$FADE_OUT" gain -n -1

        local tags=(-t "$title" -a "$artist" -l "$album"
                    -c "LICENSE=$(license_text "$license")"
                    -c "COPYRIGHT=$(copyright_text "$pkg" "$artist" "$year")"
                    -c "COMMENT=Excerpt (${start}s, ${len}s, ${FADE_IN}s fade-in, ${FADE_OUT}s fade-out) of ${src##*/} from Debian package $pkg; $how. Modified from the original. Segue demo sample, see samples/CREDITS.md")
        [ -n "$year" ] && tags+=(-d "$year")
        oggenc -Q -q "$QUALITY" -s "$(serial_for "$slug")" "${tags[@]}" \
            -o "$OUT/$slug.ogg" "$tmp/cut.wav"
        rm -f "$tmp/render.wav" "$tmp/cut.wav"
    done
    echo "Done: $(ls "$OUT"/*.ogg | wc -l) files, $(du -sh "$OUT" | cut -f1) in $OUT" >&2
}

main "$@"
