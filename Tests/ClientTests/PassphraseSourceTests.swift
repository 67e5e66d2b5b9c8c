#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Platform
import Testing
@testable import Client

@Suite struct PassphraseSourceTests {
    @Test func resolveOrderIsFileThenEnvironmentThenTerminal() {
        let env = ["TRUSTFORUM_PASSPHRASE": "from the environment"]
        #expect(PassphraseSource.resolve(file: "/p", environment: env) == .file(path: "/p"))
        #expect(PassphraseSource.resolve(file: nil, environment: env) == .environment(variable: "TRUSTFORUM_PASSPHRASE"))
        #expect(PassphraseSource.resolve(file: nil, environment: ["TRUSTFORUM_PASSPHRASE": ""]) == .environment(variable: "TRUSTFORUM_PASSPHRASE"))
        #expect(PassphraseSource.resolve(file: nil, environment: [:]) == .terminal(device: "/dev/tty"))
        #expect(PassphraseSource.resolve(file: nil, environment: [:], terminal: "/dev/pts/9") == .terminal(device: "/dev/pts/9"))
    }

    @Test func fileWinsOverEnvironment() throws {
        try withTemporaryDirectory { dir in
            try writeFile(dir + "/pass", "passphrase from the file\n")
            let env = ["TRUSTFORUM_PASSPHRASE": "passphrase from the environment"]
            let source = PassphraseSource.resolve(file: dir + "/pass", environment: env)
            #expect(try source.read(for: .unlock, environment: env) == secret("passphrase from the file"))
            let fromEnvironment = PassphraseSource.resolve(file: nil, environment: env)
            #expect(try fromEnvironment.read(for: .create, environment: env) == secret("passphrase from the environment"))
        }
    }

    @Test(arguments: [
        ("first line is it\nsecond line", "first line is it"),
        ("windows line ending\r\n", "windows line ending"),
        ("no line break at all", "no line break at all"),
        ("ünïcödé pässphrase\n", "ünïcödé pässphrase"),
        ("  spaces are kept  \n", "  spaces are kept  "),
    ])
    func fileSourceReadsTheFirstLine(content: String, expected: String) throws {
        try withTemporaryDirectory { dir in
            try writeFile(dir + "/pass", content)
            #expect(try PassphraseSource.file(path: dir + "/pass").read(for: .create, environment: [:]) == secret(expected))
        }
    }

    @Test func fileSourceRefusals() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/pass"
            for mode: mode_t in [0o640, 0o604, 0o644, 0o660] {
                Files.remove(path)
                try writeFile(path, "a good long passphrase\n", mode: mode)
                let error = #expect(throws: PassphraseError.self) { try PassphraseSource.file(path: path).read(for: .unlock, environment: [:]) }
                #expect(error?.description.contains("chmod 600 \(path)") == true)
            }
            Files.remove(path)
            try writeFile(path, "\nsecond line")
            #expect(throws: PassphraseError.file(path: path, reason: "the first line is empty")) {
                try PassphraseSource.file(path: path).read(for: .unlock, environment: [:])
            }
            Files.remove(path)
            try writeFile(path, String(repeating: "x", count: 2000))
            #expect(throws: PassphraseError.self) { try PassphraseSource.file(path: path).read(for: .unlock, environment: [:]) }
            #expect(throws: PassphraseError.file(path: dir + "/missing", reason: "no such file")) {
                try PassphraseSource.file(path: dir + "/missing").read(for: .unlock, environment: [:])
            }
            #expect(throws: PassphraseError.self) { try PassphraseSource.file(path: dir).read(for: .unlock, environment: [:]) }
        }
    }

    @Test func environmentSource() throws {
        let source = PassphraseSource.environment(variable: "TRUSTFORUM_PASSPHRASE")
        #expect(try source.read(for: .unlock, environment: ["TRUSTFORUM_PASSPHRASE": "a passphrase"]) == secret("a passphrase"))
        #expect(throws: PassphraseError.emptyEnvironment) { try source.read(for: .unlock, environment: ["TRUSTFORUM_PASSPHRASE": ""]) }
        #expect(throws: PassphraseError.noSource) { try source.read(for: .unlock, environment: [:]) }
    }

    /// New passphrases need `PassphrasePolicy.minimumLength` characters;
    /// unlocking takes whatever was chosen before.
    @Test func creatingAppliesTheMinimumLength() throws {
        let source = PassphraseSource.environment(variable: "TRUSTFORUM_PASSPHRASE")
        #expect(throws: PassphraseError.policy("a new passphrase needs at least 10 characters")) {
            try source.read(for: .create, environment: ["TRUSTFORUM_PASSPHRASE": "123456789"])
        }
        #expect(try source.read(for: .unlock, environment: ["TRUSTFORUM_PASSPHRASE": "123456789"]) == secret("123456789"))
        #expect(try source.read(for: .create, environment: ["TRUSTFORUM_PASSPHRASE": "1234567890"]) == secret("1234567890"))
        // Ten characters, not ten bytes.
        #expect(PassphrasePolicy.length(of: secret("éééééééééé")) == 10)
        #expect(throws: PassphraseError.self) { try source.read(for: .create, environment: ["TRUSTFORUM_PASSPHRASE": "ééééééééé"]) }
    }

    @Test func noTerminalIsAClearError() {
        for device in ["/nonexistent/tty", "/dev/null"] {
            let error = #expect(throws: PassphraseError.noSource) {
                try PassphraseSource.terminal(device: device).read(for: .unlock, environment: [:])
            }
            #expect(error?.description == "no passphrase: use --passphrase-file or TRUSTFORUM_PASSPHRASE, or run in a terminal")
        }
    }
}
