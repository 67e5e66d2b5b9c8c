import Core
import Crypto
import Platform
import Protocol
import Store

/// Entry 0: what `init --root-cert` does to a new store, in one transaction
/// with the caller's: the community, the root's log entry, its member row
/// and a placeholder organisation (the root certificate names an
/// organisation id, not its details).
public enum RootImport {
    public static let organisation = (name: "Community operator", kvk: "00000000", sector: "government",
                                      region: "outside-netherlands", size: "1-9")

    /// Checks a root without writing anything: the state after entry 0.
    public static func verify(_ root: RootCertificateFile) throws -> CommunityState {
        var state = CommunityState(communityID: root.communityID, policy: try RolePolicy.embedded())
        try state.apply(root.entry)
        return state
    }

    /// Checks the root (a self-signed admin certificate, entry 0 signed by
    /// it) and writes it. Throws `ProtocolError` for a root that does not verify.
    public static func apply(_ root: RootCertificateFile, to conn: Connection, auditKey: SecureBytes) throws {
        let state = try verify(root)
        let cert = root.certificate.certificate
        let now = WallClock.seconds
        try Community.create(conn, id: root.communityID, createdAt: now)
        try CommunityLogStore.append(conn, .init(seq: 0, kind: LogKind.root.rawValue, actorID: cert.memberID, payload: root.certificate.payload,
                                                 prevHash: LogEntry.genesis, signature: root.entrySignature, entryHash: state.head, createdAt: now))
        let org = organisation
        try MemberStore.insertOrganisation(conn, .init(id: cert.orgID, name: org.name, kvkNumber: org.kvk, sector: org.sector,
                                                       region: org.region, size: org.size, createdAt: now))
        try MemberStore.insertCertified(conn, id: cert.memberID, orgID: cert.orgID, role: cert.role.rawValue,
                                        signPublicKey: cert.signPublicKey.bytes, boxPublicKey: cert.boxPublicKey.bytes, at: now)
        try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .communityInit, subject: root.communityID)
        try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .communityRoot, subject: cert.memberID, detail: "seq=0")
    }
}
