import Crypto

/// The kinds of community-log entries (PROTOCOL.md §3).
public enum LogKind: String, Sendable, CaseIterable, Codable {
    case root
    case certify
    case revoke
    case suspend
    case reinstate
    case circleCreate = "circle-create"
    case circleModerator = "circle-moderator"
}

/// One entry of the community log:
///
///     entry_bytes = frame("trustforum/community-log/v1", community_id, u64(seq), kind, H(payload), prev_hash)
///     signature   = Ed25519(actor_sign_sk, entry_bytes)
///     entry_hash  = H(entry_bytes ‖ signature)      (the next entry's prev_hash)
///
/// `actorID` is not signed: it names whose key must verify the signature,
/// so a wrong actor id only makes the entry fail.
public struct LogEntry: Sendable, Equatable {
    public static let context = "trustforum/community-log/v1"
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public let seq: UInt64
    public let kind: LogKind
    public let actorID: String
    public let payload: [UInt8]
    public let prevHash: [UInt8]
    public let signature: [UInt8]

    public init(seq: UInt64, kind: LogKind, actorID: String, payload: [UInt8], prevHash: [UInt8], signature: [UInt8]) {
        self.seq = seq
        self.kind = kind
        self.actorID = actorID
        self.payload = payload
        self.prevHash = prevHash
        self.signature = signature
    }

    /// The bytes the actor signs.
    public static func signedBytes(communityID: String, seq: UInt64, kind: LogKind, payload: [UInt8], prevHash: [UInt8]) -> [UInt8] {
        Frame.frame(context: context, [.string(communityID), .u64(seq), .string(kind.rawValue), .bytes(GenericHash.hash(payload)), .bytes(prevHash)])
    }

    public func signedBytes(communityID: String) -> [UInt8] {
        LogEntry.signedBytes(communityID: communityID, seq: seq, kind: kind, payload: payload, prevHash: prevHash)
    }

    /// This entry's hash, the next one's `prev_hash`.
    public func hash(communityID: String) -> [UInt8] {
        GenericHash.hash(signedBytes(communityID: communityID) + signature)
    }

    /// Makes and signs an entry.
    public static func sign(communityID: String, seq: UInt64, kind: LogKind, actorID: String, payload: [UInt8],
                            prevHash: [UInt8], key: SigningSecretKey) -> LogEntry {
        let bytes = signedBytes(communityID: communityID, seq: seq, kind: kind, payload: payload, prevHash: prevHash)
        return LogEntry(seq: seq, kind: kind, actorID: actorID, payload: payload, prevHash: prevHash, signature: key.sign(bytes))
    }
}

/// The payload of `revoke`, `suspend` and `reinstate`: the member and the
/// hash of the reason (the reason's text stays off the log).
///
///     payload = frame("trustforum/<kind>/v1", member_id, H(reason))
///
/// (PROTOCOL.md §3 names the fields, not their bytes; this is our encoding.)
public struct SanctionPayload: Sendable, Equatable {
    public let kind: LogKind
    public let memberID: String
    public let reasonHash: [UInt8]

    public init(kind: LogKind, memberID: String, reasonHash: [UInt8]) {
        precondition([.revoke, .suspend, .reinstate].contains(kind))
        self.kind = kind
        self.memberID = memberID
        self.reasonHash = reasonHash
    }

    /// With the hash of a reason's UTF-8 text.
    public init(kind: LogKind, memberID: String, reason: String) {
        self.init(kind: kind, memberID: memberID, reasonHash: GenericHash.hash(Array(reason.utf8)))
    }

    public var bytes: [UInt8] {
        Frame.frame(context: "trustforum/\(kind.rawValue)/v1", [.string(memberID), .bytes(reasonHash)])
    }

    public static func parse(_ bytes: [UInt8], kind: LogKind) throws(ProtocolError) -> SanctionPayload {
        guard [.revoke, .suspend, .reinstate].contains(kind) else { throw .malformed("\(kind.rawValue) has no sanction payload") }
        var reader = try FrameReader(bytes, context: "trustforum/\(kind.rawValue)/v1")
        let member = try reader.string()
        let hash = try reader.bytes(count: 32)
        try reader.finish()
        return SanctionPayload(kind: kind, memberID: member, reasonHash: hash)
    }
}

/// The payload of `circle-create`: `frame("trustforum/circle-create/v1",
/// circle_id, keyring_id, H(name))` (the name itself is metadata the server
/// keeps; PROTOCOL.md §3 names the fields, this is our encoding).
public struct CircleCreatePayload: Sendable, Equatable {
    public let circleID: String
    public let keyringID: String
    public let nameHash: [UInt8]

    public init(circleID: String, keyringID: String, name: String) {
        self.init(circleID: circleID, keyringID: keyringID, nameHash: GenericHash.hash(Array(name.utf8)))
    }

    public init(circleID: String, keyringID: String, nameHash: [UInt8]) {
        self.circleID = circleID
        self.keyringID = keyringID
        self.nameHash = nameHash
    }

    public var bytes: [UInt8] {
        Frame.frame(context: "trustforum/circle-create/v1", [.string(circleID), .string(keyringID), .bytes(nameHash)])
    }

    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> CircleCreatePayload {
        var reader = try FrameReader(bytes, context: "trustforum/circle-create/v1")
        let circle = try reader.string()
        let keyring = try reader.string()
        let hash = try reader.bytes(count: 32)
        try reader.finish()
        return CircleCreatePayload(circleID: circle, keyringID: keyring, nameHash: hash)
    }
}

/// The payload of `circle-moderator`: `frame("trustforum/circle-moderator/v1",
/// circle_id, member_id, "add" | "remove")`.
public struct CircleModeratorPayload: Sendable, Equatable {
    public let circleID: String
    public let memberID: String
    public let add: Bool

    public init(circleID: String, memberID: String, add: Bool) {
        self.circleID = circleID
        self.memberID = memberID
        self.add = add
    }

    public var bytes: [UInt8] {
        Frame.frame(context: "trustforum/circle-moderator/v1", [.string(circleID), .string(memberID), .string(add ? "add" : "remove")])
    }

    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> CircleModeratorPayload {
        var reader = try FrameReader(bytes, context: "trustforum/circle-moderator/v1")
        let circle = try reader.string()
        let member = try reader.string()
        let action = try reader.string()
        try reader.finish()
        guard action == "add" || action == "remove" else { throw .malformed("circle-moderator action") }
        return CircleModeratorPayload(circleID: circle, memberID: member, add: action == "add")
    }
}
