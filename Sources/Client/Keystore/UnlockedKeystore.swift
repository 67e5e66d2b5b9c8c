import Crypto
import Platform

/// A keystore opened with its passphrase: the member's secret keys, ids and
/// cached epoch keys, in memory, plus what it takes to write them back
/// under the same passphrase (the Argon2id output, not the passphrase).
///
///     var keystore = try Keystore.open(path: profile.keystorePath, passphrase: passphrase)
///     let signature = keystore.signingKey.sign(message)
///     keystore.epochKeys["\(keyringID)/\(epoch)"] = epochKey
///     try keystore.save()
///
/// Every secret is in a `SecureBytes` (zeroed when the last copy goes).
public struct UnlockedKeystore: Sendable {
    /// The file this keystore was read from and `save()` writes.
    public let path: String
    /// The member's Ed25519 `sign` key.
    public let signingKey: SigningSecretKey
    /// The member's X25519 `box` key.
    public let boxKey: BoxSecretKey
    /// The member id (= the application id), a lower-case UUID made when the
    /// keys were made.
    public let memberID: String
    /// The community id, once known (a lower-case UUID).
    public var communityID: String?
    /// Cached epoch keys, by a name of the caller's (e.g. `"<keyring-id>/<epoch>"`).
    /// Changes reach the file on `save()`, encrypted like the rest.
    public var epochKeys: [String: SecureBytes]
    /// The key material that seals the file again.
    let sealer: KeystoreSealer

    /// The Argon2id parameters this keystore is (and will be) sealed with.
    public var parameters: PasswordHash.Parameters { sealer.parameters }

    /// The key-bundle fingerprint (PROTOCOL.md §1), e.g.
    /// `ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb`.
    public var fingerprint: String {
        KeyBundle.fingerprint(signPublicKey: signingKey.publicKey, boxPublicKey: boxKey.publicKey)
    }

    init(path: String, secrets: KeystoreSecrets, sealer: KeystoreSealer) throws(KeystoreError) {
        do {
            signingKey = try SigningSecretKey(seed: secrets.signSeed)
            boxKey = try BoxSecretKey(seed: secrets.boxSeed)
        } catch {
            throw .damaged("invalid key seeds")
        }
        self.path = path
        memberID = secrets.memberID
        communityID = secrets.communityID
        epochKeys = secrets.epochKeys
        self.sealer = sealer
    }

    /// The secrets as they are now.
    var secrets: KeystoreSecrets {
        KeystoreSecrets(signSeed: signingKey.exportSeed(), boxSeed: boxKey.exportSeed(),
                        memberID: memberID, communityID: communityID, epochKeys: epochKeys)
    }

    /// Re-encrypts everything (fresh nonce, same passphrase and parameters)
    /// and replaces the file atomically, mode 0600. Throws `invalidValue`
    /// for a community id that is not a lower-case UUID or an empty
    /// epoch-key name.
    public func save() throws(KeystoreError) {
        try Keystore.validate(secrets)
        let bytes = try sealer.seal(secrets)
        do {
            try Files.writeAtomically(path, bytes, mode: 0o600)
        } catch {
            throw .io(path: path, error)
        }
    }
}

extension UnlockedKeystore: CustomStringConvertible {
    /// The member id and fingerprint, never a secret.
    public var description: String { "UnlockedKeystore(member: \(memberID), fingerprint: \(fingerprint))" }
}
