import Dispatch
import Foundation

/// Track embeddings learned from many listeners' plays: implicit-feedback matrix factorisation by alternating
/// least squares (Hu, Koren and Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", 2008).
///
/// Every (listener, track) cell is a preference, 1 when the listener played the track and 0 otherwise, held with
/// a confidence that grows with the plays: c = 1 + α log(1 + plays / ε), the paper's logarithmic form. Play counts
/// are heavy-tailed (a favourite played two hundred times, most tracks once or twice); the linear form
/// c = 1 + α plays would let a few repeat listens outweigh the rest of a listener's row, the log keeps a repeat
/// worth more without drowning breadth. Listener and track factors are solved in turn, each row's k×k system
/// `(YᵀY + Yᵀ(Cᵤ − I)Y + λI) xᵤ = YᵀCᵤp(u)` by a few conjugate-gradient steps warm-started from the previous
/// iteration (Takács, Pilászy and Tikk 2011, as the `implicit` library does), with YᵀY computed once per half
/// iteration; a row costs O(k² + nnz·k), never O(k³).
///
/// Each row's solve reads only the other side's factors and their Gram matrix, which is summed over fixed blocks in
/// a fixed order, so the result is byte-identical for any number of threads. The same seed gives the same factors.
public struct ImplicitALS: Sendable {
    /// The number of factors per track (the embedding width).
    public var dimension: Int
    /// Alternations: listeners then tracks.
    public var iterations: Int
    /// λ, the ridge penalty on every factor.
    public var regularization: Float
    /// α in the confidence 1 + α log(1 + plays / ε).
    public var alpha: Float
    /// ε in the confidence: the number of plays at which the log starts to bend.
    public var epsilon: Float
    /// Conjugate-gradient steps per row per half iteration (3, as `implicit`).
    public var conjugateGradientSteps: Int
    /// Seeds the initial factors.
    public var seed: UInt64
    /// Worker threads; 0 for one per core. The factors do not depend on it.
    public var threads: Int

    /// Creates a trainer; the defaults are the settings `segue catalog embed` uses.
    public init(
        dimension: Int = 64, iterations: Int = 15, regularization: Float = 1, alpha: Float = 10, epsilon: Float = 1,
        conjugateGradientSteps: Int = 3, seed: UInt64 = 1, threads: Int = 0
    ) {
        self.dimension = dimension
        self.iterations = iterations
        self.regularization = regularization
        self.alpha = alpha
        self.epsilon = epsilon
        self.conjugateGradientSteps = conjugateGradientSteps
        self.seed = seed
        self.threads = threads
    }

    /// The confidence held in a cell with `plays` plays (1 for none).
    public func confidence(plays: Float) -> Float { 1 + alpha * log1p(max(0, plays) / epsilon) }

    /// Learns a unit-length vector for every track that has plays.
    /// - Parameters:
    ///   - plays: (listener index, track index, plays) cells; cells repeated are added up, cells with no plays
    ///     (0, negative or not finite) are left out.
    ///   - listeners: the number of listeners; every listener index is below it.
    ///   - tracks: the number of tracks; every track index is below it.
    /// - Returns: the tracks' vectors, nil for a track with no plays.
    public func train(plays: [(listener: Int, track: Int, plays: Float)], listeners: Int, tracks: Int) -> ItemFactors {
        precondition(dimension > 0 && iterations >= 0 && conjugateGradientSteps >= 1, "a trainer with settings")
        precondition(listeners >= 0 && tracks >= 0, "counts of rows")
        let cells = plays.filter { $0.plays > 0 && $0.plays.isFinite }
        for cell in cells {
            precondition((0..<listeners).contains(cell.listener), "listener \(cell.listener) outside 0..<\(listeners)")
            precondition((0..<tracks).contains(cell.track), "track \(cell.track) outside 0..<\(tracks)")
        }
        var byListener = SparseRows(
            rows: listeners, cells: cells.map { (row: $0.listener, column: $0.track, value: $0.plays) })
        byListener.values = byListener.values.map { confidence(plays: $0) }
        let byTrack = byListener.transposed(columns: tracks)

        let stride = (dimension + 7) / 8 * 8
        var rng = SeededRandomNumberGenerator(seed: seed)
        // As `implicit`: uniform in [0, 0.01). A row with no plays is 0, its exact solution, and adds nothing to the
        // other side's Gram matrix.
        var listenerFactors = Self.initialFactors(rows: byListener, stride: stride, dimension: dimension, &rng)
        var trackFactors = Self.initialFactors(rows: byTrack, stride: stride, dimension: dimension, &rng)
        let workers = threads > 0 ? threads : max(1, ProcessInfo.processInfo.activeProcessorCount)
        for _ in 0..<iterations {
            solve(byListener, factors: &listenerFactors, given: trackFactors, stride: stride, workers: workers)
            solve(byTrack, factors: &trackFactors, given: listenerFactors, stride: stride, workers: workers)
        }
        return ItemFactors(factors: trackFactors, stride: stride, dimension: dimension, played: byTrack)
    }

