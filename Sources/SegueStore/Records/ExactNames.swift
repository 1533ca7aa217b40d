import Foundation

/// Names numbered in order of first use, compared by their exact UTF-8 bytes: Swift's `==` would merge names that
/// differ only in Unicode normalisation, and the catalog must come back byte for byte. A name may be a tuple of
/// strings (an album's title and album artist).
struct ExactNames {
    private struct Key: Hashable {
        var parts: [String]
        static func == (a: Key, b: Key) -> Bool {
            a.parts.count == b.parts.count && zip(a.parts, b.parts).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
        }
        func hash(into hasher: inout Hasher) {
            for part in parts {
                hasher.combine(part.utf8.count)
                for byte in part.utf8 { hasher.combine(byte) }
            }
        }
    }

    private(set) var names: [[String]] = []
    private var ids: [Key: Int] = [:]

    /// The id of `parts`, numbering it when new.
    mutating func id(for parts: String...) -> Int {
        let key = Key(parts: parts)
        if let id = ids[key] { return id }
        let id = names.count
        ids[key] = id
        names.append(parts)
        return id
    }
}

/// Genre lists decoded from `track.genres`, one shared array per distinct short list: a million tracks with a
/// handful of genre combinations hold a handful of arrays, not a million.
struct GenreLists {
    let names: [String]
    private var shared: [Data: [String]] = [:]

    init(names: [String]) { self.names = names }

    /// The names for a blob of little-endian 32-bit ids; nil when it is not whole ids or names an unknown one.
    mutating func list(_ bytes: Data) -> [String]? {
        if bytes.count <= 16, let list = shared[bytes] { return list }
        guard let words = PackedWords.words(bytes) else { return nil }
        var list: [String] = []
        list.reserveCapacity(words.count)
        for word in words {
            guard Int(word) < names.count else { return nil }
            list.append(names[Int(word)])
        }
        if bytes.count <= 16 { shared[bytes] = list }
        return list
    }
}
