import HTTPTypes
import Hummingbird

/// Server-rendered HTML: escaping and the page layout every page group shares.
public enum HTML {
    /// `text` safe inside an element or a quoted attribute: `&`, `<`, `>`, `"` and `'` escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page: the head, a header with the account and a sign-out button, `main`, with `body` inside `main`.
    /// `head` is extra markup for `<head>` (a refresh), already escaped.
    public static func page(
        title: String, account: Account?, csrf: String?, head: String = "", body: String
    ) -> String {
        var header = "<a class=\"brand\" href=\"/\">Segue Studio</a>"
        if let account {
            header += """
                <a href="/impact">Impact</a>\(account.role == .admin ? "\n<a href=\"/accounts\">Accounts</a>" : "")
                <a class="who" href="/account">\(escape(account.name)) (\(escape(account.role.rawValue)))</a>
                <form method="post" action="/signout" class="inline">\(csrfField(csrf))\
                <button type="submit">Sign out</button></form>
                """
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Segue Studio</title>
            <link rel="stylesheet" href="/assets/studio.css">
            \(head)
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header>\(header)</header>
            <main id="main">
            <h1>\(escape(title))</h1>
            \(body)
            </main>
            <script src="/assets/studio.js" defer></script>
            </body>
            </html>
            """
    }

    /// The hidden CSRF field every form of a signed-in page carries.
    public static func csrfField(_ token: String?) -> String {
        guard let token else { return "" }
        return "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    /// A 200 response with `html`.
    public static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy:
                    "default-src 'self'; script-src 'self'; style-src 'self'; media-src 'self'; frame-ancestors 'none'",
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions: HTTPField.Name = {
        guard let name = HTTPField.Name("X-Content-Type-Options") else { preconditionFailure("a valid name") }
        return name
    }()
}