    private static func initialFactors(
        rows: SparseRows, stride: Int, dimension: Int, _ rng: inout SeededRandomNumberGenerator
    ) -> [Float] {
        var factors = [Float](repeating: 0, count: rows.count * stride)
        for row in 0..<rows.count {
            // Drawn for every row, so a row's start does not depend on which other rows have plays.
            for k in 0..<dimension { factors[row * stride + k] = Float.random(in: 0..<0.01, using: &rng) }
            if rows.start[row] == rows.start[row + 1] {
                for k in 0..<dimension { factors[row * stride + k] = 0 }
            }
        }
        return factors
    }

    /// One half iteration: every row of `rows` solved for its factors given the other side's `given`.
    private func solve(_ rows: SparseRows, factors: inout [Float], given: [Float], stride: Int, workers: Int) {
        var gram = Self.gram(given, stride: stride, workers: workers)
        for k in 0..<dimension { gram[k * stride + k] += regularization }
        let blockSize = 64
        let blocks = (rows.count + blockSize - 1) / blockSize
        let steps = conjugateGradientSteps
        let dimension = dimension
        gram.withUnsafeBufferPointer { gram in
            given.withUnsafeBufferPointer { given in
                rows.start.withUnsafeBufferPointer { start in
                    rows.columns.withUnsafeBufferPointer { columns in
                        rows.values.withUnsafeBufferPointer { values in
                            factors.withUnsafeMutableBufferPointer { factors in
                                // Each row writes only its own factors and reads the other side's, which no one writes.
                                nonisolated(unsafe) let output = factors
                                let solver = RowSolver(
                                    gram: gram, given: given, start: start, columns: columns, values: values,
                                    stride: stride, dimension: dimension, steps: steps)
                                Self.run(blocks: blocks, workers: workers) { block in
                                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * stride)
                                    defer { scratch.deallocate() }
                                    for row in (block * blockSize)..<min(rows.count, (block + 1) * blockSize) {
                                        solver.solve(row: row, into: output, scratch: scratch)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` for every block, spread over `workers` threads in a fixed interleaving.
    private static func run(blocks: Int, workers: Int, _ body: (Int) -> Void) {
        let workers = min(workers, blocks)
        guard workers > 1 else {
            for block in 0..<blocks { body(block) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // Blocks are disjoint rows; `body` writes only its block's rows.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for block in Swift.stride(from: worker, to: blocks, by: workers) { body(block) }
            }
        }
    }

    /// YᵀY of the factors (rows of `stride` floats), summed over fixed blocks of rows in block order.
    static func gram(_ factors: [Float], stride: Int, workers: Int) -> [Float] {
        let rows = factors.count / max(1, stride)
        let blockSize = 2048
        let blocks = max(1, (rows + blockSize - 1) / blockSize)
        var partials = [Float](repeating: 0, count: blocks * stride * stride)
        let lanes = stride / 8
        factors.withUnsafeBufferPointer { factors in
            partials.withUnsafeMutableBufferPointer { partials in
                // Each block writes only its own partial matrix.
                nonisolated(unsafe) let output = partials
                guard let y = factors.baseAddress, let out = output.baseAddress else { return }
                run(blocks: blocks, workers: workers) { block in
                    let g = out + block * stride * stride
                    for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                        let v = y + row * stride
                        for a in 0..<stride where v[a] != 0 {
                            let scale = SIMD8<Float>(repeating: v[a])
                            let target = g + a * stride
                            for lane in 0..<lanes {
                                Vector.store(Vector.load(target, lane) + scale * Vector.load(v, lane), target, lane)
                            }
                        }
                    }
                }
            }
        }
        var gram = [Float](repeating: 0, count: stride * stride)
        for block in 0..<blocks {
            for i in 0..<gram.count { gram[i] += partials[block * stride * stride + i] }
        }
        return gram
    }
}

/// The learned track vectors, by track index.
public struct ItemFactors: Sendable, Equatable {
    /// The width of every vector.
    public let dimension: Int
    /// The number of tracks.
    public let count: Int
    /// Row-major, `dimension` per track, unit length; zeros for a track without a vector.
    public let values: [Float]
    /// Per track: whether it has a vector (it had plays, and its factors are not all zero).
    public let hasVector: [Bool]

    init(factors: [Float], stride: Int, dimension: Int, played: SparseRows) {
        self.dimension = dimension
        count = played.count
        var values = [Float](repeating: 0, count: count * dimension)
        var has = [Bool](repeating: false, count: count)
        for row in 0..<count where played.start[row] < played.start[row + 1] {
            let vector = factors[(row * stride)..<(row * stride + dimension)]
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { continue }
            for (k, value) in vector.enumerated() { values[row * dimension + k] = value / norm }
            has[row] = true
        }
        self.values = values
        hasVector = has
    }

    /// Track `index`'s unit vector, or nil when it had no plays.
    public subscript(index: Int) -> [Float]? {
        hasVector[index] ? Array(values[(index * dimension)..<((index + 1) * dimension)]) : nil
    }

    /// How many tracks have a vector.
    public var trainedCount: Int { hasVector.lazy.filter { $0 }.count }

    /// Cosine between two tracks' vectors (their dot product), nil when either has none.
    public func cosine(_ a: Int, _ b: Int) -> Float? {
        guard hasVector[a], hasVector[b] else { return nil }
        var sum: Float = 0
        for k in 0..<dimension { sum += values[a * dimension + k] * values[b * dimension + k] }
        return sum
    }
}

/// A sparse matrix by rows (compressed sparse rows): row r's cells are `start[r]..<start[r + 1]`, columns ascending.
struct SparseRows: Sendable {
    var start: [Int]
    var columns: [Int32]
    var values: [Float]
    var count: Int { start.count - 1 }

    /// Cells in any order; a cell given twice holds the sum, added in the order given.
    init(rows: Int, cells: [(row: Int, column: Int, value: Float)]) {
        var start = [Int](repeating: 0, count: rows + 1)
        for cell in cells { start[cell.row + 1] += 1 }
        for row in 0..<rows { start[row + 1] += start[row] }
        var next = start
        var order = [Int](repeating: 0, count: cells.count)
        for (index, cell) in cells.enumerated() {
            order[next[cell.row]] = index
            next[cell.row] += 1
        }
        var merged = [Int](repeating: 0, count: rows + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        columns.reserveCapacity(cells.count)
        values.reserveCapacity(cells.count)
        for row in 0..<rows {
            // Stable: equal columns keep the order they were given in.
            let sorted = order[start[row]..<start[row + 1]].sorted {
                (cells[$0].column, $0) < (cells[$1].column, $1)
            }
            for index in sorted {
                let cell = cells[index]
                if columns.count > merged[row], let last = columns.last, last == Int32(cell.column) {
                    values[values.count - 1] += cell.value
                } else {
                    columns.append(Int32(cell.column))
                    values.append(cell.value)
                }
            }
            merged[row + 1] = columns.count
        }
        self.start = merged
        self.columns = columns
        self.values = values
    }

    private init(start: [Int], columns: [Int32], values: [Float]) {
        self.start = start
        self.columns = columns
        self.values = values
    }

    /// The same cells by column.
    func transposed(columns count: Int) -> SparseRows {
        var start = [Int](repeating: 0, count: count + 1)
        for column in columns { start[Int(column) + 1] += 1 }
        for row in 0..<count { start[row + 1] += start[row] }
        var next = start
        var rows = [Int32](repeating: 0, count: columns.count)
        var values = [Float](repeating: 0, count: columns.count)
        for row in 0..<self.count {
            for cell in self.start[row]..<self.start[row + 1] {
                let column = Int(columns[cell])
                rows[next[column]] = Int32(row)
                values[next[column]] = self.values[cell]
                next[column] += 1
            }
        }
        return SparseRows(start: start, columns: rows, values: values)
    }
}

/// One row's conjugate-gradient solve, through pointers into the shared, read-only inputs.
private struct RowSolver {
    let gram: UnsafeBufferPointer<Float>
    let given: UnsafeBufferPointer<Float>
    let start: UnsafeBufferPointer<Int>
    let columns: UnsafeBufferPointer<Int32>
    let values: UnsafeBufferPointer<Float>
    let stride: Int
    let dimension: Int
    let steps: Int

    /// Solves row `row` in place in `factors`, warm-started from what it holds (`implicit`'s `least_squares_cg`).
    /// `scratch` holds 3 × stride floats.
    func solve(row: Int, into factors: UnsafeMutableBufferPointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let first = start[row]
        let end = start[row + 1]
        guard first < end, let base = factors.baseAddress, let y = given.baseAddress, let g = gram.baseAddress else {
            return
        }
        let lanes = stride / 8
        let x = base + row * stride
        let r = scratch
        let p = scratch + stride
        let ap = scratch + 2 * stride
        // r = YᵀCᵤp(u) − (YᵀCᵤY + λI) x
        Vector.multiply(g, x, into: r, stride: stride, dimension: dimension)
        for lane in 0..<lanes { Vector.store(-Vector.load(r, lane), r, lane) }
        for cell in first..<end {
            let item = y + Int(columns[cell]) * stride
            let c = values[cell]
            Vector.add(c - (c - 1) * Vector.dot(item, x, lanes: lanes), item, to: r, lanes: lanes)
        }
        p.update(from: r, count: stride)
        var old = Vector.dot(r, r, lanes: lanes)
        guard old >= 1e-20 else { return }
        for _ in 0..<steps {
            Vector.multiply(g, p, into: ap, stride: stride, dimension: dimension)
            for cell in first..<end {
                let item = y + Int(columns[cell]) * stride
                Vector.add((values[cell] - 1) * Vector.dot(item, p, lanes: lanes), item, to: ap, lanes: lanes)
            }
            let step = old / Vector.dot(p, ap, lanes: lanes)
            guard step.isFinite else { return }
            Vector.add(step, p, to: x, lanes: lanes)
            Vector.add(-step, ap, to: r, lanes: lanes)
            let new = Vector.dot(r, r, lanes: lanes)
            if new < 1e-20 { break }
            let keep = SIMD8<Float>(repeating: new / old)
            for lane in 0..<lanes { Vector.store(Vector.load(r, lane) + keep * Vector.load(p, lane), p, lane) }
            old = new
        }
    }
}

/// Eight floats at a time, through pointers to rows padded to a multiple of eight. Plain multiplies and adds (no
/// fused multiply-add): the portable build has no FMA instruction, and the sums come out the same on every machine.
private enum Vector {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>, _ lane: Int) -> SIMD8<Float> {
        UnsafeRawPointer(pointer + lane * 8).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func load(_ pointer: UnsafeMutablePointer<Float>, _ lane: Int) -> SIMD8<Float> {
        load(UnsafePointer(pointer), lane)
    }

    @inline(__always) static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>, _ lane: Int) {
        UnsafeMutableRawPointer(pointer + lane * 8).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    @inline(__always) static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, lanes: Int) -> Float {
        var sum = SIMD8<Float>()
        for lane in 0..<lanes { sum += load(a, lane) * load(b, lane) }
        let four = sum.lowHalf + sum.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    @inline(__always) static func dot(
        _ a: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, lanes: Int
    ) -> Float {
        dot(a, UnsafePointer(b), lanes: lanes)
    }

    @inline(__always) static func dot(
        _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, lanes: Int
    ) -> Float {
        dot(UnsafePointer(a), UnsafePointer(b), lanes: lanes)
    }

    /// target += scale × source
    @inline(__always) static func add(
        _ scale: Float, _ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, lanes: Int
    ) {
        let s = SIMD8<Float>(repeating: scale)
        for lane in 0..<lanes { store(load(target, lane) + s * load(source, lane), target, lane) }
    }

    @inline(__always) static func add(
        _ scale: Float, _ source: UnsafeMutablePointer<Float>, to target: UnsafeMutablePointer<Float>, lanes: Int
    ) {
        add(scale, UnsafePointer(source), to: target, lanes: lanes)
    }

    /// out = G v for the symmetric `stride`×`stride` matrix G, as the sum of v[j] × row j: four lanes of columns
    /// at a time held in registers.
    @inline(__always) static func multiply(
        _ g: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>,
        stride: Int, dimension: Int
    ) {
        let lanes = stride / 8
        var lane = 0
        while lane + 4 <= lanes {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            for j in 0..<dimension {
                let s = SIMD8<Float>(repeating: v[j])
                let row = g + j * stride
                a0 += s * load(row, lane)
                a1 += s * load(row, lane + 1)
                a2 += s * load(row, lane + 2)
                a3 += s * load(row, lane + 3)
            }
            store(a0, out, lane)
            store(a1, out, lane + 1)
            store(a2, out, lane + 2)
            store(a3, out, lane + 3)
            lane += 4
        }
        while lane < lanes {
            var a = SIMD8<Float>()
            for j in 0..<dimension { a += SIMD8<Float>(repeating: v[j]) * load(g + j * stride, lane) }
            store(a, out, lane)
            lane += 1
        }
    }
}
