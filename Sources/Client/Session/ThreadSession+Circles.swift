import Core
import Crypto
import Protocol

/// A circle as listed, with what this client could check of it.
public struct ListedCircle: Sendable {
    public let circle: ThreadWire.Circle
    /// Whether the served name is the one the `circle-create` entry signed
    /// (`H(name)`); nil for the default circle, whose name nobody signs.
    public let nameVerified: Bool?
}

extension ListedCircle {
    /// The circles of `GET /v1/circles`, each checked against the verified
    /// community state: a circle the log does not have, or with another
    /// keyring, is refused; names are compared with their signed hashes.
    public static func check(_ list: ThreadWire.CircleList, against state: CommunityState) throws(ThreadFailure) -> [ListedCircle] {
        var result: [ListedCircle] = []
        for circle in list.circles {
            if circle.is_default {
                guard circle.circle_id == state.defaultCircleID, circle.keyring_id == state.communityID else {
                    throw .mismatch("the server's default circle \(circle.circle_id) is not the community \(state.communityID)")
                }
                result.append(ListedCircle(circle: circle, nameVerified: nil))
                continue
            }
            guard let known = state.circles[circle.circle_id], known.keyringID == circle.keyring_id else {
                throw .mismatch("the server lists circle \(circle.circle_id) with keyring \(circle.keyring_id), which the verified community log does not have")
            }
            result.append(ListedCircle(circle: circle, nameVerified: GenericHash.hash(Array(circle.name.utf8)) == known.nameHash))
        }
        return result
    }
}

extension MemberContext {
    /// `GET /v1/circles`, checked against the community log (followed and
    /// verified first); needs no key. Returns the server's answer too, for `--json`.
    public func circles() throws -> (circles: [ListedCircle], answer: APIResponse) {
        let log = try follow()
        let answer = try api().send("GET", "/v1/circles")
        return (try ListedCircle.check(answer.decode(ThreadWire.CircleList.self), against: log.state), answer)
    }
}

extension ThreadSession {
    /// Asks the moderators of `circleID` to admit this member.
    public func joinCircle(_ circleID: String) throws {
        let _: ThreadWire.JoinRequestRecord = try api.post("/v1/circles/\(circleID)/join-requests", body: CircleActions.joinRequest())
    }

    /// The pending join requests of `circleID` (its moderators only).
    public func joinRequests(_ circleID: String) throws -> [ThreadWire.JoinRequestRecord] {
        let list: ThreadWire.JoinRequestList = try api.get("/v1/circles/\(circleID)/join-requests")
        return list.requests
    }

    /// A circle moderator admits `memberID`: the signed add entry and, when
    /// this moderator holds the circle's keys, wraps of every epoch it has
    /// (or only the current one when `history` is false).
    public func admit(_ memberID: String, to circleID: String, history: Bool) throws {
        try retrying {
            let circle = try circleKeyringForModerator(circleID)
            guard !circle.holders.contains(memberID) else { throw MemberError.refused("\(memberID) is a member of circle \(circleID) already") }
            if circle.currentKey == nil, try serverEpoch(of: circleID) > 0 {
                throw MemberError.refused("""
                    you do not hold the keys of circle \(circleID), which has epochs: the new member needs the current one, \
                    so a moderator of the circle who holds its keyring must admit
                    """)
            }
            let draft = try CircleActions.admit(memberID, to: circle, community: community, by: me, now: now, confirmed: confirmed, history: history)
            let _: ThreadWire.Appended = try api.post("/v1/circles/\(circleID)/members", body: draft.body)
        }
    }

    /// The circle's current epoch as the server lists it (0 when it lists none).
    private func serverEpoch(of circleID: String) throws -> UInt64 {
        let list: ThreadWire.CircleList = try api.get("/v1/circles")
        return list.circles.first { $0.circle_id == circleID }?.current_epoch ?? 0
    }

    /// A circle moderator removes `memberID`, with the next epoch for the
    /// members who remain when it holds the keyring. Returns that epoch.
    public func removeFromCircle(_ memberID: String, circleID: String) throws -> UInt64? {
        try retrying {
            let circle = try circleKeyringForModerator(circleID)
            guard circle.holders.contains(memberID) else { throw MemberError.refused("\(memberID) is not a member of circle \(circleID)") }
            let draft = try CircleActions.remove(memberID, from: circle, community: community, by: me, now: now, confirmed: confirmed)
            let _: ThreadWire.Appended = try send("DELETE", "/v1/circles/\(circleID)/members/\(memberID)", draft.body)
            if let epoch = draft.epoch { try remember(epoch, keyringID: circle.keyringID) }
            return draft.epoch?.epoch.number
        }
    }

    /// This member leaves `circleID`; the next holder to post rotates.
    public func leaveCircle(_ circleID: String) throws {
        try retrying {
            guard let known = community.state.circles[circleID] else {
                throw MemberError.refused("the verified community log has no circle \(circleID)")
            }
            let circle = try keyring(known.keyringID)
            let draft = try CircleActions.leave(circle, community: community, by: me, now: now)
            let _: ThreadWire.Appended = try send("DELETE", "/v1/circles/\(circleID)/members/\(me.memberID)", draft.body)
        }
    }

    /// Creates the next epoch of a circle's keyring (the default circle's:
    /// the community id) for its holders now: after a suspension, a removal
    /// or a departure, so that whoever left gets no new key. Returns the
    /// epoch and whether a rotation was due.
    public func rotateCircle(_ circleID: String) throws -> (epoch: UInt64, wasDue: Bool) {
        let keyringID: String
        if circleID == community.state.defaultCircleID {
            keyringID = community.state.communityID
        } else {
            guard let known = community.state.circles[circleID] else {
                throw MemberError.refused("the verified community log has no circle \(circleID)")
            }
            keyringID = known.keyringID
        }
        return try retrying {
            let keyring = try keyring(keyringID)
            guard let epoch = try rotate(keyring) else {
                throw APIError.problem(status: 409, type: "urn:trustforum:problem:epoch-taken", title: "Another epoch was created first.",
                                       detail: nil)
            }
            return (epoch, keyring.rotationRequired)
        }
    }
}
