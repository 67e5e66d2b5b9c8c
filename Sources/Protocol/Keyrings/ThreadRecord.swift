import Core
import Crypto

/// A thread's creation record (PROTOCOL.md §4.1), signed by its author; for
/// AMBER, AMBER+STRICT and RED threads it is entry 0 of the thread's keyring
/// log. The label is in it, so it never changes.
///
///     frame("trustforum/thread/v1", community_id, thread_id, keyring_id, circle_id,
///           label, author_id, author_cert_hash)
public struct ThreadRecord: Sendable, Equatable {
    public static let context = "trustforum/thread/v1"

    public let communityID: String
    public let threadID: String
    public let keyringID: String
    public let circleID: String
    public let label: TLPLabel
    public let authorID: String
    public let authorCertHash: [UInt8]
    public let signature: [UInt8]

    public init(communityID: String, threadID: String, keyringID: String, circleID: String, label: TLPLabel,
                authorID: String, authorCertHash: [UInt8], signature: [UInt8]) {
        self.communityID = communityID
        self.threadID = threadID
        self.keyringID = keyringID
        self.circleID = circleID
        self.label = label
        self.authorID = authorID
        self.authorCertHash = authorCertHash
        self.signature = signature
    }

    public static func signedBytes(communityID: String, threadID: String, keyringID: String, circleID: String, label: TLPLabel,
                                   authorID: String, authorCertHash: [UInt8]) -> [UInt8] {
        Frame.frame(context: context, [.string(communityID), .string(threadID), .string(keyringID), .string(circleID),
                                       .string(label.rawValue), .string(authorID), .bytes(authorCertHash)])
    }

    public var signedBytes: [UInt8] {
        ThreadRecord.signedBytes(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: circleID,
                                 label: label, authorID: authorID, authorCertHash: authorCertHash)
    }

    /// The hash entry 1 of the keyring log points at.
    public var hash: [UInt8] { GenericHash.hash(signedBytes + signature) }

    /// Makes and signs a record.
    public static func sign(communityID: String, threadID: String, keyringID: String, circleID: String, label: TLPLabel,
                            authorID: String, authorCertHash: [UInt8], key: SigningSecretKey) -> ThreadRecord {
        let bytes = signedBytes(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: circleID,
                                label: label, authorID: authorID, authorCertHash: authorCertHash)
        return ThreadRecord(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: circleID, label: label,
                            authorID: authorID, authorCertHash: authorCertHash, signature: key.sign(bytes))
    }

    public func isSigned(by key: SigningPublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }
}

/// An entry of a keyring's membership log after the creation record:
///
///     frame("trustforum/membership/v1", keyring_id, u64(seq), action, member_id,
///           member_cert_hash, prev_hash)
///
/// signed by its actor (PROTOCOL.md §4.1). `actorID` is not signed; it names
/// whose key must verify the signature.
public struct MembershipEntry: Sendable, Equatable {
    public static let context = "trustforum/membership/v1"

    public enum Action: String, Sendable, Codable, CaseIterable {
        case add, remove, leave
    }

    public let keyringID: String
    public let seq: UInt64
    public let action: Action
    public let memberID: String
    public let memberCertHash: [UInt8]
    public let prevHash: [UInt8]
    public let actorID: String
    public let signature: [UInt8]

    public init(keyringID: String, seq: UInt64, action: Action, memberID: String, memberCertHash: [UInt8], prevHash: [UInt8],
                actorID: String, signature: [UInt8]) {
        self.keyringID = keyringID
        self.seq = seq
        self.action = action
        self.memberID = memberID
        self.memberCertHash = memberCertHash
        self.prevHash = prevHash
        self.actorID = actorID
        self.signature = signature
    }

    public static func signedBytes(keyringID: String, seq: UInt64, action: Action, memberID: String, memberCertHash: [UInt8],
                                   prevHash: [UInt8]) -> [UInt8] {
        Frame.frame(context: context, [.string(keyringID), .u64(seq), .string(action.rawValue), .string(memberID),
                                       .bytes(memberCertHash), .bytes(prevHash)])
    }

    public var signedBytes: [UInt8] {
        MembershipEntry.signedBytes(keyringID: keyringID, seq: seq, action: action, memberID: memberID,
                                    memberCertHash: memberCertHash, prevHash: prevHash)
    }

    public var hash: [UInt8] { GenericHash.hash(signedBytes + signature) }

    public static func sign(keyringID: String, seq: UInt64, action: Action, memberID: String, memberCertHash: [UInt8],
                            prevHash: [UInt8], actorID: String, key: SigningSecretKey) -> MembershipEntry {
        let bytes = signedBytes(keyringID: keyringID, seq: seq, action: action, memberID: memberID, memberCertHash: memberCertHash,
                                prevHash: prevHash)
        return MembershipEntry(keyringID: keyringID, seq: seq, action: action, memberID: memberID, memberCertHash: memberCertHash,
                               prevHash: prevHash, actorID: actorID, signature: key.sign(bytes))
    }
}
