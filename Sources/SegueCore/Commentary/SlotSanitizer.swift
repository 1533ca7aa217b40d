import Foundation

/// Cleans a catalog value before it fills a slot: metadata is data, never markup, speech commands,
/// links or personal data.
public enum SlotSanitizer {
    /// The longest value a slot takes, in characters; longer values are cut at a word.
    public static let maximumLength = 80

    /// Something hygiene took out of a value.
    public struct Removal: Sendable, Equatable {
        /// `markup`, `phonemes`, `control`, `url`, `email`, `phone`, `handle`, ... or `length`.
        public var kind: String
        public var text: String
        public var category: SafetyCategory
    }

    /// A pattern that never belongs in a spoken line, with what it is.
    public struct Pattern: @unchecked Sendable {
        // NSRegularExpression is immutable once made and documented as thread-safe.
        public var kind: String
        public var expression: NSRegularExpression
        public var category: SafetyCategory
        /// Whether slot hygiene removes it from catalog values (phrases are only flagged in editorial text).
        public var removedFromValues: Bool
        /// Lower-case fragments one of which must be in the text for the pattern to be tried (none: always).
        public var triggers: [String] {
            didSet {
                triggerBytes = triggers.map { Array($0.utf8) }
                triggerOpenings = Lowered.bits(triggerBytes.compactMap(\.first))
            }
        }
        private var triggerBytes: [[UInt8]]
        /// The first bytes of the triggers: a text with none of them holds no trigger.
        private var triggerOpenings: SIMD4<UInt64>
        /// For ASCII text, a closer test than the triggers that every match passes (there lower case is all the
        /// expression's case-insensitivity does, and `\d`, `\s`, `\w` and `\b` are ASCII classes).
        private var asciiNeeds: (@Sendable (Lowered) -> Bool)?

        init(
            _ kind: String, _ pattern: String, _ category: SafetyCategory, removedFromValues: Bool = true,
            triggers: [String] = [], asciiNeeds: (@Sendable (Lowered) -> Bool)? = nil
        ) {
            self.kind = kind
            self.triggers = triggers
            self.asciiNeeds = asciiNeeds
            triggerBytes = triggers.map { Array($0.utf8) }
            triggerOpenings = Lowered.bits(triggerBytes.compactMap(\.first))
            // The patterns are constants of this file; a bad one is a programmer error.
            // swift-format-ignore: NeverUseForceTry
            // The patterns are constants in this file: a bad one is a programmer error, caught by every test.
            self.expression = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.category = category
            self.removedFromValues = removedFromValues
        }

        /// A text in lower case as the trigger test reads it: its UTF-8, and which bytes occur in it.
        struct Lowered {
            let bytes: [UInt8]
            /// Whether the text (not only its lower case) is ASCII.
            let isASCII: Bool
            private let present: SIMD4<UInt64>

            /// The UTF-8 of `text.lowercased()`, or of `lowered` when the caller has it.
            init(_ text: String, lowered: String? = nil) {
                isASCII = text.utf8.allSatisfy { $0 < 128 }
                if let lowered {
                    bytes = Array(lowered.utf8)
                } else if isASCII {
                    bytes = text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }  // what lowercased() does to ASCII
                } else {
                    bytes = SafetyText.lowercasedUTF8(text)
                }
                present = Self.bits(bytes)
            }

