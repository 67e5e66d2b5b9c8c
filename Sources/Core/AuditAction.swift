/// The action codes of the audit log. Rows hold these codes and ids only,
/// never names, e-mail addresses or free text.
public enum AuditAction: String, Sendable, CaseIterable {
    /// `init` created the community.
    case communityInit = "community.init"
    /// Migrations were applied; detail: the versions (`1,2`).
    case migrationsApplied = "store.migrate"
    /// The server started; detail: the binary's version.
    case serverStarted = "server.start"
    /// A backup was written; detail: the BLAKE2b of the backup file's header.
    case backupCreated = "store.backup"
    /// The store was restored from a backup.
    case storeRestored = "store.restore"
    /// An audit checkpoint was signed; detail: its seq.
    case auditCheckpoint = "audit.checkpoint"
    /// A row written by the test-only route (servers started with test routes).
    case testProbe = "test.probe"
    /// `init` imported the root certificate as entry 0 of the community log.
    case communityRoot = "community.root"
    /// An application arrived; subject: the application (= member) id.
    case applicationSubmitted = "application.submit"
    /// A moderator approved an application (certify entry); detail: the log seq.
    case applicationApproved = "application.approve"
    /// A moderator rejected an application.
    case applicationRejected = "application.reject"
    /// A new certificate for an existing member (role, renewal, key); detail: the log seq.
    case memberCertified = "member.certify"
    case memberSuspended = "member.suspend"
    case memberReinstated = "member.reinstate"
    case memberRemoved = "member.remove"
    case memberWarned = "member.warn"
    /// An admin erased a member's personal data.
    case memberErased = "member.erase"
    /// An org admin invited a colleague; subject: the organisation.
    case organisationInvite = "org.invite"
    /// A member reported a post; subject: the queue item.
    case moderationReport = "moderation.report"
    /// A post or text was held for review; subject: the queue item.
    case moderationHold = "moderation.hold"
    /// A moderator decided an item; subject: the item; detail: `decision=…,appeal=0|1`.
    case moderationDecision = "moderation.decide"
    /// A member appealed a decision; subject: the item.
    case moderationAppeal = "moderation.appeal"
    /// Warnings added up to a proposed suspension; subject: the new item.
    case moderationProposal = "moderation.propose"
    /// A member published a publication; subject: it; detail: `version=1`.
    case publicationCreated = "publication.create"
    /// A new version of a publication; subject: it; detail: its version.
    case publicationEdited = "publication.edit"
    /// An expert endorsed a publication; subject: it.
    case publicationEndorsed = "publication.endorse"
    /// `init --starter-content` published a starter document; subject: the publication.
    case starterPublished = "publication.starter"
    /// An expert imported a CSAF advisory as an alert (new or newer) or wrote one (`source=manual`); subject: the alert; detail: its version.
    case alertImported = "alert.import"
    /// The server put a moderation policy in force (at start or on reload);
    /// detail: its version (hex BLAKE2b-256 of the bundle).
    case policyLoaded = "policy.loaded"

    /// True for codes of the shape the log accepts: lower-case letters and digits
    /// joined by `.`, `-` or `_`, at most 64 bytes.
    public static func isWellFormed(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 64 && code.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2e || $0 == 0x2d || $0 == 0x5f
        }
    }
}

/// What an audit row may hold in its id and detail columns.
public enum AuditField {
    /// The actor of actions the service or an operator at the console takes.
    public static let system = "system"

    /// An id column: a protocol id (lower-case UUID), `system`, or empty.
    public static func isValidID(_ value: String) -> Bool {
        value.isEmpty || value == system || Identifier.isValid(value)
    }

    /// The detail column: codes, numbers, hashes and ids only, at most 256
    /// bytes from `[A-Za-z0-9._:,=+/-]`; no spaces, no `@`, so no names,
    /// addresses or sentences fit.
    public static func isValidDetail(_ value: String) -> Bool {
        value.utf8.count <= 256 && value.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39)
                || $0 == 0x2e || $0 == 0x5f || $0 == 0x3a || $0 == 0x2c || $0 == 0x3d || $0 == 0x2b || $0 == 0x2f || $0 == 0x2d
        }
    }
}
