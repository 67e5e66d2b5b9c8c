/// The JSON answers of the API that the member side reads, as the OpenAPI
/// document describes them (snake_case, binary in standard base64). Fields
/// the server may leave out are optionals.
extension Wire {
    /// `POST /v1/auth/challenge`.
    public struct Challenge: Decodable, Sendable {
        public let challenge: String
        public let expires_at: UInt64
        public let server_origin: String
        public let community_id: String
        public let min_client_protocol: Int?
    }

    /// `POST /v1/auth/session`. `token` is a secret.
    public struct SessionGranted: Decodable, Sendable {
        public let token: String
        public let expires_at: UInt64
        public let member_id: String
        public let status: String
        public let role: String?
    }

    /// A warning a moderator gave (its reason is gone after erasure).
    public struct Warning: Decodable, Sendable {
        public let reason: String?
        public let created_at: UInt64
    }

    /// `GET /v1/me`.
    public struct Me: Decodable, Sendable {
        public struct ApplicationSummary: Decodable, Sendable {
            public let status: String
            public let reason: String?
        }

        public let member_id: String
        public let status: String
        public let role: String?
        public let org_id: String?
        public let organisation: String?
        public let fingerprint: String
        public let application: ApplicationSummary?
        public let warnings: [Warning]
        public let community_id: String
    }

    /// `POST /v1/applications`.
    public struct Submitted: Decodable, Sendable {
        public let application_id: String
        public let status: String
        public let fingerprint: String
    }

    /// An application as staff (or its applicant) see it.
    public struct ApplicationRecord: Decodable, Sendable {
        public let application_id: String
        public let status: String
        public let reason: String?
        public let organisation: Organisation
        public let contact: Contact?
        public let sign_public_key: String
        public let box_public_key: String
        public let signature: String
        public let fingerprint: String
        /// The organisation the certificate must name (existing or inviting); nil for a new one.
        public let org_id: String?
        public let invited: Bool
        public let submitted_at: UInt64
        public let decided_at: UInt64?
    }

    /// `GET /v1/applications`.
    public struct ApplicationList: Decodable, Sendable {
        public let applications: [ApplicationRecord]
    }

    /// An approval or rejection.
    public struct Decision: Decodable, Sendable {
        public let application_id: String
        public let status: String
        public let seq: UInt64?
    }

    /// A member as staff see it.
    public struct MemberRecord: Decodable, Sendable {
        public let member_id: String
        public let status: String
        public let role: String?
        public let org_id: String?
        public let organisation: String?
        public let contact: Contact?
        public let fingerprint: String
        public let certificate_seq: UInt64?
        public let expires_at: UInt64?
        public let unverified_key_change: Bool
        public let warnings: [Warning]?
        public let erased: Bool
        /// A suspension for a period: until when (seconds).
        public let suspended_until: UInt64?
    }

    /// `GET /v1/members`, `GET /v1/org/members`.
    public struct MemberList: Decodable, Sendable {
        public let members: [MemberRecord]
    }

    /// The result of a sanction, warning, erasure or certification.
    public struct MemberResult: Decodable, Sendable {
        public let member_id: String
        public let status: String
        public let seq: UInt64?
    }

    /// `GET /v1/members/{id}/keys`: the bundle and the entries that prove it.
    public struct MemberKeys: Decodable, Sendable {
        public let member_id: String
        public let org_id: String
        public let role: String
        public let status: String
        public let fingerprint: String
        public let sign_public_key: String
        public let box_public_key: String
        public let unverified_key_change: Bool
        public let certificate_seqs: [UInt64]
        public let chain: [LogJSON.Entry]
        public let head: LogJSON.Head
    }

    /// `POST /v1/org/invitations`. `code` is for the colleague only.
    public struct Invitation: Decodable, Sendable {
        public let invitation_id: String
        public let code: String
        public let org_id: String
        public let expires_at: UInt64
    }
}