            /// Which of the 256 byte values occur in `bytes`, as bits.
            static func bits(_ bytes: [UInt8]) -> SIMD4<UInt64> {
                var bits = SIMD4<UInt64>()
                for byte in bytes { bits[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
                return bits
            }

            /// Whether any of the bytes in `bits` occurs.
            func containsAny(_ bits: SIMD4<UInt64>) -> Bool {
                present & bits != SIMD4<UInt64>()
            }

            /// Whether any of `phrases` occurs.
            func contains(any phrases: [[UInt8]]) -> Bool {
                phrases.contains(where: contains)
            }

            /// Byte search, without Foundation's bridging; a needle with a byte the text lacks is not searched for.
            func contains(_ needle: [UInt8]) -> Bool {
                guard let first = needle.first, bytes.count >= needle.count,
                    needle.allSatisfy({ present[Int($0 >> 6)] & (1 << UInt64($0 & 63)) != 0 })
                else { return false }
                return bytes.withUnsafeBufferPointer { haystack in
                    for index in 0...(haystack.count - needle.count) where haystack[index] == first {
                        if needle.indices.allSatisfy({ haystack[index + $0] == needle[$0] }) { return true }
                    }
                    return false
                }
            }
        }

        static let controls = ((0..<32).filter { $0 != 9 && $0 != 10 } + [127]).map { String(UnicodeScalar(UInt8($0))) }
        static let domains = [
            "com", "net", "org", "io", "co", "fm", "ly", "me", "tv", "info", "biz", "app", "xyz", "shop",
            "store", "uk", "de", "es", "fr",
        ].map { ".\($0)" }
        static let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        static let streets = [
            "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "boulevard", "blvd",
            "way", "court", "ct", "place", "pl", "terrace", "close", "crescent", "highway", "hwy", "parkway", "pkwy",
            "grove", "mews", "gardens", "circle",
        ]
        /// What each alternative of `promotion` holds in ASCII text (`code ` for `code [A-Z0-9]{4,}`).
        static let promotions = [
            "buy now", "buy it now", "promo code", "discount code", "use code", "coupon", "click the link", "link in ",
            "subscribe now", "follow us on", "follow me on", "swipe up", "limited offer", "upgrade to premium",
            "month free",
            "free trial", "sponsored by", "invest today", "invest now", "double your money", "compra ya", "code ",
            "dm me", "dm us", "slide into", "subscribe", "like button", "click here", "followers", "venmo", "cash app",
            "cashapp", "paypal me", "telegram", "whatsapp", "discord", "patreon", "giveaway", "limited time", "act now",
            "% off", "percent off", "follow me", "follow us",
        ].map { Array($0.utf8) }
        /// What each alternative of `personal` holds.
        static let personalPhrases = [
            "where you live", "your address", "your home address", "your street address", "you live ",
            "your phone number",
            "your password", "your credit card", "your social security", "your bank ", "your date of birth",
            "your location",
            "apartment ", "flat ", "who works ", "who lives ", "your ip", "your ssn", "your passport", "your pin",
            "your login", "your maiden", "your mother's maiden", "home address", "his address", "her address",
            "their address",
        ].map { Array($0.utf8) }

        /// White space as `\s` reads it in ASCII, taken broadly (a wider test only lets more lines through).
        private static func isSpace(_ byte: UInt8) -> Bool {
            (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte)
        }
        private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        /// Three digits, white space, `.` or `-`, three digits: what both phone patterns hold.
        @Sendable static func hasDigitsAcrossASeparator(_ text: Lowered) -> Bool {
            let bytes = text.bytes
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if isDigit(byte) {
                    run += 1
                    continue
                }
                if run >= 3, index + 3 < bytes.count,
                    isSpace(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-"),
                    bytes[(index + 1)...(index + 3)].allSatisfy(isDigit)
                {
                    return true
                }
                run = 0
            }
            return false
        }

        private static let streetBytes = streets.map { Array($0.utf8) }

        /// Digit words as phone numbers are read out ("five five five, oh one four two").
        static let digitWords: Set<[UInt8]> = Set(
            ["zero", "oh", "o", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double"].map {
                Array($0.utf8)
            })

        /// Seven digit words in a row, white space, commas or hyphens between them: a phone number read out.
        @Sendable static func hasSpelledDigits(_ text: Lowered) -> Bool {
            let bytes = text.bytes
            var run = 0, index = 0
            while index < bytes.count {
                guard bytes[index] >= 0x61 && bytes[index] <= 0x7A else {
                    if !(isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ",")
                        || bytes[index] == UInt8(ascii: "-"))
                    {
                        run = 0
                    }
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count && bytes[end] >= 0x61 && bytes[end] <= 0x7A { end += 1 }
                run = digitWords.contains(Array(bytes[index..<end])) ? run + 1 : 0
                if run >= 7 { return true }
                index = end
            }
            return false
        }

        /// Seven single digits in a row with one separator between each ("0 7 7 0 0 9 0"): a phone number spaced out.
        @Sendable static func hasSpacedDigits(_ text: Lowered) -> Bool {
            let bytes = text.bytes
            var run = 0, index = 0
            while index < bytes.count {
                if isDigit(bytes[index]) && (index + 1 == bytes.count || !isDigit(bytes[index + 1])) {
                    run += 1
                    if run >= 7 { return true }
                    index += 1
                    if index < bytes.count
                        && (isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ".")
                            || bytes[index] == UInt8(ascii: "-"))
                    {
                        index += 1
                        continue
                    }
                }
                run = 0
                index += 1
            }
            return false
        }

