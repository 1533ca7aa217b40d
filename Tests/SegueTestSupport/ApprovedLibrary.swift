import Foundation
import SegueCore

extension TemplateLibrary {
    /// A library whose approval log submits, then approves (by `approver`), every template whose front matter says
    /// `approved`, the way the studio writes it.
    public static func approving(_ templates: [CommentaryTemplate], by approver: String = "chief") -> TemplateLibrary {
        TemplateLibrary(templates: templates, ledger: ApprovalLedger(log: approvalLog(templates, by: approver)))
    }

    /// The log `approving(_:by:)` replays.
    public static func approvalLog(_ templates: [CommentaryTemplate], by approver: String = "chief") -> Data {
        var log = Data()
        for template in templates where template.status == .approved {
            for (action, by, lint) in [
                (ApprovalEntry.Action.submit, template.author, "-"), (.approve, approver, "clean"),
            ] {
                let entry = ApprovalEntry(
                    template: template.id, revision: template.currentRevision, action: action, by: by,
                    at: "2026-11-29T10:00:00Z", lint: lint, author: template.author)
                log.append(ApprovalLedger(log: log).sealed(entry))
                log.append(UInt8(ascii: "\n"))
            }
        }
        return log
    }
}
