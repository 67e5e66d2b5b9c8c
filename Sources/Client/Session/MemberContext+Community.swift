import Core
import Protocol

/// What `GET /v1/community` showed, after this client checked it.
public struct CommunityContact: Sendable {
    /// The server.
    public let server: ServerAddress
    /// The community as the server describes it.
    public let community: LogJSON.Community
    /// The root's fingerprint, computed from the key that signed entry 0.
    public let rootFingerprint: String
    /// True when the root was accepted on first use (`--trust-root`), not
    /// checked against a fingerprint the user had.
    public let trustedOnFirstUse: Bool
}

extension MemberContext {
    /// Fetches `GET /v1/community` from `server`, checks the protocol
    /// version, the community id (against the profile's), entry 0 itself
    /// with `CommunityState`, and the fingerprint of the key that signed it
    /// (against the profile's pin or `trust`), then pins server, community and root
    /// in the profile and saves it. A changed server URL ends the stored
    /// session (its token belongs to the other URL).
    ///
    /// A root that is not the expected one, or an entry 0 that does not
    /// verify, throws `VerificationFailure`.
    public func contact(_ server: ServerAddress, trust: RootTrust) throws -> CommunityContact {
        let community: LogJSON.Community = try APIClient(server: server).get("/v1/community")
        guard community.min_client_protocol <= APIClient.protocolVersion else {
            throw APIError.clientTooOld(server: server.origin, minimum: community.min_client_protocol)
        }
        if let expected = profile.communityID, expected != community.community_id {
            throw MemberError.otherCommunity(expected: expected, served: community.community_id, server: server.origin)
        }
        guard Identifier.isValid(community.community_id) else {
            throw APIError.unexpectedResponse(server: server.origin, status: 200, reason: "the community id is not a lower-case UUID")
        }
        // Entry 0 first, without a pin: the fingerprint compared below is then
        // the one of the key that signed it, not a string the server chose.
        var state = CommunityState(communityID: community.community_id, policy: policy)
        do {
            try state.apply(try community.root.entry())
        } catch {
            throw VerificationFailure("entry 0 (the community root) from \(server.origin) does not verify: \(error)")
        }
        guard let rootID = state.rootID, let root = state.member(rootID)?.current.certificate else {
            throw VerificationFailure("entry 0 from \(server.origin) is not a community root")
        }
        let actual = root.fingerprint
        guard RootTrust.same(community.root_fingerprint, actual) else {
            throw VerificationFailure("the server at \(server.origin) names another root fingerprint than its own entry 0 (\(actual))")
        }
        var given: String?
        if case .fingerprint(let text) = trust { given = text }
        if let pinned = profile.rootFingerprint, let given, !RootTrust.same(pinned, given) {
            throw MemberError.refused("this profile pins the root \(pinned), not \(given); use another --profile for another community")
        }
        let expected = profile.rootFingerprint ?? given
        if expected == nil && trust != .firstUse { throw MemberError.notPinned }
        if let expected, !RootTrust.same(expected, actual) {
            throw VerificationFailure("THE SERVER'S COMMUNITY ROOT IS NOT THE ONE YOU TRUST: \(server.origin) shows root \(actual), "
                + "you expect \(expected). Do not go on: this may not be your community's server. Check the fingerprint with the administrators out of band.")
        }
        if profile.serverURL != server.origin { profile.session = nil }
        profile.serverURL = server.origin
        profile.communityID = community.community_id
        profile.rootFingerprint = actual
        try profile.save()
        return CommunityContact(server: server, community: community, rootFingerprint: actual, trustedOnFirstUse: expected == nil)
    }
}
