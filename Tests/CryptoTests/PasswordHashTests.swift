import Crypto
import Testing

@Suite struct PasswordHashTests {
    let salt: [UInt8] = Array(0...15)

    @Test func namedSetsAreLibsodiums() throws {
        #expect(PasswordHash.Parameters.interactive.opsLimit == 2 && PasswordHash.Parameters.interactive.memLimit == 64 << 20)
        #expect(PasswordHash.Parameters.moderate.opsLimit == 3 && PasswordHash.Parameters.moderate.memLimit == 256 << 20)
        #expect(PasswordHash.Parameters.sensitive.opsLimit == 4 && PasswordHash.Parameters.sensitive.memLimit == 1 << 30)
        #expect(PasswordHash.saltByteCount == 16)
        // Explicit values, as read back from a keystore header, equal the named set.
        #expect(try PasswordHash.Parameters(opsLimit: 2, memLimit: 67_108_864) == .interactive)
    }

    /// Argon2id13, INTERACTIVE: deterministic, and equal to PyNaCl's `argon2id.kdf`
    /// (which also shows the algorithm is Argon2id, not Argon2i).
    @Test func interactiveIsDeterministicAndMatchesLibsodiumElsewhere() throws {
        let a = try PasswordHash.deriveKey(from: "correct horse battery staple", salt: salt, parameters: .interactive)
        let b = try PasswordHash.deriveKey(from: SecureBytes(Array("correct horse battery staple".utf8)), salt: salt, parameters: .interactive)
        #expect(a == b)
        #expect(a.copyBytes() == hex("c05ce4c4dd7e0e45ee6011cc59d068ade47df1b01fc0cf9cd4678bdf68a5b7b0"))
        let otherSalt = try PasswordHash.deriveKey(from: "correct horse battery staple", salt: PasswordHash.newSalt(), parameters: .interactive)
        #expect(otherSalt != a)
        let otherPassword = try PasswordHash.deriveKey(from: "correct horse battery stapler", salt: salt, parameters: .interactive)
        #expect(otherPassword != a)
        _ = try SecretBoxKey(a) // the keystore key
    }

    @Test func refusesBadInputs() throws {
        for n in [0, 15, 17, 32] {
            #expect(throws: CryptoError.self) { try PasswordHash.deriveKey(from: "pw", salt: Array(repeating: 0, count: n), parameters: .interactive) }
        }
        #expect(throws: CryptoError.self) { try PasswordHash.deriveKey(from: "pw", salt: salt, parameters: .interactive, length: 15) }
        #expect(throws: CryptoError.self) { try PasswordHash.Parameters(opsLimit: 0, memLimit: 67_108_864) }
        #expect(throws: CryptoError.self) { try PasswordHash.Parameters(opsLimit: 2, memLimit: 1024) }
        #expect(throws: CryptoError.self) { try PasswordHash.Parameters(opsLimit: 2, memLimit: -1) }
        #expect(throws: CryptoError.self) { try PasswordHash.Parameters(opsLimit: UInt64(UInt32.max) + 1, memLimit: 67_108_864) }
    }

    @Test func smallExplicitParametersWork() throws {
        let cheap = try PasswordHash.Parameters(opsLimit: 1, memLimit: 8192)
        let key = try PasswordHash.deriveKey(from: "", salt: salt, parameters: cheap, length: 16)
        #expect(key.count == 16)
        #expect(try PasswordHash.deriveKey(from: "", salt: salt, parameters: cheap, length: 16) == key)
    }
}
