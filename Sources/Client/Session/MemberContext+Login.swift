import Crypto
import Protocol

extension MemberContext {
    /// Logs in (PROTOCOL.md §2): checks the community at `server` (the
    /// profile's when nil; see `contact`), asks for a challenge for the
    /// keystore's member id, signs it for this client's own idea of the
    /// server origin, and stores the session in the profile. Returns the
    /// server's answer (whose token is now in the profile).
    ///
    /// Refuses a challenge for another community or another origin than the
    /// URL this client talks to: signing those could let a server that
    /// stands in between log in elsewhere as this member.
    public func login(server: ServerAddress?, trust: RootTrust) throws -> Wire.SessionGranted {
        let server = try server ?? self.server()
        let contact = try contact(server, trust: trust)
        let communityID = contact.community.community_id
        let keystore = try keystore()
        if let own = keystore.communityID, own != communityID {
            throw MemberError.otherCommunity(expected: own, served: communityID, server: server.origin)
        }
        let api = APIClient(server: server)
        let challenge: Wire.Challenge = try api.post("/v1/auth/challenge", body: Wire.ChallengeRequest(memberID: keystore.memberID))
        if let minimum = challenge.min_client_protocol, minimum > APIClient.protocolVersion {
            throw APIError.clientTooOld(server: server.origin, minimum: minimum)
        }
        guard challenge.community_id == communityID else {
            throw MemberError.otherCommunity(expected: communityID, served: APIError.plain(challenge.community_id), server: server.origin)
        }
        guard challenge.server_origin == server.origin else {
            throw MemberError.refused("the server at \(server.origin) asks to sign a login for \(APIError.plain(challenge.server_origin)); refusing "
                + "(use the server's public URL with --server, or ask its operator to set public_url)")
        }
        guard let bytes = try? Base64.decode(challenge.challenge), bytes.count == 32 else {
            throw APIError.unexpectedResponse(server: server.origin, status: 200, reason: "the challenge is not 32 bytes of base64")
        }
        let body = Requests.session(serverOrigin: server.origin, communityID: communityID, memberID: keystore.memberID,
                                    challenge: bytes, signing: keystore.signingKey)
        let granted: Wire.SessionGranted
        do {
            granted = try api.post("/v1/auth/session", body: body)
        } catch {
            guard error.slug == "login-failed" else { throw error }
            throw MemberError.refused("the server refused the login: these keys are not an applicant's or member's of community "
                + "\(communityID), or the membership is suspended or removed")
        }
        guard granted.member_id == keystore.memberID else {
            throw APIError.unexpectedResponse(server: server.origin, status: 201, reason: "a session for another member id")
        }
        profile.session = Profile.Session(token: granted.token, expiresAt: granted.expires_at)
        try profile.save()
        try bindKeystore(to: communityID)
        return granted
    }

    /// Ends the session on the server (when it is still live) and forgets
    /// it here either way. Returns whether the server knew it.
    @discardableResult
    public func logout() throws -> Bool {
        guard let session = profile.session else { return false }
        var ended = false
        if !session.isExpired(now: now), let url = profile.serverURL {
            do {
                try APIClient(server: try ServerAddress(url), token: session.token).delete("/v1/auth/session")
                ended = true
            } catch {
                guard case .sessionEnded = error else {
                    try forgetSession()
                    throw error
                }
            }
        }
        try forgetSession()
        return ended
    }
}
