import Crypto

/// One key of a keyring, as the server keeps it: its number, the key check
/// every holder verifies after opening its wrap, and the creator's signature
/// binding both to the keyring log position the creator saw (PROTOCOL.md §4).
///
///     key_check = H(frame("trustforum/key-check/v1", keyring_id, u64(epoch), K))
///     epoch_sig = Ed25519(creator_sign_sk, frame("trustforum/epoch/v1", community_id, keyring_id,
///                         u64(epoch), key_check, u64(log_seq), log_head))
public struct Epoch: Sendable, Equatable {
    public let keyringID: String
    public let number: UInt64
    public let keyCheck: [UInt8]
    public let logSeq: UInt64
    public let logHead: [UInt8]
    public let creatorID: String
    public let signature: [UInt8]

    public init(keyringID: String, number: UInt64, keyCheck: [UInt8], logSeq: UInt64, logHead: [UInt8], creatorID: String, signature: [UInt8]) {
        self.keyringID = keyringID
        self.number = number
        self.keyCheck = keyCheck
        self.logSeq = logSeq
        self.logHead = logHead
        self.creatorID = creatorID
        self.signature = signature
    }

    public static func keyCheck(keyringID: String, epoch: UInt64, key: SecureBytes) -> [UInt8] {
        key.withUnsafeBytes { raw in
            GenericHash.hash(Frame.frame(context: "trustforum/key-check/v1", [.string(keyringID), .u64(epoch), .bytes(Array(raw))]))
        }
    }

    public static func signedBytes(communityID: String, keyringID: String, epoch: UInt64, keyCheck: [UInt8], logSeq: UInt64,
                                   logHead: [UInt8]) -> [UInt8] {
        Frame.frame(context: "trustforum/epoch/v1", [.string(communityID), .string(keyringID), .u64(epoch), .bytes(keyCheck),
                                                      .u64(logSeq), .bytes(logHead)])
    }

    public func signedBytes(communityID: String) -> [UInt8] {
        Epoch.signedBytes(communityID: communityID, keyringID: keyringID, epoch: number, keyCheck: keyCheck, logSeq: logSeq, logHead: logHead)
    }

    /// A new epoch for `key`, signed by its creator.
    public static func make(communityID: String, keyringID: String, number: UInt64, key: SecureBytes, logSeq: UInt64, logHead: [UInt8],
                            creatorID: String, creator: SigningSecretKey) -> Epoch {
        let check = keyCheck(keyringID: keyringID, epoch: number, key: key)
        let bytes = signedBytes(communityID: communityID, keyringID: keyringID, epoch: number, keyCheck: check, logSeq: logSeq, logHead: logHead)
        return Epoch(keyringID: keyringID, number: number, keyCheck: check, logSeq: logSeq, logHead: logHead, creatorID: creatorID,
                     signature: creator.sign(bytes))
    }

    public func isSigned(by key: SigningPublicKey, communityID: String) -> Bool {
        key.isValidSignature(signature, for: signedBytes(communityID: communityID))
    }

    /// True when `key` is this epoch's key (the check every holder makes:
    /// XChaCha20-Poly1305 is not key-committing; this is what binds holders to one key).
    public func matches(_ key: SecureBytes) -> Bool {
        ConstantTime.equals(Epoch.keyCheck(keyringID: keyringID, epoch: number, key: key), keyCheck)
    }
}

/// An epoch key sealed to one holder and signed by whoever wrapped it:
///
///     sealed   = crypto_box_seal(K, recipient_box_pk)
///     wrap_sig = Ed25519(wrapper_sign_sk, frame("trustforum/wrap/v1", keyring_id, u64(epoch),
///                        recipient_id, recipient_cert_hash, sealed))
public struct Wrap: Sendable, Equatable {
    public let keyringID: String
    public let epoch: UInt64
    public let recipientID: String
    public let recipientCertHash: [UInt8]
    public let sealed: [UInt8]
    public let wrapperID: String
    public let signature: [UInt8]

    public init(keyringID: String, epoch: UInt64, recipientID: String, recipientCertHash: [UInt8], sealed: [UInt8],
                wrapperID: String, signature: [UInt8]) {
        self.keyringID = keyringID
        self.epoch = epoch
        self.recipientID = recipientID
        self.recipientCertHash = recipientCertHash
        self.sealed = sealed
        self.wrapperID = wrapperID
        self.signature = signature
    }

    public static func signedBytes(keyringID: String, epoch: UInt64, recipientID: String, recipientCertHash: [UInt8], sealed: [UInt8]) -> [UInt8] {
        Frame.frame(context: "trustforum/wrap/v1", [.string(keyringID), .u64(epoch), .string(recipientID), .bytes(recipientCertHash), .bytes(sealed)])
    }

    public var signedBytes: [UInt8] {
        Wrap.signedBytes(keyringID: keyringID, epoch: epoch, recipientID: recipientID, recipientCertHash: recipientCertHash, sealed: sealed)
    }

    /// Seals `key` to the recipient's certified box key and signs the wrap.
    public static func make(keyringID: String, epoch: UInt64, key: SecureBytes, recipientID: String, recipient: Certificate,
                            recipientCertHash: [UInt8], wrapperID: String, wrapper: SigningSecretKey) throws -> Wrap {
        let sealed = try SealedBox.seal(key, to: recipient.boxPublicKey)
        let bytes = signedBytes(keyringID: keyringID, epoch: epoch, recipientID: recipientID, recipientCertHash: recipientCertHash, sealed: sealed)
        return Wrap(keyringID: keyringID, epoch: epoch, recipientID: recipientID, recipientCertHash: recipientCertHash, sealed: sealed,
                    wrapperID: wrapperID, signature: wrapper.sign(bytes))
    }

    public func isSigned(by key: SigningPublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }

    /// Opens the wrap with the recipient's box secret key.
    public func open(with secretKey: BoxSecretKey) throws -> SecureBytes {
        try SealedBox.open(sealed, with: secretKey)
    }
}
