/// Members, organisations, applications, warnings and invitations.
public enum MemberStore {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case applicant, rejected, active, suspended, revoked
    }

    public struct Member: Sendable, Equatable {
        public let id: String
        public let orgID: String?
        public let role: String?
        public let status: Status
        public let signPublicKey: [UInt8]
        public let boxPublicKey: [UInt8]
        public let contactName: String?
        public let email: String?
        public let createdAt: UInt64
        public let erasedAt: UInt64?
    }

    public struct Organisation: Sendable, Equatable {
        public let id: String
        public let name: String
        public let kvkNumber: String
        public let sector: String
        public let region: String
        public let size: String
        public let createdAt: UInt64

        public init(id: String, name: String, kvkNumber: String, sector: String, region: String, size: String, createdAt: UInt64) {
            self.id = id
            self.name = name
            self.kvkNumber = kvkNumber
            self.sector = sector
            self.region = region
            self.size = size
            self.createdAt = createdAt
        }
    }

    public struct Application: Sendable, Equatable {
        public let id: String
        public let orgName: String
        public let kvkNumber: String
        public let sector: String
        public let region: String
        public let size: String
        public let signature: [UInt8]
        public let invitationID: String?
        public let status: String
        public let reason: String?
        public let submittedAt: UInt64
        public let decidedAt: UInt64?
        public let decidedBy: String?
        public let contactName: String?
        public let email: String?
        public let signPublicKey: [UInt8]
        public let boxPublicKey: [UInt8]
    }

    // MARK: members

    public static func insertApplicant(_ conn: Connection, id: String, signPublicKey: [UInt8], boxPublicKey: [UInt8],
                                       contactName: String, email: String, at: UInt64) throws {
        try conn.run("INSERT INTO members (id, status, sign_pk, box_pk, contact_name, email, created_at) VALUES (?, 'applicant', ?, ?, ?, ?, ?)",
                     [.text(id), .blob(signPublicKey), .blob(boxPublicKey), .text(contactName), .text(email), .integer(Int64(at))])
    }

    /// Inserts a member known only from the log (the root at `init`).
    public static func insertCertified(_ conn: Connection, id: String, orgID: String, role: String, signPublicKey: [UInt8],
                                       boxPublicKey: [UInt8], at: UInt64) throws {
        try conn.run("INSERT INTO members (id, org_id, role, status, sign_pk, box_pk, created_at) VALUES (?, ?, ?, 'active', ?, ?, ?)",
                     [.text(id), .text(orgID), .text(role), .blob(signPublicKey), .blob(boxPublicKey), .integer(Int64(at))])
    }

    public static func member(_ conn: Connection, id: String) throws -> Member? {
        try conn.queryOne("SELECT \(memberColumns) FROM members WHERE id = ?", [.text(id)]).map(member)
    }

    public static func member(_ conn: Connection, signPublicKey: [UInt8]) throws -> Member? {
        try conn.queryOne("SELECT \(memberColumns) FROM members WHERE sign_pk = ?", [.blob(signPublicKey)]).map(member)
    }

    /// Members by status and role (nil: any), newest first.
    public static func members(_ conn: Connection, status: Status? = nil, role: String? = nil, orgID: String? = nil, limit: Int = 500) throws -> [Member] {
        var sql = "SELECT \(memberColumns) FROM members WHERE 1 = 1"
        var values: [DatabaseValue] = []
        if let status { sql += " AND status = ?"; values.append(.text(status.rawValue)) }
        if let role { sql += " AND role = ?"; values.append(.text(role)) }
        if let orgID { sql += " AND org_id = ?"; values.append(.text(orgID)) }
        sql += " ORDER BY created_at DESC, id LIMIT ?"
        values.append(.integer(Int64(limit)))
        return try conn.query(sql, values).map(member)
    }

    /// Records what a certificate says (role, organisation, keys) and makes the member active.
    public static func certify(_ conn: Connection, id: String, orgID: String, role: String, signPublicKey: [UInt8], boxPublicKey: [UInt8]) throws {
        try conn.run("UPDATE members SET org_id = ?, role = ?, status = 'active', sign_pk = ?, box_pk = ? WHERE id = ?",
                     [.text(orgID), .text(role), .blob(signPublicKey), .blob(boxPublicKey), .text(id)])
    }

    public static func setStatus(_ conn: Connection, id: String, _ status: Status) throws {
        try conn.run("UPDATE members SET status = ? WHERE id = ?", [.text(status.rawValue), .text(id)])
    }

    /// Erases personal data: contact name, e-mail, warning and sanction
    /// reasons about the member, the application's rejection reason. Ids,
    /// keys, certificates and the log stay.
    public static func erase(_ conn: Connection, id: String, at: UInt64) throws {
        try conn.run("UPDATE members SET contact_name = NULL, email = NULL, erased_at = ? WHERE id = ?", [.integer(Int64(at)), .text(id)])
        try conn.run("UPDATE applications SET reason = NULL WHERE id = ?", [.text(id)])
        try conn.run("UPDATE warnings SET reason = NULL WHERE member_id = ?", [.text(id)])
        try conn.run("UPDATE sanction_reasons SET reason = NULL WHERE member_id = ?", [.text(id)])
    }

    private static let memberColumns = "id, org_id, role, status, sign_pk, box_pk, contact_name, email, created_at, erased_at"

    private static func member(_ r: Row) throws -> Member {
        Member(id: try r.string(at: 0), orgID: try r.optionalString(at: 1), role: try r.optionalString(at: 2),
               status: Status(rawValue: try r.string(at: 3)) ?? .revoked, signPublicKey: try r.blob(at: 4), boxPublicKey: try r.blob(at: 5),
               contactName: try r.optionalString(at: 6), email: try r.optionalString(at: 7), createdAt: UInt64(try r.int64(at: 8)),
               erasedAt: try r.optionalInt64(at: 9).map { UInt64($0) })
    }

    // MARK: organisations

    public static func organisation(_ conn: Connection, id: String) throws -> Organisation? {
        try conn.queryOne("SELECT id, name, kvk_number, sector, region, size, created_at FROM organisations WHERE id = ?", [.text(id)]).map(organisation)
    }

    public static func organisation(_ conn: Connection, kvkNumber: String) throws -> Organisation? {
        try conn.queryOne("SELECT id, name, kvk_number, sector, region, size, created_at FROM organisations WHERE kvk_number = ?", [.text(kvkNumber)]).map(organisation)
    }

    public static func insertOrganisation(_ conn: Connection, _ org: Organisation) throws {
        try conn.run("INSERT INTO organisations (id, name, kvk_number, sector, region, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [.text(org.id), .text(org.name), .text(org.kvkNumber), .text(org.sector), .text(org.region), .text(org.size), .integer(Int64(org.createdAt))])
    }

    private static func organisation(_ r: Row) throws -> Organisation {
        Organisation(id: try r.string(at: 0), name: try r.string(at: 1), kvkNumber: try r.string(at: 2), sector: try r.string(at: 3),
                     region: try r.string(at: 4), size: try r.string(at: 5), createdAt: UInt64(try r.int64(at: 6)))
    }

    // MARK: applications

    public static func insertApplication(_ conn: Connection, id: String, orgName: String, kvkNumber: String, sector: String, region: String,
                                         size: String, signature: [UInt8], invitationID: String?, at: UInt64) throws {
        try conn.run("""
            INSERT INTO applications (id, org_name, kvk_number, sector, region, size, signature, invitation_id, status, submitted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, [.text(id), .text(orgName), .text(kvkNumber), .text(sector), .text(region), .text(size), .blob(signature),
                  invitationID.map { .text($0) } ?? .null, .integer(Int64(at))])
    }

    public static func application(_ conn: Connection, id: String) throws -> Application? {
        try conn.queryOne("\(applicationSelect) WHERE a.id = ?", [.text(id)]).map(application)
    }

    public static func applications(_ conn: Connection, status: String?, limit: Int = 500) throws -> [Application] {
        if let status {
            return try conn.query("\(applicationSelect) WHERE a.status = ? ORDER BY a.submitted_at, a.id LIMIT ?", [.text(status), .integer(Int64(limit))]).map(application)
        }
        return try conn.query("\(applicationSelect) ORDER BY a.submitted_at, a.id LIMIT ?", [.integer(Int64(limit))]).map(application)
    }

    /// A pending application with this e-mail address, if any.
    public static func pendingApplication(_ conn: Connection, email: String) throws -> String? {
        try conn.queryOne("SELECT a.id FROM applications a JOIN members m ON m.id = a.id WHERE a.status = 'pending' AND m.email = ?",
                          [.text(email)])?.string(at: 0)
    }

    public static func decide(_ conn: Connection, id: String, status: String, reason: String?, by: String, at: UInt64) throws {
        try conn.run("UPDATE applications SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'",
                     [.text(status), reason.map { .text($0) } ?? .null, .integer(Int64(at)), .text(by), .text(id)])
    }

    private static let applicationSelect = """
        SELECT a.id, a.org_name, a.kvk_number, a.sector, a.region, a.size, a.signature, a.invitation_id, a.status, a.reason,
               a.submitted_at, a.decided_at, a.decided_by, m.contact_name, m.email, m.sign_pk, m.box_pk
        FROM applications a JOIN members m ON m.id = a.id
        """

    private static func application(_ r: Row) throws -> Application {
        Application(id: try r.string(at: 0), orgName: try r.string(at: 1), kvkNumber: try r.string(at: 2), sector: try r.string(at: 3),
                    region: try r.string(at: 4), size: try r.string(at: 5), signature: try r.blob(at: 6), invitationID: try r.optionalString(at: 7),
                    status: try r.string(at: 8), reason: try r.optionalString(at: 9), submittedAt: UInt64(try r.int64(at: 10)),
                    decidedAt: try r.optionalInt64(at: 11).map { UInt64($0) }, decidedBy: try r.optionalString(at: 12),
                    contactName: try r.optionalString(at: 13), email: try r.optionalString(at: 14), signPublicKey: try r.blob(at: 15),
                    boxPublicKey: try r.blob(at: 16))
    }

    // MARK: warnings

    public static func warn(_ conn: Connection, memberID: String, moderatorID: String, reason: String, at: UInt64) throws {
        try conn.run("INSERT INTO warnings (member_id, moderator_id, reason, created_at) VALUES (?, ?, ?, ?)",
                     [.text(memberID), .text(moderatorID), .text(reason), .integer(Int64(at))])
    }

    public static func warnings(_ conn: Connection, memberID: String) throws -> [(reason: String?, at: UInt64)] {
        try conn.query("SELECT reason, created_at FROM warnings WHERE member_id = ? ORDER BY created_at", [.text(memberID)]).map {
            (try $0.optionalString(at: 0), UInt64(try $0.int64(at: 1)))
        }
    }

    // MARK: suspension periods

    /// Records until when a suspension lasts (nil: until reinstated; also
    /// what a reinstatement or removal records).
    public static func setSuspensionPeriod(_ conn: Connection, memberID: String, until: UInt64?, seq: UInt64, by actor: String) throws {
        try conn.run("DELETE FROM suspension_periods WHERE member_id = ?", [.text(memberID)])
        guard let until else { return }
        try conn.run("INSERT INTO suspension_periods (member_id, log_seq, until, set_by) VALUES (?, ?, ?, ?)",
                     [.text(memberID), .integer(Int64(seq)), .integer(Int64(until)), .text(actor)])
    }

    public static func suspensionPeriod(_ conn: Connection, memberID: String) throws -> UInt64? {
        try conn.queryOne("SELECT until FROM suspension_periods WHERE member_id = ?", [.text(memberID)]).map { UInt64(try $0.int64(at: 0)) }
    }

    // MARK: invitations

    public static func insertInvitation(_ conn: Connection, id: String, codeHash: [UInt8], orgID: String, invitedBy: String, at: UInt64, expiresAt: UInt64) throws {
        try conn.run("INSERT INTO invitations (id, code_hash, org_id, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                     [.text(id), .blob(codeHash), .text(orgID), .text(invitedBy), .integer(Int64(at)), .integer(Int64(expiresAt))])
    }

    /// Takes an unused, unexpired invitation: its id and organisation.
    public static func useInvitation(_ conn: Connection, codeHash: [UInt8], by memberID: String, now: UInt64) throws -> (id: String, orgID: String)? {
        guard let row = try conn.queryOne("SELECT id, org_id FROM invitations WHERE code_hash = ? AND used_by IS NULL AND expires_at > ?",
                                          [.blob(codeHash), .integer(Int64(now))]) else { return nil }
        let id = try row.string(at: 0)
        try conn.run("UPDATE invitations SET used_by = ? WHERE id = ? AND used_by IS NULL", [.text(memberID), .text(id)])
        guard conn.changes == 1 else { return nil }
        return (id, try row.string(at: 1))
    }

    public static func invitationOrganisation(_ conn: Connection, id: String) throws -> String? {
        try conn.queryOne("SELECT org_id FROM invitations WHERE id = ?", [.text(id)])?.string(at: 0)
    }
}
