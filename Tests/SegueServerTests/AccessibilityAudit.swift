import Foundation

/// An accessibility audit of the page a headless Chromium shows, with the browser's own accessibility tree and
/// computed styles (the checks axe-core makes most often, written for these pages):
/// - every control in the accessibility tree (button, link, text box, combo box, check box, slider…) has a name;
/// - the document has a language, a title, one `main` landmark and one `h1`; headings do not skip a level; ids are
///   unique and every `aria-labelledby`, `aria-describedby` and `label for` names an element that exists; images
///   have alternative text; tables have header cells;
/// - visible text meets WCAG 2.2 AA contrast against its background (4.5:1, or 3:1 for large text);
/// - the keyboard reaches every control: pressing Tab focuses each of them in turn.
struct AccessibilityAudit {
    let chromium: HeadlessChromium
    let page: String

    /// What is wrong with the page now shown, in words (empty when it passes).
    func problems() async throws -> [String] {
        try await unnamedControls() + documentProblems() + unreachableControls()
    }

    /// Controls the accessibility tree gives no name (a screen reader would say only "button" or "edit text").
    func unnamedControls() async throws -> [String] {
        _ = try await chromium.send("Accessibility.enable", [:], session: page)
        let tree = try await chromium.send("Accessibility.getFullAXTree", [:], session: page)
        let nodes = tree["nodes"] as? [[String: Any]] ?? []
        return nodes.compactMap { node in
            guard node["ignored"] as? Bool != true,
                let role = (node["role"] as? [String: Any])?["value"] as? String, Self.controlRoles.contains(role)
            else { return nil }
            let name = ((node["name"] as? [String: Any])?["value"] as? String) ?? ""
            return name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "a \(role) has no name" : nil
        }
    }

    static let controlRoles: Set<String> = [
        "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "slider", "spinbutton",
        "switch", "menuitem", "tab",
    ]

    /// The document, structure and contrast checks, run in the page.
    func documentProblems() async throws -> [String] {
        let json = try await chromium.evaluate(Self.documentScript, session: page) as? String ?? "[\"no answer\"]"
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// Presses Tab until focus has been on every control (a media player's own buttons take some presses too), at
    /// most three times per control, and names the controls focus never reached.
    func unreachableControls() async throws -> [String] {
        let count = try await chromium.evaluate(Self.focusScript, session: page) as? Int ?? 0
        var presses = 0
        while presses < 3 * count + 10 {
            for type in ["keyDown", "keyUp"] {
                _ = try await chromium.send(
                    "Input.dispatchKeyEvent",
                    ["type": type, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9], session: page)
            }
            presses += 1
            if presses % 8 == 0,
                try await chromium.evaluate("window.__focused.size === window.__controls.length", session: page)
                    as? Bool == true
            {
                break
            }
        }
        let json =
            try await chromium.evaluate(
                "JSON.stringify(window.__controls.filter((c, i) => !window.__focused.has(i)).map(window.__where))",
                session: page) as? String ?? "[\"no answer\"]"
        return try JSONDecoder().decode([String].self, from: Data(json.utf8)).map { "Tab never reaches \($0)" }
    }

    /// Lists the focusable controls in `window.__controls`, records in `window.__focused` which of them take focus,
    /// focuses the document's start, and returns how many there are.
    static let focusScript = """
        (() => {
          window.__where = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '')
            + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"';
          window.__controls = [...document.querySelectorAll(
            'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), '
            + 'textarea:not([disabled]), summary')].filter(el => el.getClientRects().length > 0
              && getComputedStyle(el).visibility !== 'hidden');
          window.__focused = new Set();
          document.addEventListener('focusin', event => {
            const index = window.__controls.indexOf(event.target);
            if (index >= 0) window.__focused.add(index);
          });
          if (document.activeElement) document.activeElement.blur();
          window.focus();
          return window.__controls.length;
        })()
        """

    static let documentScript = """
        (() => {
          const problems = [];
          const where = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '');
          if (!document.documentElement.lang) problems.push('the document has no lang');
          if (!document.title.trim()) problems.push('the document has no title');
          if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one main landmark');
          if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
          let level = 0;
          for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const next = Number(h.tagName[1]);
            if (level && next > level + 1) problems.push(h.tagName + ' "' + h.textContent.trim() + '" skips a level');
            level = next;
          }
          const ids = new Map();
          for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
          for (const [id, n] of ids) if (n > 1) problems.push('id ' + id + ' is used ' + n + ' times');
          for (const el of document.querySelectorAll('[aria-labelledby], [aria-describedby], label[for]')) {
            const refs = [el.getAttribute('aria-labelledby'), el.getAttribute('aria-describedby'),
              el.getAttribute('for')].join(' ').split(/\\s+/).filter(Boolean);
            for (const ref of refs) if (!document.getElementById(ref)) problems.push(where(el) + ' names missing id ' + ref);
          }
          for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push(where(img) + ' has no alt');
          for (const table of document.querySelectorAll('table')) if (!table.querySelector('th')) problems.push('a table has no header cells');
          const parse = text => {
            const m = /rgba?\\(([^)]+)\\)/.exec(text || '');
            if (!m) return null;
            const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
            return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
          };
          const luminance = c => {
            const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
          };
          const background = el => {
            for (let e = el; e; e = e.parentElement) {
              const c = parse(getComputedStyle(e).backgroundColor);
              if (c && c.a > 0) return c;
            }
            return { r: 255, g: 255, b: 255, a: 1 };
          };
          const seen = new Set();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, el = node.parentElement;
            if (!el || seen.has(el) || !node.textContent.trim()) continue;
            seen.add(el);
            const style = getComputedStyle(el);
            if (!el.getClientRects().length || style.visibility === 'hidden' || el.closest('noscript, title')) continue;
            const fg = parse(el.closest('svg') ? style.fill : style.color);
            if (!fg) continue;
            const bg = background(el);
            const mixed = { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) };
            const [hi, lo] = [luminance(mixed), luminance(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) {
              problems.push(where(el) + ' "' + node.textContent.trim().slice(0, 40) + '" has contrast '
                + ratio.toFixed(2) + ':1, under ' + needed + ':1');
            }
          }
          return JSON.stringify(problems);
        })()
        """
}
