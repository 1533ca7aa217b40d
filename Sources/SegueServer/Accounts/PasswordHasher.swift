import CArgon2
import Foundation

/// Argon2id password hashes in the PHC encoded form (`$argon2id$v=19$m=65536,t=3,p=1$salt$hash`), which carries its
/// own parameters and salt, so raising the cost later still verifies the old hashes.
///
/// The default cost is t=3 passes over m=64 MiB with p=1 lane: RFC 9106's second recommended option (for memory
/// constrained systems) and OWASP's range. About 0.1–0.2 s on one core here, paid once per sign-in (which is rate
/// limited per name and per client, so a burst costs at most a few times 64 MiB), and 64 MiB per guess makes GPU
/// cracking of a stolen database costly. Tests lower the cost through `init(iterations:memoryKiB:)`.
public struct PasswordHasher: Sendable {
    /// Passes over memory (`t_cost`).
    public var iterations: UInt32
    /// Memory in KiB (`m_cost`).
    public var memoryKiB: UInt32
    /// Lanes (`parallelism`).
    public var parallelism: UInt32 = 1
    static let saltLength = 16
    static let hashLength = 32

    /// The production cost: t=3, m=64 MiB, p=1.
    public init(iterations: UInt32 = 3, memoryKiB: UInt32 = 64 * 1024) {
        self.iterations = iterations
        self.memoryKiB = memoryKiB
    }

    /// A cheap cost for tests (t=1, m=64 KiB).
    public static let forTesting = PasswordHasher(iterations: 1, memoryKiB: 64)

    /// The encoded Argon2id hash of `password` with a fresh random salt. The corresponding C function is
    /// `argon2id_hash_encoded`.
    /// - Throws: `StudioError.internalError` when libargon2 fails (out of memory).
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let length = argon2_encodedlen(
            iterations, memoryKiB, parallelism, UInt32(Self.saltLength), UInt32(Self.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length + 1)
        let password = Array(password.utf8)
        let result = password.withUnsafeBytes { pwd in
            salt.withUnsafeBytes { saltBytes in
                argon2id_hash_encoded(
                    iterations, memoryKiB, parallelism, pwd.baseAddress, pwd.count, saltBytes.baseAddress,
                    saltBytes.count, Self.hashLength, &encoded, encoded.count)
            }
        }
        guard result == ARGON2_OK.rawValue else {
            throw StudioError(.internalError, message: "cannot hash the password (\(Self.message(result)))")
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches `encoded`; a malformed hash never matches. The corresponding C function is
    /// `argon2id_verify` (constant-time comparison).
    public func verify(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { return false }
        let password = Array(password.utf8)
        return password.withUnsafeBytes { pwd in
            argon2id_verify(encoded, pwd.baseAddress, pwd.count) == ARGON2_OK.rawValue
        }
    }

    /// A hash to verify against when the name is unknown, so an unknown name takes as long as a wrong password.
    func decoy() -> String {
        (try? hash("segue-decoy-password")) ?? ""
    }

    private static func message(_ code: Int32) -> String {
        argon2_error_message(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
