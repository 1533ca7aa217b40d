/// Keeps the `capacity` highest-scoring items seen, with a bounded min-heap: O(n log k) over n items.
struct TopK {
    private(set) var heap: [(score: Float, index: Int)] = []
    let capacity: Int
    /// The lowest kept score once full (−∞ before): anything below it is turned away in one comparison,
    /// which is the common case over a large catalog.
    private var floor = -Float.infinity

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    /// Whether `a` ranks below `b`: lower score, or the same score and a later index.
    @inline(__always) private static func below(_ a: (score: Float, index: Int), _ b: (score: Float, index: Int)) -> Bool {
        a.score != b.score ? a.score < b.score : a.index > b.index
    }

    /// The lowest score that can still enter: the floor once full, −∞ before, +∞ when nothing can.
    /// A scan may skip a block of items that all score below it.
    var entry: Float { capacity > 0 ? floor : .infinity }

    /// Whether `offer` would keep this item now.
    @inline(__always) func wouldKeep(_ score: Float, _ index: Int) -> Bool {
        score >= floor && capacity > 0 && (heap.count < capacity || Self.below(heap[0], (score, index)))
    }

    /// Offers one item.
    @inline(__always) mutating func offer(_ score: Float, _ index: Int) {
        guard score >= floor, capacity > 0 else { return }
        defer { if heap.count == capacity { floor = heap[0].score } }
        let item = (score: score, index: index)
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.below(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if Self.below(heap[0], item) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, Self.below(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.below(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// Offers every item another TopK kept: the result is what one TopK over both inputs would keep.
    mutating func merge(_ other: TopK) {
        for item in other.heap { offer(item.score, item.index) }
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

    /// The kept indices, best first (ties by lower index).
    var indices: [Int] {
        heap.sorted { Self.below($1, $0) }.map(\.index)
    }
}
