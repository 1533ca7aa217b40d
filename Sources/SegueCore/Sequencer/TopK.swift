/// Keeps the `capacity` highest-scoring items seen (ties: the lower index ranks higher).
///
/// Items at or above the current floor go into a buffer of twice the capacity; when it fills, a
/// selection keeps the best `capacity` and the floor rises to the last of them. Each item costs a
/// comparison and perhaps an append, and a selection costs O(capacity) per `capacity` items kept: far
/// less than sifting a heap for every item that beats its floor, which on a scan over a million tracks
/// happens some ten thousand times.
struct TopK {
    private var items: [(score: Float, index: Int)] = []
    let capacity: Int
    /// The score of the `capacity`-th best item at the last selection (−∞ before): anything below it
    /// can never be kept, and is turned away in one comparison, the common case over a large catalog.
    private var floor = -Float.infinity

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        items.reserveCapacity(2 * self.capacity)
    }

    /// Whether `a` ranks above `b`: higher score, or the same score and a lower index.
    @inline(__always) private static func above(
        _ a: (score: Float, index: Int), _ b: (score: Float, index: Int)
    ) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }

    /// The lowest score that may still enter (+∞ when nothing can): a scan may skip a block of items
    /// that all score below it.
    var entry: Float { capacity > 0 ? floor : .infinity }

    /// Whether `offer` would take this item now (it may still lose to better items later).
    @inline(__always) func wouldKeep(_ score: Float) -> Bool {
        capacity > 0 && score >= floor
    }

    /// Offers one item.
    @inline(__always) mutating func offer(_ score: Float, _ index: Int) {
        guard capacity > 0, score >= floor else { return }
        items.append((score, index))
        if items.count >= 2 * capacity { shrink() }
    }

    /// Keeps only the best `capacity` items and raises the floor to the last of them.
    private mutating func shrink() {
        Self.selectBest(&items, capacity)
        items.removeLast(items.count - capacity)
        floor = items.reduce(Float.infinity) { min($0, $1.score) }
    }

    /// Moves the best `k` items to the front of `items`, in no particular order (quickselect on the
    /// ranking, with a median-of-three pivot; deterministic).
    private static func selectBest(_ items: inout [(score: Float, index: Int)], _ k: Int) {
        var low = 0, high = items.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three to `high` as the pivot.
            if above(items[middle], items[low]) { items.swapAt(middle, low) }
            if above(items[high], items[low]) { items.swapAt(high, low) }
            if above(items[middle], items[high]) { items.swapAt(middle, high) }
            let pivot = items[high]
            var store = low
            for position in low..<high where above(items[position], pivot) {
                items.swapAt(position, store)
                store += 1
            }
            items.swapAt(store, high)
            // items[low..<store] rank above the pivot, now at `store`.
            if store == k || store == k - 1 { return }
            if store > k { high = store - 1 } else { low = store + 1 }
        }
    }

    /// Offers every item another TopK kept: the result is what one TopK over both inputs would keep.
    mutating func merge(_ other: TopK) {
        for item in other.items { offer(item.score, item.index) }
    }

    /// The top `capacity` of `0..<count`, gathered chunk by chunk across the cores by `body`, then merged.
    /// Ties break by index, so the result does not depend on the chunking.
    static func gather(count: Int, capacity: Int, _ body: (Range<Int>, inout TopK) -> Void) -> TopK {
        ChunkedWork.map(count: count) { range in
            var top = TopK(capacity: capacity)
            body(range, &top)
            return top
        }.reduce(into: TopK(capacity: capacity)) { $0.merge($1) }
    }

    /// The kept indices, best first.
    var indices: [Int] {
        items.sorted(by: Self.above).prefix(capacity).map(\.index)
    }
}
