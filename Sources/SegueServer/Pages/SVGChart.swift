import Foundation

/// A chart of shares (0 to 1) over sessions, drawn by the server as inline SVG: no script, one bar or point per
/// session, higher values higher. It carries a `<title>`, an `aria-label` and a data table with the same numbers.
struct SVGChart: Sendable {
    /// One measure over the sessions, in session order.
    struct Series: Sendable {
        var name: String
        var colour: String
        var values: [Double]
    }

    enum Kind: Sendable {
        /// The series stacked in one bar per session (shares of a whole).
        case stackedBars
        /// One point per session per series, joined by a line.
        case lines
    }

    /// The id of the `<figure>`, also the prefix of its inner ids.
    var id: String
    var title: String
    var kind: Kind
    /// One label per session: the table's row headers and each mark's tooltip.
    var labels: [String]
    var series: [Series]

    static let width = 640.0, height = 220.0
    static let left = 48.0, right = 12.0, top = 12.0, bottom = 28.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    /// The vertical coordinate of `value`: 1 at the top of the plot, 0 at its foot.
    static func y(_ value: Double) -> Double {
        top + plotHeight * (1 - min(max(value.isFinite ? value : 0, 0), 1))
    }

    /// The horizontal centre of session `index` of `count`.
    static func x(_ index: Int, of count: Int) -> Double {
        left + plotWidth * (Double(index) + 0.5) / Double(max(count, 1))
    }

    /// The figure: the SVG, a legend and the data table.
    var html: String {
        let title = HTML.escape(self.title)
        guard !labels.isEmpty else {
            return "<figure class=\"chart\" id=\"\(id)\"><figcaption>\(title)</figcaption>"
                + "<p>No sessions with an impact report yet.</p></figure>\n"
        }
        let ranges = series.map { part in
            "\(part.name) from \(Self.percent(part.values.first)) to \(Self.percent(part.values.last))"
        }
        let summary = HTML.escape("\(self.title): \(labels.count) sessions; \(ranges.joined(separator: "; "))")
        return """
            <figure class="chart" id="\(id)">
            <figcaption id="\(id)-caption">\(title)</figcaption>
            <svg role="img" aria-label="\(summary)" viewBox="0 0 \(Self.format(Self.width)) \
            \(Self.format(Self.height))" width="\(Self.format(Self.width))" height="\(Self.format(Self.height))" \
            xmlns="http://www.w3.org/2000/svg">
            <title>\(summary)</title>
            \(axes)\(marks)</svg>
            \(legend)
            \(table)
            </figure>

            """
    }

    var axes: String {
        [0.0, 0.5, 1.0].map { value in
            let y = Self.format(Self.y(value))
            return """
                <line x1="\(Self.format(Self.left))" x2="\(Self.format(Self.width - Self.right))" y1="\(y)" y2="\(y)" \
                stroke="#8c8c8c" stroke-width="1"/><text x="\(Self.format(Self.left - 6))" y="\(y)" \
                text-anchor="end" dominant-baseline="middle" font-size="12" fill="#1a1a1a">\(Self.percent(value))</text>

                """
        }.joined()
    }

    var marks: String {
        let count = labels.count
        var out = ""
        switch kind {
        case .stackedBars:
            let barWidth = Self.plotWidth / Double(count) * 0.7
            for index in 0..<count {
                var base = 0.0
                for part in series {
                    let value = index < part.values.count ? part.values[index] : 0
                    let top = Self.y(base + value)
                    let height = Self.y(base) - top
                    let x = Self.x(index, of: count) - barWidth / 2
                    out += """
                        <rect class="bar" data-series="\(HTML.escape(part.name))" data-index="\(index)" \
                        x="\(Self.format(x))" y="\(Self.format(top))" width="\(Self.format(barWidth))" \
                        height="\(Self.format(height))" fill="\(part.colour)"><title>\(HTML.escape(labels[index])): \
                        \(HTML.escape(part.name)) \(Self.percent(value))</title></rect>

                        """
                    base += value
                }
            }
        case .lines:
            for part in series {
                let values = Array(part.values.prefix(count))
                let coordinates = values.indices.map { index in
                    "\(Self.format(Self.x(index, of: count))),\(Self.format(Self.y(values[index])))"
                }
                out += """
                    <polyline fill="none" stroke="\(part.colour)" stroke-width="2" \
                    points="\(coordinates.joined(separator: " "))"/>

                    """
                for index in values.indices {
                    let x = Self.format(Self.x(index, of: count)), y = Self.format(Self.y(values[index]))
                    out += """
                        <circle class="point" data-series="\(HTML.escape(part.name))" data-index="\(index)" \
                        cx="\(x)" cy="\(y)" r="4" fill="\(part.colour)"><title>\(HTML.escape(labels[index])): \
                        \(HTML.escape(part.name)) \(Self.percent(values[index]))</title></circle>

                        """
                }
            }
        }
        return out
    }

    var legend: String {
        guard series.count > 1 else { return "" }
        let items = series.map { part in
            """
            <li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="\(part.colour)"/>\
            </svg> \(HTML.escape(part.name))</li>
            """
        }
        return "<ul class=\"legend\">\(items.joined())</ul>"
    }

    var table: String {
        let head = series.map { "<th scope=\"col\">\(HTML.escape($0.name))</th>" }.joined()
        let rows = labels.enumerated().map { index, label in
            let cells = series.map { "<td>\(Self.percent(index < $0.values.count ? $0.values[index] : nil))</td>" }
            return "<tr><th scope=\"row\">\(HTML.escape(label))</th>\(cells.joined())</tr>"
        }
        return """
            <details><summary>Data: \(HTML.escape(title))</summary>
            <table>
            <caption>\(HTML.escape(title)), oldest session first</caption>
            <thead><tr><th scope="col">Session</th>\(head)</tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            </details>
            """
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return "\(Int((value * 100).rounded()))%"
    }

    /// Two decimals at most, always a dot: SVG coordinates.
    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return hundredths == hundredths.rounded() ? "\(Int(hundredths))" : "\(hundredths)"
    }
}
