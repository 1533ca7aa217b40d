import Foundation
import SegueCore
import SegueFiles

/// Prints an impact report beside its baseline as a Markdown table.
enum ImpactTable {
    static func render(segue: ImpactReport, baseline: ImpactReport) -> String {
        func row(_ name: String, _ a: Double, _ b: Double) -> String {
            "| \(name) | \(String(format: "%.3f", b)) | \(String(format: "%.3f", a)) |"
        }
        return [
            "| impact (\(segue.tracks) tracks) | relevance-only baseline | Segue |",
            "|---|---|---|",
            row("intra-list diversity", segue.intraListDiversity, baseline.intraListDiversity),
            row("new-artist share", segue.newArtistShare, baseline.newArtistShare),
            row("head / mid / tail: head", segue.popularityMix.head, baseline.popularityMix.head),
            row("head / mid / tail: mid", segue.popularityMix.mid, baseline.popularityMix.mid),
            row("head / mid / tail: tail", segue.popularityMix.tail, baseline.popularityMix.tail),
            row("calibration KL", segue.calibrationKL, baseline.calibrationKL),
            row("smooth-transition share", segue.smoothTransitionShare, baseline.smoothTransitionShare),
            row("energy-arc error", segue.energyArcError, baseline.energyArcError),
        ].joined(separator: "\n")
    }
}
