import Args
import Client

/// `trustforum members keys ID`: a member's keys, verified against the community log.
enum MemberKeysCommand {
    static let command = Command(
        name: "keys",
        abstract: "Show a member's keys, verified against the community log you replayed.",
        discussion: """
            Fetches the member's key bundle and the log entries that prove it, follows and verifies the whole community log, and checks that the bundle is the member's current certificate in the verified log and that every entry the server sent is byte for byte the entry at that seq of the verified log. Prints 'verified' and the fingerprint, or refuses and says why (exit 3).

            'UNVERIFIED KEY CHANGE' means the member's keys changed without a signature of their old key: confirm the fingerprint with the member out of band before you trust it (exit 3 too).
            """,
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.options,
        exitCodes: [(MemberCommand.verificationFailed, "Verification failed: the keys or the community log do not verify, or an unverified key change.")],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let served: Wire.MemberKeys = try context.api().get("/v1/members/\(id)/keys")
            let log = try context.follow()
            let check = try KeyCheck.verify(served, memberID: id, against: log, now: context.now)
            let validity = check.validForNewWraps ? "yes" : "no (\(check.status == .active ? "certificate expired" : check.status.rawValue))"
            io.print(Output.fields([
                ("member id", check.memberID),
                ("fingerprint", check.fingerprint),
                ("role", check.role.rawValue),
                ("organisation", check.orgID),
                ("status", check.status.rawValue),
                ("expires", Output.time(check.expiresAt)),
                ("certificates", String(check.certificates)),
                ("usable", validity),
            ]), terminator: "")
            if check.unverifiedKeyChange {
                io.printError("UNVERIFIED KEY CHANGE: \(id)'s keys changed without their old key's signature. Confirm the fingerprint "
                    + "\(check.fingerprint) with the member out of band before you trust it.")
                return MemberCommand.verificationFailed
            }
            io.print("verified: \(check.fingerprint) against the community log up to entry \(log.head?.seq ?? 0)")
            return ExitCode.success
        })
}
