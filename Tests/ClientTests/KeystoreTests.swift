import Crypto
import Foundation
import Platform
import Testing
@testable import Client

extension KeystoreError {
    /// Whether this is `.damaged`, whatever the reason.
    var isDamage: Bool {
        if case .damaged = self { return true }
        return false
    }
}

@Suite struct KeystoreTests {
    let fixture = KeystoreFixture.shared

    @Test func roundTripKeepsKeysIdsAndEpochKeys() throws {
        try withTemporaryDirectory { dir in
            let keystore = try fixture.open(in: dir)
            #expect(keystore.signingKey.publicKey == fixture.signPublicKey)
            #expect(keystore.boxKey.publicKey == fixture.boxPublicKey)
            #expect(keystore.fingerprint == fixture.fingerprint)
            #expect(keystore.memberID == KeystoreFixture.memberID)
            #expect(keystore.communityID == KeystoreFixture.communityID)
            #expect(keystore.parameters == .interactive)
            #expect(keystore.epochKeys.keys.sorted() == ["keyring-1/7"])
            #expect(keystore.epochKeys["keyring-1/7"] == SecureBytes(fixture.epochKey))
            let message = Array("hello".utf8)
            #expect(fixture.signPublicKey.isValidSignature(keystore.signingKey.sign(message), for: message))
            #expect(!String(describing: keystore).contains(Hex.encode(fixture.signSeed)))
        }
    }

