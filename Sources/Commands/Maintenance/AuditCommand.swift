import Args
import Core
import Crypto
import Platform
import Store

/// `trustforum audit verify` and `trustforum audit checkpoint`.
enum AuditCommand {
    static let verify = Command(
        name: "verify",
        abstract: "Verify the audit log's hash chain.",
        discussion: """
            Recomputes every row's keyed hash from the first row on and names the first row that was changed, inserted, deleted or reordered. With --checkpoint, also checks the chain against a signed checkpoint exported earlier, which detects a truncated log and a log rewritten by someone holding the key.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option,
            Settings.byKey["signing_key"]!.option,
            .value("checkpoint", valueName: "file", help: "A signed checkpoint from 'audit checkpoint'."),
        ],
        exitCodes: [(3, "The chain is broken or does not match the checkpoint.")],
        run: runVerify)

    static let checkpoint = Command(
        name: "checkpoint",
        abstract: "Print a signed checkpoint of the audit log's head.",
        discussion: """
            Prints one line of JSON: the head's (seq, mac) signed with the server's signing key. Keep it somewhere the server cannot reach; 'audit verify --checkpoint' checks the log against it later.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option,
            Settings.byKey["signing_key"]!.option,
            .value("out", valueName: "file", help: "Also write the checkpoint to this file (must not exist)."),
        ],
        run: runCheckpoint)

    static let command = Command(
        name: "audit",
        abstract: "Verify and checkpoint the audit log.",
        subcommands: [verify, checkpoint])

    static func runVerify(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let context = try Maintenance(parsed, io)
        try context.requireInitialised()
        var checkpoint: AuditCheckpoint?
        if let path = parsed.value("checkpoint") {
            checkpoint = try AuditCheckpoint.parse(try Files.read(path))
        }
        let key = try context.auditKey()
        let conn = try context.connection()
        defer { conn.close() }
        guard let communityID = try Community.id(conn) else { throw CommandFailure("the store has no community") }
        if let checkpoint {
            let signer = Files.exists(context.signingKeyPath) ? try context.signingKey().publicKey : nil
            try checkpoint.validate(communityID: communityID, signer: signer)
        }
        let result = try AuditLog.verify(conn, key: key, checkpoint: checkpoint)
        if let problem = result.problem {
            io.printError("Audit log BROKEN at \(problem)")
            io.printError("\(result.rows) rows verified before it.")
            return 3
        }
        var line = "Audit log intact: \(result.rows) rows, head seq \(result.lastSeq)"
        if let checkpoint { line += ", matches the checkpoint at seq \(checkpoint.seq)" }
        io.print(line + ".")
        return ExitCode.success
    }

    static func runCheckpoint(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let context = try Maintenance(parsed, io)
        try context.requireInitialised()
        if let out = parsed.value("out"), Files.exists(out) { throw CommandFailure("\(out) exists already") }
        let key = try context.auditKey()
        let signing = try context.signingKey()
        let conn = try context.connection()
        defer { conn.close() }
        guard let communityID = try Community.id(conn) else { throw CommandFailure("the store has no community") }
        let checkpoint: AuditCheckpoint = try conn.transaction {
            let verification = try AuditLog.verify(conn, key: key)
            if let problem = verification.problem {
                throw CommandFailure("refusing to sign a broken chain: \(problem)")
            }
            let head = try AuditLog.head(conn)
            let signed = AuditCheckpoint.sign(communityID: communityID, seq: head.seq, mac: head.mac, createdAt: WallClock.seconds, key: signing)
            try AuditLog.append(conn, key: key, actor: AuditField.system, action: .auditCheckpoint, subject: communityID, detail: "seq=\(head.seq)")
            return signed
        }
        if let out = parsed.value("out") {
            try Files.createExclusive(out, Array((checkpoint.json + "\n").utf8), mode: 0o644)
        }
        io.print(checkpoint.json)
        return ExitCode.success
    }
}
