import Testing

@testable import SegueServer

@Suite struct PasswordHasherTests {
    @Test func aHashVerifiesItsPasswordOnly() throws {
        let hasher = PasswordHasher.forTesting
        let hash = try hasher.hash("correct horse")
        #expect(hash.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
        #expect(hasher.verify("correct horse", against: hash))
        #expect(!hasher.verify("correct horsf", against: hash))
        #expect(!hasher.verify("correct horse", against: "$argon2id$garbage"))
        #expect(!hasher.verify("correct horse", against: ""))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() throws {
        let hasher = PasswordHasher.forTesting
        #expect(try hasher.hash("password1") != hasher.hash("password1"))
    }

    @Test func theProductionCostIsArgon2idT3M64MiB() throws {
        let hasher = PasswordHasher()
        #expect(hasher.iterations == 3 && hasher.memoryKiB == 65536 && hasher.parallelism == 1)
        // The encoded form carries its parameters, so a cheaper test hash still verifies under production settings.
        let cheap = try PasswordHasher.forTesting.hash("pw")
        #expect(hasher.verify("pw", against: cheap))
    }
}
