import Core
import Crypto
import Protocol

extension MemberContext {
    /// A `ThreadSession` for this command: the keystore opened, the
    /// community log followed and verified. `confirmed` maps members with an
    /// unverified key change to the fingerprint the user confirmed with them.
    public func threads(confirmed: [String: String] = [:]) throws -> ThreadSession {
        try ThreadSession(self, confirmed: confirmed)
    }

    /// An admin creates a collaboration circle: a signed `circle-create`
    /// entry (circle id, keyring id, `H(name)`) after the verified head,
    /// checked against the verified state as every client will. Returns the
    /// ids and the entry's seq.
    public func createCircle(name: String) throws -> (circleID: String, keyringID: String, seq: UInt64) {
        guard let communityID = profile.communityID else { throw MemberError.notPinned }
        let keystore = try keystore()
        let circleID = ThreadComposer.newID()
        let keyringID = ThreadComposer.newID()
        let seq = try appendAfterHead { log in
            _ = try self.me(in: log, keystore)
            let payload = CircleCreatePayload(circleID: circleID, keyringID: keyringID, name: name)
            let entry = LogEntry.sign(communityID: communityID, seq: log.state.nextSeq, kind: .circleCreate, actorID: keystore.memberID,
                                      payload: payload.bytes, prevHash: log.state.head, key: keystore.signingKey)
            try self.check(entry, against: log)
            let created: ThreadWire.CircleCreated = try self.api().post(
                "/v1/circles", body: Wire.CircleCreate(circle_id: circleID, keyring_id: keyringID, name: name, entry: Wire.SignedEntry(entry)))
            guard created.circle_id == circleID, created.keyring_id == keyringID else {
                throw VerificationFailure("the server created circle \(created.circle_id), not the circle \(circleID) signed")
            }
            return created.seq
        }
        return (circleID, keyringID, seq)
    }

    /// An admin appoints (`add`) or relieves a circle's moderator with a
    /// signed `circle-moderator` entry after the verified head. Returns its seq.
    public func setCircleModerator(_ memberID: String, of circleID: String, add: Bool) throws -> UInt64 {
        guard let communityID = profile.communityID else { throw MemberError.notPinned }
        let keystore = try keystore()
        return try appendAfterHead { log in
            _ = try self.me(in: log, keystore)
            guard log.state.circles[circleID] != nil else {
                throw MemberError.refused("the verified community log has no circle \(circleID)")
            }
            let payload = CircleModeratorPayload(circleID: circleID, memberID: memberID, add: add)
            let entry = LogEntry.sign(communityID: communityID, seq: log.state.nextSeq, kind: .circleModerator, actorID: keystore.memberID,
                                      payload: payload.bytes, prevHash: log.state.head, key: keystore.signingKey)
            try self.check(entry, against: log)
            let result: ThreadWire.CircleModeratorResult = try self.api().post(
                "/v1/circles/\(circleID)/moderators", body: Wire.CircleModerator(member_id: memberID, add: add, entry: Wire.SignedEntry(entry)))
            return result.seq
        }
    }

    /// The `circle_wraps` of an approval (PROTOCOL.md §4, DESIGN.md): the
    /// default keyring's epochs this moderator has, wrapped for the
    /// certificate being issued, so the new member reads GREEN threads at
    /// once. Nil while the default keyring has no epoch (nothing to wrap).
    /// `log` is the verified log the certificate is issued after.
    public func defaultCircleWraps(for certificate: SignedCertificate, log: VerifiedLog) throws -> [KeyringWire.WrapJSON]? {
        let session = try ThreadSession(self, log: log)
        let keyring = try session.keyring(log.state.communityID)
        guard keyring.currentEpoch > 0 else { return nil }
        guard keyring.currentKey != nil else {
            throw MemberError.refused("""
                you do not have the key of the community keyring's current epoch \(keyring.currentEpoch), which the new member must \
                be given with the approval; a moderator who has it must approve
                """)
        }
        return try CircleActions.defaultCircleWraps(for: certificate, keyring: keyring, by: session.me)
    }
}
