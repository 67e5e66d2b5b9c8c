import Crypto

extension PassphraseSource {
    /// Reads the passphrase and checks it against `PassphrasePolicy`
    /// (the minimum length only for `.create`). On a terminal, `.create`
    /// asks twice and refuses two different answers.
    ///
    ///     let passphrase = try PassphraseSource.resolve(file: nil, environment: env).read(for: .create, environment: env)
    ///
    /// The value of an environment variable is a Swift `String` the process
    /// already holds and cannot wipe; prefer the file or the terminal.
    public func read(for purpose: PassphrasePurpose, environment: [String: String],
                     prompt: String = "Passphrase: ") throws(PassphraseError) -> SecureBytes {
        let passphrase: SecureBytes
        switch self {
        case let .file(path):
            passphrase = try Self.readFile(path)
        case let .environment(variable):
            guard let value = environment[variable] else { throw .noSource }
            guard !value.isEmpty else { throw .emptyEnvironment }
            var bytes = Array(value.utf8)
            passphrase = SecureBytes(zeroing: &bytes)
        case let .terminal(device):
            let terminal = TerminalPrompt(device: device)
            if purpose == .create {
                passphrase = try terminal.readSecret(prompt: "New passphrase (at least \(PassphrasePolicy.minimumLength) characters): ")
                try Self.check(passphrase, purpose)
                let again = try terminal.readSecret(prompt: "Repeat the passphrase: ")
                guard again == passphrase else { throw .mismatch }
            } else {
                passphrase = try terminal.readSecret(prompt: prompt)
            }
        }
        try Self.check(passphrase, purpose)
        return passphrase
    }

    /// The first line of a private passphrase file, without "\n" or "\r\n".
    static func readFile(_ path: String) throws(PassphraseError) -> SecureBytes {
        let content: (bytes: SecureBytes, more: Bool)
        do {
            content = try PrivateFile.readSecret(path, limit: PassphrasePolicy.maximumByteCount + 2)
        } catch {
            throw .file(path: path, reason: reason(error, path: path))
        }
        let lineLength = content.bytes.withUnsafeBytes { bytes -> Int? in
            guard let newline = bytes.firstIndex(of: 0x0A) else { return content.more ? nil : bytes.count }
            return newline > 0 && bytes[newline - 1] == 0x0D ? newline - 1 : newline
        }
        guard let lineLength else {
            throw .file(path: path, reason: "the first line is longer than \(PassphrasePolicy.maximumByteCount) bytes")
        }
        guard lineLength > 0 else { throw .file(path: path, reason: "the first line is empty") }
        return content.bytes.withUnsafeBytes { bytes in
            SecureBytes(count: lineLength) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<lineLength])) }
        }
    }

    /// `PassphrasePolicy` as a passphrase error.
    static func check(_ passphrase: SecureBytes, _ purpose: PassphrasePurpose) throws(PassphraseError) {
        do {
            try PassphrasePolicy.check(passphrase, creating: purpose == .create)
        } catch {
            throw .policy(error.description)
        }
    }

    /// A file failure in words.
    private static func reason(_ failure: PrivateFile.Failure, path: String) -> String {
        switch failure {
        case .notFound: return "no such file"
        case .notRegular: return "not a regular file"
        case let .notOwned(uid): return "belongs to another user (uid \(uid))"
        case let .insecureMode(mode): return "mode \(PrivateFile.octal(mode)) gives group or others access; run: chmod 600 \(path)"
        case .tooLarge: return "too large"
        case let .system(error): return error.description
        }
    }
}