    @Test func createMakesNewKeysAndAMemberIDAndAPrivateFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/keystore"
            let keystore = try Keystore.create(path: path, passphrase: secret(KeystoreFixture.passphrase), parameters: .interactive)
            #expect(Keystore.isLowercaseUUID(keystore.memberID))
            #expect(keystore.communityID == nil)
            #expect(keystore.epochKeys.isEmpty)
            #expect(keystore.fingerprint != fixture.fingerprint)
            #expect(Files.mode(path) == 0o600)
            let again = try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase))
            #expect(again.fingerprint == keystore.fingerprint && again.memberID == keystore.memberID && again.communityID == nil)
            // Never over an existing file.
            #expect(throws: KeystoreError.alreadyExists(path: path)) {
                try Keystore.create(path: path, passphrase: secret(KeystoreFixture.passphrase), parameters: .interactive)
            }
            #expect(try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase)).fingerprint == keystore.fingerprint)
        }
    }

    @Test func createRefusesWeakPassphrasesAndBadIDs() throws {
        try withTemporaryDirectory { dir in
            for weak in ["", "short", "123456789"] {
                #expect(throws: KeystoreError.self) {
                    try Keystore.create(path: dir + "/k", passphrase: secret(weak), parameters: .interactive)
                }
            }
            #expect(throws: KeystoreError.self) {
                try Keystore.create(path: dir + "/k", passphrase: secret("line\nbreak-in-it"), parameters: .interactive)
            }
            for id in ["not-a-uuid", "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B"] {
                #expect(throws: KeystoreError.self) {
                    try Keystore.create(path: dir + "/k", passphrase: secret(KeystoreFixture.passphrase), parameters: .interactive, memberID: id)
                }
            }
            #expect(!Files.exists(dir + "/k"))
        }
    }

    /// The header is bytes 0..<72 and records the parameters.
    @Test func headerRecordsFormatAndParameters() {
        let bytes = fixture.bytes
        #expect(Array(bytes[0..<8]) == Array("TF-KEYS".utf8) + [0])
        #expect(KeystoreFormat.integer(bytes, at: 8, width: 2) == 1)
        #expect(KeystoreFormat.integer(bytes, at: 10, width: 2) == 0)
        #expect(KeystoreFormat.integer(bytes, at: 12, width: 8) == PasswordHash.Parameters.interactive.opsLimit)
        #expect(KeystoreFormat.integer(bytes, at: 20, width: 8) == UInt64(PasswordHash.Parameters.interactive.memLimit))
        let n = Int(KeystoreFormat.integer(bytes, at: 68, width: 4))
        #expect(bytes.count == 72 + n + 32)
        #expect(Array(bytes.suffix(32)) == GenericHash.hash(Array(bytes.dropLast(32))))
    }

    @Test func moderateIsTheDefault() {
        #expect(Keystore.defaultParameters == .moderate)
    }

    @Test func wrongPassphraseIsRefused() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: KeystoreError.wrongPassphrase) { try fixture.open(in: dir, passphrase: "correct horse battery stapler") }
            #expect(throws: KeystoreError.self) { try fixture.open(in: dir, passphrase: "") }
        }
    }

    /// Any changed byte, header or not, fails the checksum before Argon2id runs.
    @Test func everyChangedByteIsDamage() throws {
        try withTemporaryDirectory { dir in
            for index in fixture.bytes.indices {
                let changed = KeystoreFixture.flipped(fixture.bytes, at: index)
                let error = #expect(throws: KeystoreError.self, "byte \(index)") { try fixture.open(changed, in: dir) }
                #expect(error?.isDamage == true, "byte \(index): \(String(describing: error))")
                #expect(throws: (any Error).self) { try KeystoreFormat.parse(changed) }
            }
        }
    }

    /// A forger who also fixes the checksum still cannot change any header
    /// byte: the key is bound to the whole header.
    @Test(arguments: 0..<KeystoreFormat.headerSize)
    func forgedHeaderByteIsRefused(index: Int) throws {
        let forged = KeystoreFixture.rechecksummed(KeystoreFixture.flipped(fixture.bytes, at: index))
        try withTemporaryDirectory { dir in
            do {
                _ = try fixture.open(forged, in: dir)
                Issue.record("a forged header byte \(index) was accepted")
            } catch let error as KeystoreError {
                switch (index, error) {
                case (0..<8, .damaged), (10..<12, .damaged), (68..<72, .damaged): break
                case (8..<10, .unsupportedVersion): break
                case (12..<28, .unsafeParameters), (12..<28, .wrongPassphrase): break
                case (28..<68, .wrongPassphrase): break
                default: Issue.record("byte \(index): unexpected \(error)")
                }
            }
        }
    }

    @Test func storedLimitsAreBoundAndBounded() throws {
        let ops = KeystoreFormat.opsOffset, mem = KeystoreFormat.memOffset
        let interactiveMem = UInt64(PasswordHash.Parameters.interactive.memLimit)
        func forge(_ offset: Int, _ value: UInt64) -> [UInt8] {
            KeystoreFixture.rechecksummed(KeystoreFixture.replacing(fixture.bytes, at: offset, width: 8, with: value))
        }
        try withTemporaryDirectory { dir in
            // Weaker than INTERACTIVE, or absurdly large: refused before deriving anything.
            #expect(throws: KeystoreError.unsafeParameters(opsLimit: 1, memLimit: interactiveMem)) { try fixture.open(forge(ops, 1), in: dir) }
            #expect(throws: KeystoreError.unsafeParameters(opsLimit: 2, memLimit: 8 << 20)) { try fixture.open(forge(mem, 8 << 20), in: dir) }
            #expect(throws: KeystoreError.unsafeParameters(opsLimit: 2, memLimit: 1 << 40)) { try fixture.open(forge(mem, 1 << 40), in: dir) }
            #expect(throws: KeystoreError.unsafeParameters(opsLimit: 1 << 32, memLimit: interactiveMem)) { try fixture.open(forge(ops, 1 << 32), in: dir) }
            // Stronger but different: another key.
            #expect(throws: KeystoreError.wrongPassphrase) { try fixture.open(forge(ops, 3), in: dir) }
            // memlimit + 1 byte: Argon2id rounds memory down to KiB, so A is
            // the same; only the header binding makes K differ.
            #expect(throws: KeystoreError.wrongPassphrase) { try fixture.open(forge(mem, interactiveMem + 1), in: dir) }
            let salt = Array(fixture.bytes[KeystoreFormat.saltOffset..<KeystoreFormat.saltOffset + 16])
            let plusOne = try PasswordHash.Parameters(opsLimit: 2, memLimit: Int(interactiveMem) + 1)
            #expect(try PasswordHash.deriveKey(from: secret(KeystoreFixture.passphrase), salt: salt, parameters: plusOne)
                == PasswordHash.deriveKey(from: secret(KeystoreFixture.passphrase), salt: salt, parameters: .interactive))
        }
    }

    @Test func flippedCiphertextIsRefused() throws {
        let start = KeystoreFormat.headerSize, end = fixture.bytes.count - KeystoreFormat.checksumSize
        try withTemporaryDirectory { dir in
            for index in [start, start + 1, (start + end) / 2, end - 16, end - 1] {
                let flipped = KeystoreFixture.flipped(fixture.bytes, at: index)
                #expect(throws: KeystoreError.damaged("checksum mismatch")) { try fixture.open(flipped, in: dir) }
                #expect(throws: KeystoreError.wrongPassphrase) { try fixture.open(KeystoreFixture.rechecksummed(flipped), in: dir) }
            }
        }
    }

    @Test func truncatedOrExtendedFileIsRefused() throws {
        for length in 0..<fixture.bytes.count {
            #expect(throws: KeystoreError.self) { try KeystoreFormat.parse(Array(fixture.bytes.prefix(length))) }
        }
        #expect(throws: KeystoreError.self) { try KeystoreFormat.parse(fixture.bytes + [0]) }
        try withTemporaryDirectory { dir in
            #expect(throws: KeystoreError.self) { try fixture.open(Array(fixture.bytes.dropLast()), in: dir) }
            #expect(throws: KeystoreError.self) { try fixture.open([], in: dir) }
        }
    }

    @Test func groupOrOtherAccessIsRefusedWithTheFix() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/keystore"
            try Files.createExclusive(path, fixture.bytes, mode: 0o600)
            for mode: mode_t in [0o644, 0o640, 0o604, 0o660, 0o602] {
                chmod(path, mode)
                #expect(throws: KeystoreError.insecureMode(path: path, mode: UInt32(mode))) {
                    try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase))
                }
            }
            chmod(path, 0o644)
            let message = KeystoreError.insecureMode(path: path, mode: 0o644).description
            #expect(message.contains("chmod 600 \(path)") && message.contains("0644"))
            chmod(path, 0o400)
            #expect(try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase)).fingerprint == fixture.fingerprint)
            #expect(throws: KeystoreError.notFound(path: dir + "/missing")) {
                try Keystore.open(path: dir + "/missing", passphrase: secret(KeystoreFixture.passphrase))
            }
            #expect(throws: KeystoreError.self) { try Keystore.open(path: dir, passphrase: secret(KeystoreFixture.passphrase)) }
        }
    }

    @Test func epochKeysSurviveSaveAndAreNeverInClear() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/keystore"
            var keystore = try Keystore.create(path: path, passphrase: secret(KeystoreFixture.passphrase), parameters: .interactive)
            let first = Random.bytes(32), second = Random.bytes(32)
            keystore.epochKeys["kr-a/1"] = SecureBytes(first)
            keystore.epochKeys["kr-b/12"] = SecureBytes(second)
            keystore.communityID = KeystoreFixture.communityID
            try keystore.save()
            #expect(Files.mode(path) == 0o600)
            let file = try Files.read(path)
            for clear in [first, second, keystore.signingKey.exportSeed().copyBytes(), keystore.boxKey.exportSeed().copyBytes()] {
                #expect(!contains(file, clear))
                #expect(!contains(file, Array(clear.prefix(8))))
            }
            var reopened = try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase))
            #expect(reopened.epochKeys["kr-a/1"] == SecureBytes(first))
            #expect(reopened.epochKeys["kr-b/12"] == SecureBytes(second))
            #expect(reopened.communityID == KeystoreFixture.communityID)
            #expect(reopened.fingerprint == keystore.fingerprint)
            // Removing one and saving again; every write has a new nonce.
            reopened.epochKeys["kr-a/1"] = nil
            try reopened.save()
            let rewritten = try Files.read(path)
            #expect(Array(rewritten[44..<68]) != Array(file[44..<68]))
            #expect(Array(rewritten[28..<44]) == Array(file[28..<44])) // same passphrase, same salt
            #expect(try Keystore.open(path: path, passphrase: secret(KeystoreFixture.passphrase)).epochKeys.keys.sorted() == ["kr-b/12"])
        }
    }

    @Test func saveRefusesBadValues() throws {
        try withTemporaryDirectory { dir in
            var keystore = try fixture.open(in: dir)
            keystore.communityID = "Not-A-UUID"
            #expect(throws: KeystoreError.self) { try keystore.save() }
            keystore.communityID = nil
            keystore.epochKeys[""] = SecureBytes.random(count: 32)
            #expect(throws: KeystoreError.self) { try keystore.save() }
        }
    }

    @Test func exportAndImportCopyTheVerifiedCiphertext() throws {
        try withTemporaryDirectory { dir in
            let source = dir + "/keystore", exported = dir + "/backup.keystore", imported = dir + "/other/keystore"
            try Files.createExclusive(source, fixture.bytes, mode: 0o600)
            let passphrase = secret(KeystoreFixture.passphrase)
            try Keystore.export(from: source, to: exported, passphrase: passphrase)
            #expect(try Files.read(exported) == fixture.bytes)
            #expect(Files.mode(exported) == 0o600)
            // Refuses to overwrite, and leaves the existing file alone.
            try Files.createExclusive(dir + "/taken", [1, 2, 3], mode: 0o600)
            #expect(throws: KeystoreError.alreadyExists(path: dir + "/taken")) {
                try Keystore.export(from: source, to: dir + "/taken", passphrase: passphrase)
            }
            #expect(try Files.read(dir + "/taken") == [1, 2, 3])
            // A wrong passphrase writes nothing.
            #expect(throws: KeystoreError.wrongPassphrase) {
                try Keystore.export(from: source, to: dir + "/nothing", passphrase: secret("not the passphrase"))
            }
            #expect(!Files.exists(dir + "/nothing"))

            try Files.makeDirectory(dir + "/other")
            try Keystore.import(from: exported, to: imported, passphrase: passphrase)
            #expect(Files.mode(imported) == 0o600)
            #expect(try Keystore.open(path: imported, passphrase: passphrase).fingerprint == fixture.fingerprint)
            #expect(throws: KeystoreError.alreadyExists(path: imported)) {
                try Keystore.import(from: exported, to: imported, passphrase: passphrase)
            }
            // A damaged export is not imported.
            try Files.createExclusive(dir + "/damaged", KeystoreFixture.flipped(fixture.bytes, at: 100), mode: 0o600)
            #expect(throws: KeystoreError.self) { try Keystore.import(from: dir + "/damaged", to: dir + "/new", passphrase: passphrase) }
            #expect(!Files.exists(dir + "/new"))
        }
    }

    @Test func changePassphraseReencryptsUnderANewSalt() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/keystore"
            try Files.createExclusive(path, fixture.bytes, mode: 0o600)
            let old = secret(KeystoreFixture.passphrase), new = secret("a different passphrase")
            #expect(throws: KeystoreError.self) { try Keystore.changePassphrase(path: path, old: old, new: secret("short")) }
            #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.changePassphrase(path: path, old: new, new: new) }
            try Keystore.changePassphrase(path: path, old: old, new: new)
            #expect(Files.mode(path) == 0o600)
            let bytes = try Files.read(path)
            #expect(Array(bytes[28..<44]) != Array(fixture.bytes[28..<44]))
            #expect(throws: KeystoreError.wrongPassphrase) { try Keystore.open(path: path, passphrase: old) }
            let keystore = try Keystore.open(path: path, passphrase: new)
            #expect(keystore.fingerprint == fixture.fingerprint)
            #expect(keystore.epochKeys["keyring-1/7"] == SecureBytes(fixture.epochKey))
            #expect(keystore.parameters == .interactive)
        }
    }

    @Test func parametersOutsideTheRangeAreRefusedAtCreation() throws {
        let cases: [(UInt64, Int)] = [(1, 64 << 20), (2, 32 << 20), (2, (1 << 30) + 1024), (11, 64 << 20), (3, 2 << 30)]
        try withTemporaryDirectory { dir in
            for (ops, mem) in cases {
                let parameters = try PasswordHash.Parameters(opsLimit: ops, memLimit: mem)
                #expect(throws: KeystoreError.unsafeParameters(opsLimit: ops, memLimit: UInt64(mem))) {
                    try Keystore.create(path: dir + "/k", passphrase: secret(KeystoreFixture.passphrase), parameters: parameters)
                }
            }
            #expect(!Files.exists(dir + "/k"))
        }
        let message = KeystoreError.unsafeParameters(opsLimit: 1, memLimit: 1024).description
        #expect(message.contains("opslimit 2...10") && message.contains("memlimit 67108864...1073741824"))
    }

    @Test func plaintextFrameRoundTripsAndRefusesTrailingBytes() throws {
        let secrets = KeystoreSecrets(signSeed: .random(count: 32), boxSeed: .random(count: 32), memberID: KeystoreFixture.memberID,
                                      communityID: nil, epochKeys: ["b": .random(count: 32), "a": .random(count: 5)])
        let encoded = secrets.encoded()
        let decoded = try KeystoreSecrets.decode(encoded)
        #expect(decoded.signSeed == secrets.signSeed && decoded.boxSeed == secrets.boxSeed)
        #expect(decoded.memberID == secrets.memberID && decoded.communityID == nil)
        #expect(decoded.epochKeys == secrets.epochKeys)
        // The frame is PROTOCOL.md §1's: context first, names in byte order.
        let bytes = encoded.copyBytes()
        #expect(Array(bytes[0..<4]) == [0, 0, 0, 22] && Array(bytes[4..<26]) == Array("trustforum/keystore/v1".utf8))
        #expect(throws: KeystoreError.self) { try KeystoreSecrets.decode(SecureBytes(bytes + [0])) }
        #expect(throws: KeystoreError.self) { try KeystoreSecrets.decode(SecureBytes(Array(bytes.dropLast()))) }
    }
}
