import Crypto

/// The key material of an unlocked keystore: the Argon2id output `A`, with
/// the salt and limits that produced it. Sealing writes a fresh nonce, so
/// each write has its own header and therefore its own `K`
/// (see `KeystoreFormat`); the passphrase itself is not kept.
struct KeystoreSealer: Sendable {
    /// `A`, the Argon2id13 output (32 bytes).
    let masterKey: SecureBytes
    let salt: [UInt8]
    let parameters: PasswordHash.Parameters

    /// Derives `A` from `passphrase` with a new random salt.
    init(passphrase: SecureBytes, parameters: PasswordHash.Parameters) throws(KeystoreError) {
        try Keystore.checkLimits(opsLimit: parameters.opsLimit, memLimit: UInt64(parameters.memLimit))
        try self.init(passphrase: passphrase, salt: PasswordHash.newSalt(), parameters: parameters)
    }

    /// Derives `A` for a header's salt and (already checked) limits.
    init(passphrase: SecureBytes, salt: [UInt8], parameters: PasswordHash.Parameters) throws(KeystoreError) {
        do {
            masterKey = try PasswordHash.deriveKey(from: passphrase, salt: salt, parameters: parameters, length: 32)
        } catch {
            throw .keyDerivationFailed
        }
        self.salt = salt
        self.parameters = parameters
    }

    /// The file bytes holding `secrets`, under a fresh nonce.
    func seal(_ secrets: KeystoreSecrets) throws(KeystoreError) -> [UInt8] {
        let plaintext = secrets.encoded()
        guard KeystoreFormat.headerSize + plaintext.count + SecretBox.macByteCount + KeystoreFormat.checksumSize
            <= KeystoreFormat.maximumFileSize
        else { throw .invalidValue("too many epoch keys for one keystore file") }
        var sealed = KeystoreFormat.Sealed(opsLimit: parameters.opsLimit, memLimit: UInt64(parameters.memLimit),
                                           salt: salt, nonce: Random.bytes(SecretBox.nonceByteCount),
                                           // Only its length enters the header.
                                           ciphertext: [UInt8](repeating: 0, count: plaintext.count + SecretBox.macByteCount))
        do {
            let key = try KeystoreFormat.boxKey(masterKey: masterKey, header: sealed.header)
            sealed.ciphertext = try SecretBox.seal(plaintext, nonce: sealed.nonce, key: key)
        } catch {
            preconditionFailure("sealing with checked lengths failed: \(error)")
        }
        return sealed.fileBytes
    }

    /// Opens parsed file contents: derives `A` (after the limits check),
    /// then `K`, then decrypts and decodes.
    static func open(_ sealed: KeystoreFormat.Sealed, passphrase: SecureBytes) throws(KeystoreError) -> (KeystoreSealer, KeystoreSecrets) {
        try Keystore.checkLimits(opsLimit: sealed.opsLimit, memLimit: sealed.memLimit)
        let parameters: PasswordHash.Parameters
        do {
            parameters = try PasswordHash.Parameters(opsLimit: sealed.opsLimit, memLimit: Int(sealed.memLimit))
        } catch {
            throw .unsafeParameters(opsLimit: sealed.opsLimit, memLimit: sealed.memLimit)
        }
        let sealer = try KeystoreSealer(passphrase: passphrase, salt: sealed.salt, parameters: parameters)
        let plaintext: SecureBytes
        do {
            let key = try KeystoreFormat.boxKey(masterKey: sealer.masterKey, header: sealed.header)
            plaintext = try SecretBox.open(sealed.ciphertext, nonce: sealed.nonce, key: key)
        } catch {
            throw .wrongPassphrase
        }
        return (sealer, try KeystoreSecrets.decode(plaintext))
    }
}
