import Foundation

/// A first-in, first-out queue of at most `capacity` items between one producing and one consuming thread: the
/// producer waits while it is full, the consumer while it is empty, and either side can close it.
///
/// A waiting side is woken in batches, not item by item: the consumer once half the capacity is there (or the queue
/// is closed), the producer once half is free, so the two threads trade places a few times per queueful rather than
/// at every item.
final class BoundedQueue<Element>: @unchecked Sendable {
    let capacity: Int
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private var consumerWaits = false
    private var producerWaits = false
    /// Items there (for the consumer) or free (for the producer) that wake a waiting side.
    private let batch: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        batch = max(1, self.capacity / 2)
    }

    /// Appends `item`, waiting for room; false when the queue was closed (the consumer is gone).
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !closed {
            producerWaits = true
            condition.wait()
        }
        producerWaits = false
        guard !closed else { return false }
        if head > capacity {
            items.removeFirst(head)
            head = 0
        }
        items.append(item)
        if consumerWaits && items.count - head >= batch { condition.broadcast() }
        return true
    }

    /// The oldest item, waiting for one; nil once the queue is closed and empty.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.count == head && !closed {
            consumerWaits = true
            condition.wait()
        }
        consumerWaits = false
        guard items.count > head else { return nil }
        let item = items[head]
        head += 1
        if producerWaits && capacity - (items.count - head) >= batch { condition.broadcast() }
        return item
    }

    /// Wakes both sides: the producer's pushes fail from now on; the consumer gets what is left, then nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
