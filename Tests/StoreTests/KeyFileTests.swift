import Crypto
import Foundation
import Platform
import Testing
@testable import Store

/// Key files: one line `trustforum-key/v1 KIND BASE64`, secrets 0600.
@Suite struct KeyFileTests {
    typealias Kind = KeyFile.Kind

    /// Runs `body` with a fresh directory and umask 022 (the usual one, so
    /// that 0600 comes from the code, not from the umask).
    func withKeyDirectory(_ body: (String) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let old = umask(0o022)
            defer { umask(old) }
            try body(dir)
        }
    }

    /// A key file written by hand, 0600.
    func handWritten(_ dir: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        let path = dir + "/hand-\(Hex.encode(Random.bytes(4))).key"
        try Files.createExclusive(path, Array(text.utf8), mode: mode)
        return path
    }

    @Test(arguments: Kind.allCases)
    func createAndReadRoundTrip(_ kind: Kind) throws {
        try withKeyDirectory { dir in
            let path = dir + "/keys/\(kind.rawValue).key"
            let key = SecureBytes.random(count: 32)
            try KeyFile.create(path, kind: kind, key: key)
            #expect(try KeyFile.read(path, kind: kind) == key)
            let text = String(decoding: try Files.read(path), as: UTF8.self)
            #expect(text == "trustforum-key/v1 \(kind.rawValue) \(Base64.encode(key.copyBytes()))\n")
            #expect(Files.mode(dir + "/keys") == 0o700)
        }
    }

    @Test func secretKindsAreOwnerOnlyAndThePublicKeyIsReadable() throws {
        try withKeyDirectory { dir in
            for kind in Kind.allCases {
                let path = dir + "/\(kind.rawValue).key"
                try KeyFile.create(path, kind: kind, key: SecureBytes.random(count: 32))
                let mode = try #require(Files.mode(path))
                if kind == .backupPublic {
                    // 0644 under umask 022; never more (the process umask is shared by parallel tests).
                    #expect(mode & ~0o644 == 0 && mode & 0o600 == 0o600, "\(kind): \(String(mode, radix: 8))")
                } else {
                    #expect(mode == 0o600, "\(kind)")
                }
            }
        }
    }

    @Test func theRealKeysRoundTrip() throws {
        try withKeyDirectory { dir in
            let signing = SigningSecretKey()
            try KeyFile.create(dir + "/s.key", kind: .serverSigning, key: signing.exportSeed())
            let seed = try KeyFile.read(dir + "/s.key", kind: .serverSigning)
            #expect(try SigningSecretKey(seed: seed).publicKey == signing.publicKey)

            let box = BoxSecretKey()
            try KeyFile.create(dir + "/b.key", kind: .backupSecret, key: box.exportSeed())
            try KeyFile.create(dir + "/b.pub", kind: .backupPublic, key: SecureBytes(box.publicKey.bytes))
            #expect(try BoxSecretKey(seed: KeyFile.read(dir + "/b.key", kind: .backupSecret)).publicKey == box.publicKey)
            #expect(try BoxPublicKey(KeyFile.read(dir + "/b.pub", kind: .backupPublic).copyBytes()) == box.publicKey)
        }
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o606, 0o610, 0o601, 0o777])
    func aSecretReadableByOthersIsRefused(_ mode: Int) throws {
        try withKeyDirectory { dir in
            let path = dir + "/audit.key"
            try KeyFile.create(path, kind: .auditMAC, key: SecureBytes.random(count: 32))
            chmod(path, mode_t(mode))
            #expect(throws: KeyFile.KeyFileError.insecureMode(path: path, mode: UInt32(mode))) {
                try KeyFile.read(path, kind: .auditMAC)
            }
            // Every secret kind is checked.
            for kind in [Kind.serverSigning, .backupSecret] {
                let other = dir + "/\(kind.rawValue).key"
                try KeyFile.create(other, kind: kind, key: SecureBytes.random(count: 32))
                chmod(other, mode_t(mode))
                #expect(throws: KeyFile.KeyFileError.insecureMode(path: other, mode: UInt32(mode))) {
                    try KeyFile.read(other, kind: kind)
                }
                Files.remove(other)
            }
        }
    }

    @Test func stricterModesAndAReadablePublicKeyAreAccepted() throws {
        try withKeyDirectory { dir in
            let key = SecureBytes.random(count: 32)
            try KeyFile.create(dir + "/a.key", kind: .auditMAC, key: key)
            chmod(dir + "/a.key", 0o400)
            #expect(try KeyFile.read(dir + "/a.key", kind: .auditMAC) == key)
            try KeyFile.create(dir + "/p.pub", kind: .backupPublic, key: key)
            chmod(dir + "/p.pub", 0o644)
            #expect(try KeyFile.read(dir + "/p.pub", kind: .backupPublic) == key)
        }
    }

    @Test func aKeyOfAnotherKindIsRefused() throws {
        try withKeyDirectory { dir in
            for stored in Kind.allCases {
                let path = dir + "/\(stored.rawValue).key"
                try KeyFile.create(path, kind: stored, key: SecureBytes.random(count: 32))
                chmod(path, 0o600)
                for asked in Kind.allCases where asked != stored {
                    #expect(throws: KeyFile.KeyFileError.wrongKind(path: path, expected: asked.rawValue, found: stored.rawValue)) {
                        try KeyFile.read(path, kind: asked)
                    }
                }
            }
        }
    }

    @Test func malformedFilesAreRefused() throws {
        try withKeyDirectory { dir in
            let good = Base64.encode(Random.bytes(32))
            let texts = [
                "",
                "\n",
                good + "\n",
                "trustforum-key/v1 audit-mac\n",
                "trustforum-key/v2 audit-mac \(good)\n",
                "trustforum-key audit-mac \(good)\n",
                "TRUSTFORUM-KEY/V1 audit-mac \(good)\n",
                "trustforum-key/v1  audit-mac \(good)\n",
                "trustforum-key/v1 audit-mac  \(good)\n",
                "trustforum-key/v1 audit-mac \(good) \n",
                "trustforum-key/v1 audit-mac \(good) extra\n",
                "trustforum-key/v1\taudit-mac\t\(good)\n",
                " trustforum-key/v1 audit-mac \(good)\n",
                "trustforum-key/v1 audit-mac \(good)\r\n",
                "trustforum-key/v1 audit-mac \(good)\n\n",
                "trustforum-key/v1 audit-mac \(good)\ntrustforum-key/v1 audit-mac \(good)\n",
                "trustforum-key/v1 audit-mac \(good.dropLast())\n",
                "trustforum-key/v1 audit-mac \(good.replacingOccurrences(of: "=", with: ""))\n",
                "trustforum-key/v1 audit-mac \(Base64.encode(Random.bytes(31)))\n",
                "trustforum-key/v1 audit-mac \(Base64.encode(Random.bytes(33)))\n",
                "trustforum-key/v1 audit-mac \(Base64.encode(Random.bytes(64)))\n",
                "trustforum-key/v1 audit-mac \(Hex.encode(Random.bytes(32)))\n",
                "trustforum-key/v1 audit-mac %%%%\n",
                "trustforum-key/v1 audit-mac \n",
            ]
            for text in texts {
                let path = try handWritten(dir, text)
                #expect(throws: KeyFile.KeyFileError.malformed(path: path), "\(text.debugDescription)") {
                    try KeyFile.read(path, kind: .auditMAC)
                }
            }
            // The same line without its final newline is fine.
            let bare = try handWritten(dir, "trustforum-key/v1 audit-mac \(good)")
            #expect(try KeyFile.read(bare, kind: .auditMAC).copyBytes() == (try Base64.decode(good)))
        }
    }

    @Test func aMissingFileIsUnreadable() throws {
        try withKeyDirectory { dir in
            let error = try #require(throws: KeyFile.KeyFileError.self) { try KeyFile.read(dir + "/none.key", kind: .auditMAC) }
            guard case .unreadable(let path, _) = error else {
                Issue.record("expected .unreadable, got \(error)")
                return
            }
            #expect(path == dir + "/none.key")
        }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        try withKeyDirectory { dir in
            let path = dir + "/audit.key"
            let first = SecureBytes.random(count: 32)
            try KeyFile.create(path, kind: .auditMAC, key: first)
            let before = try Files.read(path)
            for kind in Kind.allCases {
                #expect(throws: KeyFile.KeyFileError.exists(path: path)) {
                    try KeyFile.create(path, kind: kind, key: SecureBytes.random(count: 32))
                }
            }
            #expect(try Files.read(path) == before)
            #expect(try KeyFile.read(path, kind: .auditMAC) == first)

            // Nor any other file that happens to be there.
            let other = try handWritten(dir, "not a key\n", mode: 0o644)
            #expect(throws: KeyFile.KeyFileError.exists(path: other)) {
                try KeyFile.create(other, kind: .backupPublic, key: first)
            }
            #expect(try Files.read(other) == Array("not a key\n".utf8))
            #expect(Files.mode(other) == 0o644)
        }
    }

    @Test func aSymbolicLinkIsNotFollowedWhenCreating() throws {
        try withKeyDirectory { dir in
            let target = dir + "/elsewhere.key"
            let link = dir + "/audit.key"
            #expect(symlink(target, link) == 0)
            #expect(throws: KeyFile.KeyFileError.self) {
                try KeyFile.create(link, kind: .auditMAC, key: SecureBytes.random(count: 32))
            }
            #expect(!Files.exists(target))
        }
    }
}
