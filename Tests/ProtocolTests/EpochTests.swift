import Core
import Crypto
import Protocol
import Testing

// Epoch and Wrap (PROTOCOL.md §4): the key check binds one key to a keyring
// and an epoch number, the creator's signature binds it to a log position,
// and a wrap's signature binds the sealed key to its recipient and the
// recipient's certificate.

@Suite struct EpochTests {
    let communityID = newID(), keyringID = newID()
    let creator = Person(), recipient = Person()
    let key = SecureBytes(Random.bytes(32))
    let logHead = Random.bytes(32)

    var epoch: Epoch {
        Epoch.make(communityID: communityID, keyringID: keyringID, number: 2, key: key, logSeq: 5, logHead: logHead, creatorID: creator.id,
                   creator: creator.sign)
    }

    var recipientCertificate: Certificate {
        Certificate(communityID: communityID, memberID: recipient.id, orgID: recipient.org, role: .member, signPublicKey: recipient.sign.publicKey,
                    boxPublicKey: recipient.box.publicKey, issuedAt: t0, expiresAt: t0 + 365 * day, issuerID: creator.id)
    }

    var certHash: [UInt8] { SignedCertificate.issue(recipientCertificate, by: creator.sign).hash }

    func wrap(_ key: SecureBytes? = nil) throws -> Wrap {
        try Wrap.make(keyringID: keyringID, epoch: 2, key: key ?? self.key, recipientID: recipient.id, recipient: recipientCertificate,
                      recipientCertHash: certHash, wrapperID: creator.id, wrapper: creator.sign)
    }

    @Test func theKeyCheckBindsKeyringEpochAndKey() {
        let check = Epoch.keyCheck(keyringID: keyringID, epoch: 2, key: key)
        #expect(check.count == 32)
        #expect(check == GenericHash.hash(Frame.frame(context: "trustforum/key-check/v1", [.string(keyringID), .u64(2), .bytes(key.copyBytes())])))
        #expect(check != Epoch.keyCheck(keyringID: newID(), epoch: 2, key: key))
        #expect(check != Epoch.keyCheck(keyringID: keyringID, epoch: 1, key: key))
        #expect(check != Epoch.keyCheck(keyringID: keyringID, epoch: 3, key: key))
        #expect(check != Epoch.keyCheck(keyringID: keyringID, epoch: 2, key: SecureBytes(flipped(key.copyBytes(), at: 31))))
        #expect(epoch.keyCheck == check)
        #expect(epoch.matches(key))
        #expect(!epoch.matches(SecureBytes(Random.bytes(32))))
        // The same key under another epoch number or keyring is not this epoch's key.
        let renumbered = Epoch(keyringID: keyringID, number: 3, keyCheck: check, logSeq: 5, logHead: logHead, creatorID: creator.id,
                               signature: epoch.signature)
        #expect(!renumbered.matches(key))
        let moved = Epoch(keyringID: newID(), number: 2, keyCheck: check, logSeq: 5, logHead: logHead, creatorID: creator.id, signature: epoch.signature)
        #expect(!moved.matches(key))
    }