        /// A digit before white space, and a street word after white space and before the end of a word: what an
        /// address holds.
        @Sendable static func mayHoldAddress(_ text: Lowered) -> Bool {
            let bytes = text.bytes
            guard bytes.indices.dropLast().contains(where: { isDigit(bytes[$0]) && isSpace(bytes[$0 + 1]) }) else {
                return false
            }
            func isWord(_ byte: UInt8) -> Bool {
                isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
            }
            for index in bytes.indices where isSpace(bytes[index]) {
                for street in streetBytes where index + street.count < bytes.count {
                    let end = index + 1 + street.count
                    if bytes[(index + 1)..<end].elementsEqual(street), end == bytes.count || !isWord(bytes[end]) {
                        return true
                    }
                }
            }
            return false
        }

        /// Every match in `text`; `lowered` is the text in lower case, for the cheap trigger test.
        public func ranges(in text: String, lowered: String? = nil) -> [Range<String.Index>] {
            ranges(in: text, lowered: Lowered(text, lowered: lowered))
        }

        /// Every match in `text`, given the text in lower case.
        func ranges(in text: String, lowered: Lowered) -> [Range<String.Index>] {
            guard
                triggerBytes.isEmpty
                    || lowered.containsAny(triggerOpenings) && triggerBytes.contains(where: lowered.contains)
            else { return [] }
            if lowered.isASCII, let asciiNeeds, !asciiNeeds(lowered) { return [] }
            return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range, in: text)
            }
            .filter { !$0.isEmpty }
        }
    }

    /// Patterns that never belong in a spoken line.
    public static let patterns: [Pattern] = [
        Pattern("markup", "<[^>]*>?", .markup, triggers: ["<"]),
        Pattern("phonemes", "\\[\\[|\\]\\]", .markup, triggers: ["[[", "]]"]),
        Pattern(
            "template", "\\{\\{|\\}\\}|\\$\\{[^}]*\\}?|\\{%|%\\}|\\{#|#\\}|<%|%>", .markup,
            triggers: ["{{", "}}", "${", "{%", "%}", "{#", "#}", "<%", "%>"]),
        // Character references smuggle markup through a value (`&lt;break&gt;`), and invisible or bidirectional
        // characters hide or reorder what is read.
        Pattern("entity", "&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,10});", .markup, triggers: ["&"]),
        Pattern(
            "invisible", "[\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]", .markup,
            triggers: [
                "\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}",
                "\u{202C}", "\u{202D}", "\u{202E}", "\u{2060}", "\u{2061}", "\u{2062}", "\u{2063}", "\u{2064}",
                "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}",
            ]),
        Pattern("control", "[\\u0000-\\u0008\\u000B-\\u001F\\u007F]", .markup, triggers: Pattern.controls),
        Pattern("url", "(https?://|www\\.)[^\\s]+", .spam, triggers: ["http", "www."]),
        Pattern("email", "[A-Z0-9._%+-]+@[A-Z0-9.-]+\\.[A-Z]{2,}", .personalData, triggers: ["@"]),
        Pattern(
            "domain",
            "\\b[a-z0-9-]+\\.(com|net|org|io|co|fm|ly|me|tv|info|biz|app|xyz|shop|store|uk|de|es|fr)\\b(/[^\\s]*)?",
            .spam, triggers: Pattern.domains),
        Pattern(
            "domain",
            "\\b[a-z0-9-]+ (dot|punto|point) (com|net|org|io|co|fm|tv|es|fr|uk|me|ly|app|xyz|info|biz|shop|store|de|live|gg|link)\\b",
            .spam, triggers: [" dot ", " punto ", " point "]),
        // Obfuscated addresses: "mixhub [.] com", "seguelive dotcom", "jenna (at) outlook (dot) com".
        Pattern(
            "domain",
            "\\b[a-z0-9-]+\\s?(\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)|\\{dot\\})\\s?[a-z]{2,6}\\b|\\b[a-z0-9-]+ ?dotcom\\b",
            .spam, triggers: ["[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", "dotcom"]),
        Pattern(
            "email",
            "\\b[a-z0-9._-]+\\s?(\\[at\\]|\\(at\\)|\\{at\\}|\\sat\\s)\\s?[a-z0-9-]+\\s?(\\.|\\[\\.\\]|\\(\\.\\)|\\sdot\\s|\\[dot\\]|\\(dot\\))\\s?(com|net|org|co|me|io|uk|de|fr|es)\\b",
            .personalData,
            triggers: [
                "[at]", "(at)", "{at}", " dot ", "(dot)", "[dot]", "gmail", "yahoo", "hotmail", "outlook", "icloud",
                "proton",
            ]),
        Pattern("handle", "(?<![\\w@])@\\s?[A-Za-z0-9_][A-Za-z0-9_-]+", .spam, triggers: ["@"]),
        Pattern(
            "promotion",
            "\\b(buy now|buy it now|promo code|discount code|use (my |our )?code|coupon|click the link|link in (the |my |our )?bio|subscribe\\w*|follow (us|me) (on|at)|swipe up|dm (me|us)|slide into (my|our) dms|like button|click here|free followers|venmo (me|us)|cash ?app (me|us)|paypal me|(join|check out|hit up) (our|my) (telegram|discord|whatsapp|patreon|channel)|telegram|whatsapp (me|us)|giveaway|limited time|act now|\\d+ ?(%|percent) off|limited offer|upgrade to premium|month free|free trial|sponsored by|invest (today|now)|double your money|compra ya|código|code [A-Z0-9]{4,})\\b",
            .spam, removedFromValues: false,
            triggers: [
                "buy", "promo", "discount", "code", "coupon", "click", "link", "subscribe", "follow", "swipe",
                "limited",
                "upgrade", "free", "sponsored", "invest", "double", "compra", "código", "dm ", "slide", "like button",
                "venmo", "cash", "paypal", "telegram", "whatsapp", "discord", "patreon", "giveaway", "act now", "off",
            ],
            asciiNeeds: { $0.contains(any: Pattern.promotions) }),
        Pattern(
            "phone", "\\+?\\(?\\d{2,4}\\)?[\\s.-]?\\d{3,4}[\\s.-]\\d{3,4}\\b", .personalData, triggers: Pattern.digits,
            asciiNeeds: Pattern.hasDigitsAcrossASeparator),
        Pattern(
            "phone", "\\b\\d{3}[-.]\\d{4}\\b", .personalData, triggers: Pattern.digits,
            asciiNeeds: Pattern.hasDigitsAcrossASeparator),
        Pattern(
            "phone", "(?<!\\d)(\\d[\\s.-]){6,}\\d(?!\\d)", .personalData, triggers: Pattern.digits,
            asciiNeeds: Pattern.hasSpacedDigits),
        Pattern(
            "phone",
            "\\b((zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double)[\\s,-]+){6,}(zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\\b",
            .personalData, removedFromValues: false,
            triggers: ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
            asciiNeeds: Pattern.hasSpelledDigits),
        Pattern(
            "address", "\\b\\d{1,5}\\s+[A-Za-z]+(\\s[A-Za-z]+)?\\s(\(Pattern.streets.joined(separator: "|")))\\b",
            .personalData,
            triggers: Pattern.digits, asciiNeeds: Pattern.mayHoldAddress),
        Pattern(
            "personal",
            "\\b(where you live|your (home |street )?address|you live (at|on|in)|your phone number|your password|your credit card|your social security|your bank (details|account)|your date of birth|your location|apartment \\d+\\w?|flat \\d+\\w?|who (works|lives) (at|on|in)|your ip( address)?|your (ssn|passport|pin|login)|your (mother's )?maiden name|(his|her|their|a|the) home address|(his|her|their) address)\\b",
            .personalData, removedFromValues: false,
            triggers: [
                "where you", "your ", "you live", "apartment", "flat ", "who works", "who lives", "home address",
                "his address", "her address", "their address",
            ],
            asciiNeeds: { $0.contains(any: Pattern.personalPhrases) }),
        // Command-shaped text (issue 18): never cut out of a value (what is left of a command is no name), so the
        // checker replaces the whole value; in editorial text it blocks the line.
        Pattern(
            "shell",
            "\\brm\\s+-[a-z]*[rf]|\\$\\(|`[^`]*`|(;|&&|\\|\\|?)\\s*(sudo|curl|wget|sh|bash|zsh|rm|nc|python3?|perl|chmod|eval|reboot|shutdown|mkfs)\\b|\\bwget\\s+\\S|\\bcurl\\s+(-[a-z]+\\s+)*\\S*[./][a-z0-9]|/bin/(ba|z)?sh\\b|/etc/(passwd|shadow)\\b|:\\(\\)\\s*\\{|\\bsudo\\s+[a-z]|\\bchmod\\s+[0-7+]",
            .markup, removedFromValues: false,
            triggers: [
                "rm -", "$(", "`", "&&", "|", ";", "curl", "wget", "/bin/", "/etc/", ":()", "sudo", "chmod",
            ],
            asciiNeeds: { $0.contains(any: SlotSanitizer.shellFragments) }),
        Pattern(
            "sql",
            "'\\s*;|'\\s*--|'\\s*(or|and)\\s+'?\\w+'?\\s*=|'\\s*union\\b|\\b(or|and)\\s+'?\\d+'?\\s*=\\s*'?\\d+|\\b(drop|truncate|alter)\\s+(table|database)\\b|\\bunion\\s+(all\\s+)?select\\b|;\\s*--|\\bselect\\s+\\*\\s+from\\b|\\binsert\\s+into\\s+\\w+\\s*(\\(|values)|\\bdelete\\s+from\\s+\\w+\\s*(;|where)",
            .markup, removedFromValues: false,
            triggers: [
                "';", "' ;", "'--", "' --", "drop ", "truncate ", "alter ", "union", "=", ";--", "; --", "select *",
                "insert into", "delete from",
            ]),
        Pattern(
            "injection",
            "\\b(ignore|disregard|forget|override)\\s+(all\\s+|any\\s+|the\\s+|your\\s+|of\\s+)*(previous|prior|above|earlier|preceding|former|system|original)\\s+(instructions?|prompts?|rules|directions|messages|commands)\\b|\\b(ignore|disregard|forget)\\s+(all\\s+|your\\s+)+(instructions|rules)\\b|\\bdisregard\\s+(all\\s+|any\\s+|everything\\s+)?(the\\s+)?(above|previous|prior)\\b|\\bsystem\\s+prompt\\b|\\b(developer|jailbreak|dan)\\s+mode\\b|\\byou\\s+are\\s+now\\s+(dan|free\\s+of|unrestricted|unfiltered|jailbroken|no\\s+longer\\s+bound|an?\\s+(ai|assistant|language\\s+model|chatbot|bot|unfiltered|unrestricted|evil))\\b|\\b(say|repeat|read\\s+out|speak)\\s+(the\\s+following|exactly\\s+this|this\\s+exactly|after\\s+me)\\b|\\bnew\\s+instructions\\b|<\\|(im_start|im_end|system|endoftext)\\|>|\\bact\\s+as\\s+(if\\s+you\\s+(are|were)\\s+)?(an?\\s+)?((unfiltered|unrestricted|uncensored|evil|jailbroken|rogue|different)\\s+)?(ai|assistant|chatbot|bot|language\\s+model|dan|system)\\b|\\bpretend\\s+(you\\s+have\\s+no\\s+(rules|limits|restrictions|filters|guidelines)|(to\\s+be|you\\s+are|you're)\\s+an?\\s+(ai|unfiltered|unrestricted|evil|different\\s+ai))\\b|\\breveal\\s+(your|the)\\s+(system\\s+|hidden\\s+|secret\\s+)?(prompt|instructions|rules|configuration|guidelines)\\b|\\bprint\\s+(your|the)\\s+(system\\s+)?(prompt|instructions)\\b|\\bas\\s+an\\s+ai(\\s+language\\s+model)?\\b|\\bjailbreak\\w*",
            .markup, removedFromValues: false,
            triggers: [
                "ignore", "disregard", "forget", "override", "system prompt", " mode", "you are now", "the following",
                "after me", "exactly", "new instructions", "<|", "act as", "pretend", "reveal", "print", "as an ai",
                "jailbreak",
            ]),
        // Drug emoji where they stand for a drug: a pill or syringe anywhere, snow, a leaf or a mushroom after a word
        // of use or with a nose or smoke.
        Pattern(
            "drug-emoji",
            "\u{1F48A}|\u{1F489}|\\b(pop|popping|take|grab|smoke|smoking|roll|rolling|sniff|snort|line|lines|bump|some|plug|light|spark|blaze|got|need)\\W{0,3}(\u{2744}\u{FE0F}?|\u{1F343}|\u{1F33F}|\u{1F344}|\u{1F341}|\u{1F50C})|(\u{2744}\u{FE0F}?|\u{1F343}|\u{1F33F}|\u{1F344})\\s*(\u{1F443}|\u{1F4A8}|\u{1F525})",
            .drugs, removedFromValues: false,
            triggers: [
                "\u{1F48A}", "\u{1F489}", "\u{2744}", "\u{1F343}", "\u{1F33F}", "\u{1F344}", "\u{1F341}", "\u{1F50C}",
            ]),
    ]

    /// What each alternative of `shell` holds in ASCII text (an operator and a command word, a command name).
    static let shellFragments: [[UInt8]] =
        (["rm -", "$(", "`", "wget ", "curl ", "/bin/", "/etc/", ":()", "sudo ", "chmod "]
        + [";", "&&", "|"].flatMap { operator_ in
            [
                "sudo", "curl", "wget", "sh", "bash", "zsh", "rm", "nc", "python", "perl", "chmod", "eval", "reboot",
                "shutdown", "mkfs",
            ].flatMap { [operator_ + $0, operator_ + " " + $0] }
        }).map { Array($0.utf8) }

    /// The kinds of `patterns` that find command-shaped text: a catalog value holding one is not spoken at all (the
    /// checker puts the slot's name-less wording in its place), and editorial text holding one is blocked.
    public static let commandKinds: Set<String> = ["shell", "sql", "injection"]

    /// Shell commands, SQL and prompt-injection phrasing in `value`: what makes a catalog value command-shaped.
    public static func commands(in value: String) -> [Removal] {
        commands(in: value, lowered: Pattern.Lowered(value))
    }

    /// `commands(in:)`, given the value in lower case.
    static func commands(in value: String, lowered: Pattern.Lowered) -> [Removal] {
        commandRanges(in: value, lowered: lowered).map {
            Removal(kind: $0.kind, text: String(value[$0.range]), category: $0.category)
        }
    }

    /// Where command-shaped text stands in `text`, given the text in lower case and (when the caller has them) its
    /// plain words, which let most lines skip the patterns with one trie walk per word.
    static func commandRanges(
        in text: String, lowered: Pattern.Lowered, words: [SafetyText.Token]? = nil
    ) -> [(kind: String, category: SafetyCategory, range: Range<String.Index>)] {
        let kinds = words.map { mayHoldCommands(words: $0, lowered: lowered) } ?? ~0
        guard kinds != 0 else { return [] }
        var found: [(kind: String, category: SafetyCategory, range: Range<String.Index>)] = []
        commandPatterns.withUnsafeBufferPointer { patterns in  // no copy of each pattern
            for pattern in patterns.indices where kinds & (1 << pattern) != 0 {
                for range in patterns[pattern].ranges(in: text, lowered: lowered) {
                    found.append((patterns[pattern].kind, patterns[pattern].category, range))
                }
            }
        }
        return found
    }

    /// Which command patterns (bit `i` for `commandPatterns[i]`) the text may match: it holds one of the words or
    /// bytes every match of the pattern holds. A word with other letters than ASCII's may be anything.
    private static func mayHoldCommands(words: [SafetyText.Token], lowered: Pattern.Lowered) -> Int {
        var kinds = 0
        for (index, bytes) in commandBytes.enumerated() where lowered.containsAny(bytes) { kinds |= 1 << index }
        if kinds & 2 == 0, lowered.contains(Array("--".utf8)) { kinds |= 2 }
        var found: [Int] = []
        for word in words where kinds != 7 {
            found.removeAll(keepingCapacity: true)
            guard commandWords.matches(of: word.text, into: &found) else { return 7 }
            for kind in found { kinds |= 1 << kind }
        }
        return kinds
    }

    /// Bytes of which shell commands, SQL and injection phrasing (in that order) hold one, when no word says so.
    private static let commandBytes = ["$`;&|/(", ";=*", "<"].map { Pattern.Lowered.bits(Array($0.utf8)) }

    /// Words of which they hold one (entry id: 0 shell, 1 SQL, 2 injection), when no byte says so.
    private static let commandWords = WordTrie(
        [
            (0, ["rm", "wget", "curl", "sudo", "chmod"]),
            (1, ["drop", "truncate", "alter", "union", "select", "insert", "delete"]),
            (
                2,
                [
                    "ignore", "disregard", "forget", "override", "system", "prompt", "mode", "dan", "free",
                    "unrestricted",
                    "unfiltered", "jailbroken", "longer", "ai", "assistant", "model", "chatbot", "bot", "evil",
                    "following", "exactly", "after", "instructions", "act", "pretend", "reveal", "print", "jailbreak",
                    "jailbreaking", "jailbroken",
                ]
            ),
        ].flatMap { kind, words in words.map { (kind, $0, false) } })

    /// The command patterns: shell, SQL, injection, in the order `mayHoldCommands` gives their bits.
    private static let commandPatterns = ["shell", "sql", "injection"].compactMap { kind in
        patterns.first { $0.kind == kind }
    }

    /// Strips markup, espeak-ng phoneme brackets, control, format and private-use characters, links,
    /// e-mail addresses, phone numbers and handles; folds white space; caps the length at `limit`.
    public static func clean(_ value: String, limit: Int = maximumLength) -> String {
        sanitize(value, limit: limit).value
    }

    /// Like `clean`, and also says what it removed.
    public static func sanitize(_ value: String, limit: Int = maximumLength) -> (value: String, removed: [Removal]) {
        var removed: [Removal] = []
        let printableASCII = value.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
        var text = printableASCII ? value : value.precomposedStringWithCompatibilityMapping
        if text.utf8.contains(UInt8(ascii: "[")) {
            text = text.replacingOccurrences(of: "\\[\\[.*?(\\]\\]|$)", with: " ", options: .regularExpression)
        }
        let invisible = printableASCII ? [] : text.unicodeScalars.filter { !isSpeakable($0) }
        if !invisible.isEmpty {
            removed.append(
                Removal(
                    kind: "control", text: invisible.map { String(format: "U+%04X", $0.value) }.joined(separator: " "),
                    category: .markup))
            text = String(String.UnicodeScalarView(text.unicodeScalars.filter(isSpeakable)))
        }
        var lowered = Pattern.Lowered(text)
        patterns.withUnsafeBufferPointer { patterns in  // no copy of each pattern
            for pattern in patterns.indices where patterns[pattern].removedFromValues {
                let ranges = patterns[pattern].ranges(in: text, lowered: lowered)
                for range in ranges.reversed() {
                    removed.append(
                        Removal(
                            kind: patterns[pattern].kind, text: String(text[range]),
                            category: patterns[pattern].category))
                    text.replaceSubrange(range, with: " ")
                }
                if !ranges.isEmpty { lowered = Pattern.Lowered(text) }
            }
        }
        if !printableASCII || value.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }),
            value.contains("[[") || value.contains("]]")
        {
            removed.append(Removal(kind: "phonemes", text: "[[ ]]", category: .markup))
        }
        if printableASCII
            ? text.utf8.contains(where: { "<>[]{}".utf8.contains($0) })
            : text.contains(where: { "<>[]{}".contains($0) })
        {
            text = String(text.map { "<>[]{}".contains($0) ? " " : $0 })
        }
        if !SafetyText.isSpaced(text) {
            text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        if text.utf8.count > limit, text.count > limit {
            let cut = text.prefix(limit)
            text = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
            removed.append(Removal(kind: "length", text: "over \(limit) characters", category: .markup))
        }
        return (text, removed)
    }

    private static func isSpeakable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control: return scalar == "\n" || scalar == "\t"
        case .format, .privateUse, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }
}
