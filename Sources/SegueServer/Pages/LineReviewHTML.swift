/// What the review page (a rendered session) and the scripts page (a script before render) show alike for one
/// script line: its safety findings, its flags, the form to flag it and the form to resolve its open flags.
enum LineReviewHTML {
    /// The line's findings as a list, or nothing.
    static func findings(_ line: ScriptReview.Line) -> String {
        let items = line.findings.map {
            "<li>\(HTML.escape($0.rule)) (\(HTML.escape($0.category))): “\(HTML.escape($0.evidence))”</li>"
        }
        return items.isEmpty ? "" : "<ul class=\"findings\">\(items.joined())</ul>"
    }

    /// The line's flags as a list, each open or resolved by whom, or nothing.
    static func flags(_ line: ScriptReview.Line) -> String {
        let items = line.flags.map {
            "<li class=\"flag\">\(HTML.escape($0.reason.rawValue)) by \(HTML.escape($0.by)): "
                + "\(HTML.escape($0.note))"
                + ($0.resolvedBy.map { " — resolved by \(HTML.escape($0))" } ?? " — open") + "</li>"
        }
        return items.isEmpty ? "" : "<ul class=\"flags\">\(items.joined())</ul>"
    }

    /// The form that flags the line with a reason code and a note (posted to `base`/flags), and, while a flag on it is
    /// open, the form that resolves its flags (posted to `base`/resolve). `base` is the page's own path.
    static func forms(_ line: ScriptReview.Line, base: String, csrf: String?) -> String {
        let id = HTML.escape(line.id), base = HTML.escape(base)
        let reasons = FlagReason.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
        let flag = """
            <form method="post" action="\(base)/flags">\(HTML.csrfField(csrf))
            <input type="hidden" name="line" value="\(id)">
            <label for="reason-\(id)">Reason</label> <select id="reason-\(id)" name="reason">\(reasons)</select>
            <label for="note-\(id)">Note</label> <input id="note-\(id)" name="note" type="text" maxlength="2000">
            <button type="submit">Flag line</button>
            </form>
            """
        guard line.flags.contains(where: { $0.resolvedBy == nil }) else { return flag }
        return flag + """
            <form method="post" action="\(base)/resolve">\(HTML.csrfField(csrf))
            <input type="hidden" name="line" value="\(id)"><button type="submit">Resolve the flags on \(id)</button>
            </form>
            """
    }
}
