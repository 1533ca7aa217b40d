/// Words and stems (`pill*`) in a byte trie: one walk along an ASCII word finds the entries it equals and every
/// stem it begins with, with no hashing and no `String` made.
///
/// Only ASCII entries are kept, and only ASCII words are looked up: a word with other bytes is for the caller's
/// `String` path, which compares by Unicode rules.
struct WordTrie: Sendable {
    /// Byte → its column in `children` (0: no entry has that byte).
    private var columns = [UInt8](repeating: 0, count: 128)
    private var width = 1
    /// Node × column → child node (0: none; node 0 is the root, never a child).
    private var children: [Int32] = []
    /// Node → the ids of the words that end there, and of the stems that end there.
    private var words: [[Int]] = [[]]
    private var stems: [[Int]] = [[]]

    /// A trie of `entries`: each an id (given back on a match), its text, and whether it is a stem.
    init(_ entries: [(id: Int, text: String, isStem: Bool)]) {
        let ascii = entries.filter { $0.text.utf8.allSatisfy { $0 < 128 } }
        for byte in Set(ascii.flatMap(\.text.utf8)).sorted() {
            columns[Int(byte)] = UInt8(width)
            width += 1
        }
        children = [Int32](repeating: 0, count: width)
        for entry in ascii {
            var node = 0
            for byte in entry.text.utf8 {
                let slot = node * width + Int(columns[Int(byte)])
                if children[slot] == 0 {
                    children[slot] = Int32(words.count)
                    children += [Int32](repeating: 0, count: width)
                    words.append([])
                    stems.append([])
                }
                node = Int(children[slot])
            }
            if entry.isStem { stems[node].append(entry.id) } else { words[node].append(entry.id) }
        }
    }

    /// Appends to `found` the id of every stem of `minimumStem` bytes or more that begins `word` (shorter stems
    /// first) and of every word entry `word` equals. Returns false, having found nothing, when `word` is not ASCII.
    func matches(of word: String, minimumStem: Int = 0, into found: inout [Int]) -> Bool {
        if let ascii = word.utf8.withContiguousStorageIfAvailable({ walk($0, minimumStem: minimumStem, into: &found) })
        {
            return ascii
        }
        return Array(word.utf8).withUnsafeBufferPointer { walk($0, minimumStem: minimumStem, into: &found) }
    }

    private func walk(_ bytes: UnsafeBufferPointer<UInt8>, minimumStem: Int, into found: inout [Int]) -> Bool {
        for byte in bytes where byte >= 128 { return false }
        if minimumStem == 0, !stems[0].isEmpty { found += stems[0] }
        var node = 0
        for (index, byte) in bytes.enumerated() {
            node = Int(children[node * width + Int(columns[Int(byte)])])
            guard node != 0 else { return true }
            if index + 1 >= minimumStem, !stems[node].isEmpty { found += stems[node] }
        }
        if !words[node].isEmpty { found += words[node] }
        return true
    }
}
