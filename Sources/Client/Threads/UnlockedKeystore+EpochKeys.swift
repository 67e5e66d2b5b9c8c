import Crypto

/// The keystore as the cache of epoch keys (PROTOCOL.md §2): keys this
/// client verified, under `"<keyring_id>/<epoch>"`, encrypted with the rest
/// of the keystore, so old posts stay readable after a rotation or after the
/// server stops serving old wraps.
///
///     let keyring = try KeyringView.verify(answer, log: log, community: community, member: me,
///                                          cachedKeys: keystore.cachedEpochKeys(keyringID: id))
///     try keystore.rememberEpochKeys(of: keyring)     // saves only when something is new
extension UnlockedKeystore {
    /// The cache name of an epoch key.
    public static func epochKeyName(keyringID: String, epoch: UInt64) -> String { "\(keyringID)/\(epoch)" }

    /// The cached keys of one keyring, by epoch.
    public func cachedEpochKeys(keyringID: String) -> [UInt64: SecureBytes] {
        let prefix = keyringID + "/"
        var keys: [UInt64: SecureBytes] = [:]
        for (name, key) in epochKeys where name.hasPrefix(prefix) {
            if let epoch = UInt64(name.dropFirst(prefix.count)) { keys[epoch] = key }
        }
        return keys
    }

    /// Adds verified keys to the cache (in memory); returns whether any was new.
    @discardableResult
    public mutating func cacheEpochKeys(_ keys: [UInt64: SecureBytes], keyringID: String) -> Bool {
        var changed = false
        for (epoch, key) in keys {
            let name = UnlockedKeystore.epochKeyName(keyringID: keyringID, epoch: epoch)
            if epochKeys[name] != key {
                epochKeys[name] = key
                changed = true
            }
        }
        return changed
    }

    /// Caches every key of a verified keyring and writes the keystore when
    /// one was new. Call it for an epoch this client made only after the
    /// server accepted it (a lost race leaves another key at that number).
    public mutating func rememberEpochKeys(of keyring: VerifiedKeyring) throws(KeystoreError) {
        if cacheEpochKeys(keyring.keys, keyringID: keyring.keyringID) { try save() }
    }
}