    @Test func theEpochSignatureBindsEveryField() {
        let e = epoch
        #expect(e.isSigned(by: creator.sign.publicKey, communityID: communityID))
        #expect(!e.isSigned(by: recipient.sign.publicKey, communityID: communityID))
        #expect(!e.isSigned(by: creator.sign.publicKey, communityID: newID()))
        let changed = [
            Epoch(keyringID: newID(), number: 2, keyCheck: e.keyCheck, logSeq: 5, logHead: logHead, creatorID: e.creatorID, signature: e.signature),
            Epoch(keyringID: keyringID, number: 3, keyCheck: e.keyCheck, logSeq: 5, logHead: logHead, creatorID: e.creatorID, signature: e.signature),
            Epoch(keyringID: keyringID, number: 2, keyCheck: flipped(e.keyCheck, at: 0), logSeq: 5, logHead: logHead, creatorID: e.creatorID,
                  signature: e.signature),
            Epoch(keyringID: keyringID, number: 2, keyCheck: e.keyCheck, logSeq: 4, logHead: logHead, creatorID: e.creatorID, signature: e.signature),
            Epoch(keyringID: keyringID, number: 2, keyCheck: e.keyCheck, logSeq: 5, logHead: flipped(logHead, at: 7), creatorID: e.creatorID,
                  signature: e.signature),
            Epoch(keyringID: keyringID, number: 2, keyCheck: e.keyCheck, logSeq: 5, logHead: logHead, creatorID: e.creatorID,
                  signature: flipped(e.signature, at: 63)),
        ]
        for (i, epoch) in changed.enumerated() { #expect(!epoch.isSigned(by: creator.sign.publicKey, communityID: communityID), "change \(i)") }
        #expect(e.signedBytes(communityID: communityID) == Epoch.signedBytes(communityID: communityID, keyringID: keyringID, epoch: 2,
                                                                             keyCheck: e.keyCheck, logSeq: 5, logHead: logHead))
    }

    /// A server swaps the key check for one of its own key: the creator's
    /// signature no longer verifies; re-signed by someone else, it is not the
    /// creator's; and whoever holds the real key sees `matches` fail.
    @Test func aSwappedKeyCheckIsDetected() {
        let e = epoch
        let otherKey = SecureBytes(Random.bytes(32))
        let swapped = Epoch(keyringID: keyringID, number: 2, keyCheck: Epoch.keyCheck(keyringID: keyringID, epoch: 2, key: otherKey), logSeq: 5,
                            logHead: logHead, creatorID: creator.id, signature: e.signature)
        #expect(!swapped.isSigned(by: creator.sign.publicKey, communityID: communityID))
        #expect(!swapped.matches(key))
        #expect(swapped.matches(otherKey))
        let mallory = SigningSecretKey()
        let resigned = Epoch.make(communityID: communityID, keyringID: keyringID, number: 2, key: otherKey, logSeq: 5, logHead: logHead,
                                  creatorID: creator.id, creator: mallory)
        #expect(!resigned.isSigned(by: creator.sign.publicKey, communityID: communityID))
        #expect(!resigned.matches(key))
    }

    /// A malicious wrapper seals another key than the epoch's: the recipient
    /// opens it and the key check refuses it (XChaCha20-Poly1305 is not key-committing).
    @Test func aWrapOfAnotherKeyIsDetected() throws {
        let e = epoch
        let wrap = try wrap(SecureBytes(Random.bytes(32)))
        #expect(wrap.isSigned(by: creator.sign.publicKey))
        let opened = try wrap.open(with: recipient.box)
        #expect(opened != key)
        #expect(!e.matches(opened))
        // The honest wrap matches.
        #expect(e.matches(try self.wrap().open(with: recipient.box)))
    }

    @Test func theWrapSignatureBindsRecipientAndCertificate() throws {
        let w = try wrap()
        #expect(w.isSigned(by: creator.sign.publicKey))
        #expect(!w.isSigned(by: recipient.sign.publicKey))
        #expect(w.sealed.count == KeyringWire.WrapJSON.sealedLength)
        let changed = [
            ("recipient id", Wrap(keyringID: keyringID, epoch: 2, recipientID: newID(), recipientCertHash: w.recipientCertHash, sealed: w.sealed,
                                  wrapperID: w.wrapperID, signature: w.signature)),
            ("recipient cert hash", Wrap(keyringID: keyringID, epoch: 2, recipientID: w.recipientID, recipientCertHash: flipped(w.recipientCertHash, at: 0),
                                         sealed: w.sealed, wrapperID: w.wrapperID, signature: w.signature)),
            ("keyring", Wrap(keyringID: newID(), epoch: 2, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash, sealed: w.sealed,
                             wrapperID: w.wrapperID, signature: w.signature)),
            ("epoch", Wrap(keyringID: keyringID, epoch: 1, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash, sealed: w.sealed,
                           wrapperID: w.wrapperID, signature: w.signature)),
            ("sealed", Wrap(keyringID: keyringID, epoch: 2, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash,
                            sealed: flipped(w.sealed, at: 40), wrapperID: w.wrapperID, signature: w.signature)),
            ("signature", Wrap(keyringID: keyringID, epoch: 2, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash, sealed: w.sealed,
                               wrapperID: w.wrapperID, signature: flipped(w.signature, at: 1))),
        ]
        for (name, wrap) in changed { #expect(!wrap.isSigned(by: creator.sign.publicKey), "\(name)") }
        // Another recipient's sealed box under this recipient's name: the signature fails.
        let forOther = try Wrap.make(keyringID: keyringID, epoch: 2, key: key, recipientID: newID(), recipient: recipientCertificate,
                                     recipientCertHash: certHash, wrapperID: creator.id, wrapper: creator.sign)
        let spliced = Wrap(keyringID: keyringID, epoch: 2, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash,
                           sealed: forOther.sealed, wrapperID: w.wrapperID, signature: w.signature)
        #expect(!spliced.isSigned(by: creator.sign.publicKey))
        #expect(w.signedBytes == Frame.frame(context: "trustforum/wrap/v1", [.string(keyringID), .u64(2), .string(recipient.id), .bytes(certHash),
                                                                             .bytes(w.sealed)]))
    }

    @Test func onlyTheRecipientsBoxKeyOpens() throws {
        let w = try wrap()
        #expect(try w.open(with: recipient.box) == key)
        #expect(throws: CryptoError.self) { try w.open(with: BoxSecretKey()) }
        #expect(throws: CryptoError.self) { try w.open(with: creator.box) }
        let tampered = Wrap(keyringID: keyringID, epoch: 2, recipientID: w.recipientID, recipientCertHash: w.recipientCertHash,
                            sealed: flipped(w.sealed, at: 60), wrapperID: w.wrapperID, signature: w.signature)
        #expect(throws: CryptoError.self) { try tampered.open(with: recipient.box) }
        // Sealed boxes are randomized.
        #expect(try wrap().sealed != w.sealed)
    }
}
