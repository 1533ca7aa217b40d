/// The catalog's embeddings as 8-bit codes, one row per track: a quarter of the memory of 32-bit floats,
/// which is what bounds scoring a large catalog.
///
/// Each row is scaled to unit length, then quantized symmetrically with its own scale:
/// value ≈ `scale[row]` × `codes[row × dimension + k]`. A track without an embedding has scale 0.
/// Dot products are taken in integers and scaled once, so they are exact for the codes and the same
/// on every machine; against unit vectors the error is below 0.01.
public struct QuantizedEmbeddings: Sendable {
    /// Embedding width, 0 when the catalog has none.
    public let dimension: Int
    /// Row-major codes, −127…127.
    public let codes: [Int8]
    /// Per row: the value of one code step, 0 for a track without an embedding.
    public let scale: [Float]

    /// A query vector (a listener's centre) quantized to 16 bits for integer dot products with the rows.
    public struct Query: Sendable {
        public let codes: [Int16]
        public let scale: Float
    }

    /// Quantizes `rows` (each of length `dimension`, or nil); non-finite values count as 0, and a row
    /// with no length counts as missing.
    public init(dimension: Int, rows: [[Float]?]) {
        self.dimension = dimension
        var codes = [Int8](repeating: 0, count: rows.count * dimension)
        var scale = [Float](repeating: 0, count: rows.count)
        for (row, vector) in rows.enumerated() {
            guard let vector, vector.count == dimension, dimension > 0 else { continue }
            let clean = vector.map { $0.isFinite ? $0 : 0 }
            let norm = clean.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { continue }
            let largest = clean.reduce(Float(0)) { max($0, abs($1 / norm)) }
            let step = largest / 127
            for (offset, value) in clean.enumerated() {
                codes[row * dimension + offset] = Int8((value / norm / step).rounded())
            }
            scale[row] = step
        }
        self.codes = codes
        self.scale = scale
    }

    /// Whether track `row` has an embedding.
    @inline(__always) public func has(_ row: Int) -> Bool { scale[row] > 0 }

    /// All rows as floats, row-major (zeros for a track without an embedding): what the codes stand for.
    public var dequantized: [Float] {
        codes.indices.map { scale[$0 / dimension] * Float(codes[$0]) }
    }

    /// The query for `vector`, or nil when its width is not the rows' width or it has no length.
    /// Its codes are sized so that a dot product with a row cannot overflow 32 bits.
    public func query(_ vector: [Float]) -> Query? {
        guard dimension > 0, vector.count == dimension else { return nil }
        let largest = vector.reduce(Float(0)) { $0.isFinite && $1.isFinite ? max($0, abs($1)) : $0 }
        guard largest > 0 else { return nil }
        let top = Float(min(Int(Int16.max), Int(Int32.max) / (127 * dimension)))
        let step = largest / top
        return Query(codes: vector.map { $0.isFinite ? Int16(($0 / step).rounded()) : 0 }, scale: step)
    }

    /// Cosine of row `row` with a query.
    @inline(__always) public func dot(_ row: Int, _ query: Query) -> Float {
        codes.withUnsafeBufferPointer { codes in
            query.codes.withUnsafeBufferPointer { q in
                // swift-format-ignore: NeverForceUnwrap
                // A row exists only in a non-empty table, and a query has the table's dimension: both have storage.
                Float(Self.dot(codes.baseAddress! + row * dimension, q.baseAddress!, dimension)) * scale[row]
                    * query.scale
            }
        }
    }

    /// Cosine of two rows.
    @inline(__always) public func cosine(_ a: Int, _ b: Int) -> Float {
        codes.withUnsafeBufferPointer { codes in
            // swift-format-ignore: NeverForceUnwrap
            // Rows exist only in a non-empty table.
            Float(Self.dot(codes.baseAddress! + a * dimension, codes.baseAddress! + b * dimension, dimension))
                * scale[a] * scale[b]
        }
    }

    /// The integer dot product of `n` codes with `n` other codes.
    @inline(__always) static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, _ n: Int) -> Int32 {
        var sum: Int32 = 0
        for k in 0..<n { sum &+= Int32(a[k]) &* Int32(b[k]) }
        return sum
    }

    /// The integer dot product of `n` codes with `n` query codes. The plain loop is what the compiler
    /// vectorises best (into multiply-add of 16-bit pairs).
    @inline(__always) static func dot(_ codes: UnsafePointer<Int8>, _ query: UnsafePointer<Int16>, _ n: Int) -> Int32 {
        var sum: Int32 = 0
        for k in 0..<n { sum &+= Int32(codes[k]) &* Int32(query[k]) }
        return sum
    }
}
