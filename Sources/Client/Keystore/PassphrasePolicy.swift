import Crypto

/// What a passphrase must be.
///
/// - A new passphrase (creating a keystore, changing its passphrase) has at
///   least `minimumLength` characters, counted as Unicode scalars of its
///   UTF-8 bytes (so "ééééééééé" is 9, not 18). Ten characters is a floor,
///   not advice: Argon2id slows guessing, it cannot make "password1" strong.
/// - Any passphrase is at most `maximumByteCount` bytes, not empty, and
///   contains no line break (a passphrase file's first line is the passphrase).
///
///     try PassphrasePolicy.check(passphrase, creating: true)
public enum PassphrasePolicy {
    /// The fewest characters of a new passphrase.
    public static let minimumLength = 10
    /// The most bytes of any passphrase (what a prompt or file reads).
    public static let maximumByteCount = 1024

    /// The number of Unicode scalars in the UTF-8 `bytes` (bytes that are
    /// not continuation bytes `10xxxxxx`).
    public static func length(of passphrase: SecureBytes) -> Int {
        passphrase.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    /// Throws `KeystoreError.weakPassphrase` with the reason when
    /// `passphrase` breaks a rule; `creating` adds the minimum length.
    public static func check(_ passphrase: SecureBytes, creating: Bool) throws(KeystoreError) {
        if passphrase.count == 0 { throw .weakPassphrase("the passphrase is empty") }
        if passphrase.count > maximumByteCount {
            throw .weakPassphrase("the passphrase is longer than \(maximumByteCount) bytes")
        }
        let hasLineBreak = passphrase.withUnsafeBytes { $0.contains(0x0A) || $0.contains(0x0D) }
        if hasLineBreak { throw .weakPassphrase("the passphrase contains a line break") }
        if creating && length(of: passphrase) < minimumLength {
            throw .weakPassphrase("a new passphrase needs at least \(minimumLength) characters")
        }
    }
}
