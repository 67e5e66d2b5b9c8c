import Crypto
import Foundation
import Platform

/// The member's keystore file (PROTOCOL.md §2): the Ed25519 and X25519
/// seeds, the member and community ids and cached epoch keys, encrypted
/// under a key derived from a passphrase with Argon2id13. Mode 0600; the
/// byte layout is `KeystoreFormat`'s.
///
///     var keystore = try Keystore.create(path: dir + "/keystore", passphrase: passphrase)
///     let again = try Keystore.open(path: dir + "/keystore", passphrase: passphrase)
///     again.fingerprint == keystore.fingerprint   // true
///
/// Opening refuses a file that group or others can access (with the
/// `chmod 600` to run), a damaged file (`damaged`), a wrong passphrase
/// (`wrongPassphrase`) and Argon2id limits outside `minimumParameters` …
/// `maximumOpsLimit` / `maximumMemLimit` (`unsafeParameters`), the last
/// before deriving anything.
public enum Keystore {
    /// The parameters of new keystores: libsodium's MODERATE (3 passes, 256 MiB).
    public static let defaultParameters = PasswordHash.Parameters.moderate
    /// The weakest parameters accepted, in a header or at creation:
    /// libsodium's INTERACTIVE (2 passes, 64 MiB), which tests use.
    public static let minimumParameters = PasswordHash.Parameters.interactive
    /// The most Argon2id passes accepted (SENSITIVE uses 4).
    public static let maximumOpsLimit: UInt64 = 10
    /// The most Argon2id memory accepted: 1 GiB (SENSITIVE's).
    public static let maximumMemLimit: UInt64 = 1 << 30

    /// Makes new keys and a new member id, writes them to a new file at
    /// `path` (never over an existing one), mode 0600, and returns them
    /// unlocked. `passphrase` must satisfy `PassphrasePolicy` for a new
    /// passphrase; `memberID` defaults to a new lower-case UUID.
    public static func create(path: String, passphrase: SecureBytes,
                              parameters: PasswordHash.Parameters = defaultParameters,
                              memberID: String = UUID().uuidString.lowercased(),
                              communityID: String? = nil) throws(KeystoreError) -> UnlockedKeystore {
        try PassphrasePolicy.check(passphrase, creating: true)
        if Files.exists(path) { throw .alreadyExists(path: path) }
        let secrets = KeystoreSecrets(signSeed: SigningSecretKey().exportSeed(), boxSeed: BoxSecretKey().exportSeed(),
                                      memberID: memberID, communityID: communityID, epochKeys: [:])
        try validate(secrets)
        let sealer = try KeystoreSealer(passphrase: passphrase, parameters: parameters)
        try writeNew(path, sealer.seal(secrets))
        return try UnlockedKeystore(path: path, secrets: secrets, sealer: sealer)
    }

    /// Reads and decrypts the keystore at `path`.
    public static func open(path: String, passphrase: SecureBytes) throws(KeystoreError) -> UnlockedKeystore {
        let (sealer, secrets) = try unlock(readChecked(path), passphrase: passphrase)
        return try UnlockedKeystore(path: path, secrets: secrets, sealer: sealer)
    }

    /// Re-encrypts the keystore at `path` under `newPassphrase` (a new salt;
    /// `parameters`, or the file's own when nil) and replaces it atomically.
    public static func changePassphrase(path: String, old: SecureBytes, new: SecureBytes,
                                        parameters: PasswordHash.Parameters? = nil) throws(KeystoreError) {
        try PassphrasePolicy.check(new, creating: true)
        let keystore = try open(path: path, passphrase: old)
        let sealer = try KeystoreSealer(passphrase: new, parameters: parameters ?? keystore.parameters)
        let bytes = try sealer.seal(keystore.secrets)
        do {
            try Files.writeAtomically(path, bytes, mode: 0o600)
        } catch {
            throw .io(path: path, error)
        }
    }

    /// Copies the keystore at `source` (a profile's) to a new file
    /// `destination`, still encrypted, after checking that it opens with
    /// `passphrase`. Refuses to overwrite; the copy is mode 0600.
    public static func export(from source: String, to destination: String, passphrase: SecureBytes) throws(KeystoreError) {
        let bytes = try readChecked(source)
        _ = try unlock(bytes, passphrase: passphrase)
        try writeNew(destination, bytes)
    }

    /// Copies an exported keystore `source` to `destination` (a profile's
    /// keystore path), still encrypted, after checking that it opens with
    /// `passphrase`. Refuses to overwrite; the copy is mode 0600. The source
    /// must be private too: a copy others could read has leaked its
    /// ciphertext to offline guessing.
    public static func `import`(from source: String, to destination: String, passphrase: SecureBytes) throws(KeystoreError) {
        try export(from: source, to: destination, passphrase: passphrase)
    }

    /// Throws `unsafeParameters` unless the limits are within the accepted range.
    static func checkLimits(opsLimit: UInt64, memLimit: UInt64) throws(KeystoreError) {
        guard opsLimit >= minimumParameters.opsLimit, opsLimit <= maximumOpsLimit,
              memLimit >= UInt64(minimumParameters.memLimit), memLimit <= maximumMemLimit
        else { throw .unsafeParameters(opsLimit: opsLimit, memLimit: memLimit) }
    }

    /// Throws `invalidValue` for ids or epoch-key names the keystore must not hold.
    static func validate(_ secrets: KeystoreSecrets) throws(KeystoreError) {
        guard isLowercaseUUID(secrets.memberID) else {
            throw .invalidValue("member id \"\(secrets.memberID)\" is not a lower-case UUID")
        }
        if let community = secrets.communityID, !isLowercaseUUID(community) {
            throw .invalidValue("community id \"\(community)\" is not a lower-case UUID")
        }
        guard secrets.epochKeys.keys.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidValue("an epoch-key name is empty")
        }
    }

    /// Whether `text` is a UUID in the protocol's lower-case form.
    static func isLowercaseUUID(_ text: String) -> Bool {
        UUID(uuidString: text) != nil && text == text.lowercased() && text.utf8.count == 36
    }

    /// The bytes of the private file at `path`.
    static func readChecked(_ path: String) throws(KeystoreError) -> [UInt8] {
        do {
            return try PrivateFile.read(path, limit: KeystoreFormat.maximumFileSize)
        } catch {
            throw KeystoreError(error, path: path)
        }
    }

    /// Parses and decrypts file bytes.
    static func unlock(_ bytes: [UInt8], passphrase: SecureBytes) throws(KeystoreError) -> (KeystoreSealer, KeystoreSecrets) {
        try PassphrasePolicy.check(passphrase, creating: false)
        let (sealer, secrets) = try KeystoreSealer.open(KeystoreFormat.parse(bytes), passphrase: passphrase)
        try validate(secrets)
        return (sealer, secrets)
    }

    /// Creates `path` (it must not exist) with `bytes`, mode 0600.
    static func writeNew(_ path: String, _ bytes: [UInt8]) throws(KeystoreError) {
        do {
            try Files.createExclusive(path, bytes, mode: 0o600)
        } catch where error.code == EEXIST {
            throw .alreadyExists(path: path)
        } catch {
            throw .io(path: path, error)
        }
    }
}
