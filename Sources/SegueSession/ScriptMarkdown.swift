import Foundation
import SegueCore
import SegueFiles

/// Renders `script.md`: the lineup with every reason, and every line with its time, template and verdict.
public enum ScriptMarkdown {
    /// The Markdown text for a session document.
    public static func render(_ document: SessionDocument) -> String {
        var out: [String] = []
        out.append("# Segue session for \(cell(document.listenerName))")
        out.append("")
        out.append(
            "Listener `\(document.listenerID)` · seed \(document.seed) · \(document.tracks.count) tracks · "
                + "\(clock(document.duration)) · voice `\(document.voice)` · templates: \(document.mode.rawValue) · "
                + mixFigures(document) + " · safety policy `\(document.policyVersion)`")
        out.append("")
        out.append("## Lineup")
        out.append("")
        out.append("| # | Plays at | Track | Artist | Why it was picked | Gain |")
        out.append("|---|---|---|---|---|---|")
        for track in document.tracks {
            out.append(
                "| \(track.position) | \(clock(track.start))–\(clock(track.end)) | \(cell(track.title)) | "
                    + "\(cell(track.artist)) | \(cell(track.reasons.joined(separator: "; "))) | "
                    + String(format: "%+.1f dB", track.gainDB) + " |")
        }
        out.append("")
        out.append("## What the DJ says")
        out.append("")
        for entry in document.lines {
            let line = entry.line
            let when =
                entry.start.map { "\(clock($0))–\(clock(entry.end ?? $0))" }
                ?? (line.isSpoken && document.loudness == nil ? "timed at render" : "not spoken")
            let over = document.tracks.first { $0.trackID == entry.trackID }
            let context =
                over.map {
                    let moment =
                        switch line.placement {
                        case .beforeTrack: "before"
                        case .transition: "across the crossfade into"
                        case .trackStart: "over the start of"
                        case .trackEnd: "over the end of"
                        }
                    return "\(moment) “\(cell($0.title))” by \(cell($0.artist))"
                        + (line.placementNote.map { " (\(cell($0)))" } ?? "")
                } ?? ""
            out.append("### \(line.id) · \(when) · \(line.kind.rawValue)")
            out.append("")
            out.append(
                "Template `\(line.templateID)` (\(line.templateStatus.rawValue), revision `\(line.templateRevision)`), "
                    + "voice `\(entry.voice)`, \(context).")
            out.append("")
            if line.isSpoken && line.text != line.originalText {
                out.append("> \(cell(line.text))")
                out.append(">")
                out.append("> (rewritten from: “\(cell(line.originalText))”)")
            } else if line.isSpoken {
                out.append("> \(cell(line.text))")
            } else {
                out.append("> ~~\(cell(line.originalText))~~ (blocked: not spoken, the music plays on)")
            }
            out.append("")
            if line.isSpoken, let spoken = entry.spokenText, spoken != line.text {
                out.append("Spoken as: “\(cell(spoken))”")
                out.append("")
            }
            if !line.slots.isEmpty {
                out.append(
                    "Slots: "
                        + line.slots.map { "`\($0.slot)` = “\(cell($0.value))” (\($0.source))" }.joined(separator: ", ")
                )
                out.append("")
            }
            let verdict = line.safety.verdict.rawValue
            if line.safety.findings.isEmpty {
                out.append("Safety: **\(verdict)**, no findings.")
            } else {
                let findings = line.safety.findings.map { finding in
                    "\(finding.category.rawValue)/\(finding.tier.rawValue) “\(cell(finding.evidence))” (\(finding.rule))"
                        + (finding.slot.map { " in `\($0)`" } ?? " in template text") + ": \(finding.action.rawValue)"
                }
                out.append("Safety: **\(verdict)**: " + findings.joined(separator: "; ") + ".")
            }
            out.append("")
        }
        if !document.skipped.isEmpty {
            out.append("## Skipped tracks")
            out.append("")
            for skip in document.skipped {
                out.append("- `\(skip.trackID)` “\(cell(skip.title))”: \(cell(skip.reason))")
            }
            out.append("")
        }
        if !document.warnings.isEmpty {
            out.append("## Warnings")
            out.append("")
            for warning in document.warnings { out.append("- \(cell(warning))") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Loudness and peak of a rendered session; a draft says it is not rendered yet.
    static func mixFigures(_ document: SessionDocument) -> String {
        guard let loudness = document.loudness, let peak = document.peakDBFS else { return "draft, not rendered yet" }
        return String(format: "%.1f LUFS, peak %.1f dBFS", loudness, peak)
    }

    /// `m:ss.s` from seconds.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return String(format: "%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10)
    }

    /// Catalog text made safe for a Markdown table cell: no pipes, no line breaks, no HTML.
    static func cell(_ text: String) -> String {
        SlotSanitizer.clean(text, limit: 2000).replacingOccurrences(of: "|", with: "/")
    }
}
