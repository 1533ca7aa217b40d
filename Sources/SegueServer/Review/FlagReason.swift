/// Why a reviewer flags a script line: a fixed list, so trust and safety can sort by it.
public enum FlagReason: String, Sendable, Codable, CaseIterable {
    case unsafe, untrue, offensive, mispronounced, other
}
