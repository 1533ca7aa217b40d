/// The energy shape of a lineup over its length.
public enum EnergyArc: String, Sendable, CaseIterable, Codable {
    /// Start calm, rise to the listener's high end.
    case warmup
    /// Warm up, peak around 70–80 % of the way, ease off at the end: a DJ set.
    case peak
    /// Hold the listener's usual energy.
    case steady
    /// Start high, wind down.
    case cooldown

    /// The target energy (0–1) at `fraction` (0 = first track, 1 = last) around a listener's usual `centre`.
    public func target(at fraction: Double, centre: Double) -> Double {
        let f = min(max(fraction, 0), 1)
        let shape: Double  // −1 (low end) … +1 (high end)
        switch self {
        case .warmup: shape = -1 + 2 * f
        case .cooldown: shape = 1 - 2 * f
        case .steady: shape = 0
        case .peak: shape = f <= 0.75 ? -0.8 + 1.8 * (f / 0.75) : 1 - 1.4 * ((f - 0.75) / 0.25)
        }
        return min(max(centre + 0.25 * shape, 0.05), 0.95)
    }
}
