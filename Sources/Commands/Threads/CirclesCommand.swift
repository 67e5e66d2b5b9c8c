import Args
import Client
import Core

/// `trustforum circles …`: collaboration circles (DESIGN.md) and the
/// keyrings of circles, the default one (the whole community) included.
enum CirclesCommand {
    static let list = Command(
        name: "list",
        abstract: "List the circles: the whole community and the collaboration circles.",
        discussion: "Each circle is checked against the verified community log; a name that is not the one its circle-create entry signed is marked.",
        options: MemberCommand.options + [MemberCommand.json],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(keys: false) { parsed, io, context in
            let (circles, answer) = try context.circles()
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = circles.map { listed in
                let c = listed.circle
                let name = c.is_default ? "Community (default)" : Output.plain(c.name) + (listed.nameVerified == false ? " (NAME NOT AS SIGNED)" : "")
                return [c.circle_id, name, c.member ? "yes" : "no", c.moderator ? "yes" : "no",
                        String(c.current_epoch) + (c.rotation_required ? " (rotation due)" : "")]
            }
            io.print(Output.table(["ID", "NAME", "MEMBER", "MODERATOR", "EPOCH"], rows, empty: "No circles."), terminator: "")
            return ExitCode.success
        })

    static let create = Command(
        name: "create",
        abstract: "Create a collaboration circle (admins).",
        discussion: """
            Signs a circle-create entry (the circle's id, its keyring's id and the hash of its name) after the verified head of the community log, checks it as every client will, and sends it. Then appoint its moderators with 'circles moderators add'. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.keyOptions + [.value("name", valueName: "text", help: "The circle's name (at most 100 characters).", required: true)],
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let name = parsed.value("name")!
            guard !name.isEmpty, name.count <= 100, name.trimmingCharacters(in: .whitespaces) == name,
                  !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw UsageError("--name must be 1 to 100 characters, without leading or trailing spaces or control characters")
            }
            let created = try context.createCircle(name: name)
            io.print("Created circle \(created.circleID) (keyring \(created.keyringID)): entry \(created.seq) of the community log.")
            return ExitCode.success
        })

    static let moderators = Command(
        name: "moderators",
        abstract: "Appoint and relieve a circle's moderators (admins).",
        subcommands: [appoint("add", add: true), appoint("remove", add: false)])

    /// `circles moderators add|remove CIRCLE MEMBER`.
    static func appoint(_ name: String, add: Bool) -> Command {
        Command(
            name: name,
            abstract: add ? "Make a member a moderator of a circle." : "Relieve a moderator of a circle.",
            discussion: """
                Signs a circle-moderator entry after the verified head of the community log, checks it as every client will, and sends it. A circle's moderators admit and remove its members. \(MemberCommand.passphraseHelp)
                """,
            arguments: [.required("id", help: "The circle id."), .required("member", help: "The member id.")],
            options: MemberCommand.keyOptions,
            exitCodes: MemberCommand.followExitCodes,
            run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
                let circle = try MemberCommand.id(parsed)
                let member = try MemberCommand.id(parsed, "member")
                let seq = try context.setCircleModerator(member, of: circle, add: add)
                io.print("\(member) \(add ? "moderates" : "no longer moderates") circle \(circle): entry \(seq) of the community log.")
                return ExitCode.success
            })
    }

    static let join = Command(
        name: "join",
        abstract: "Ask a circle's moderators to admit you.",
        arguments: [.required("id", help: "The circle id.")],
        options: MemberCommand.options,
        run: MemberCommand.run(id: true) { parsed, io, context in
            let circle = try MemberCommand.id(parsed)
            let _: ThreadWire.JoinRequestRecord = try context.api().post("/v1/circles/\(circle)/join-requests", body: CircleActions.joinRequest())
            io.print("Asked the moderators of circle \(circle) to admit you.")
            return ExitCode.success
        })

    static let requests = Command(
        name: "requests",
        abstract: "List the requests to join a circle (its moderators).",
        arguments: [.required("id", help: "The circle id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let circle = try MemberCommand.id(parsed)
            let answer = try context.api().send("GET", "/v1/circles/\(circle)/join-requests")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(ThreadWire.JoinRequestList.self).requests.map { [$0.member_id, Output.time($0.created_at)] }
            io.print(Output.table(["MEMBER", "REQUESTED"], rows, empty: "No requests to join circle \(circle)."), terminator: "")
            return ExitCode.success
        })

    static let admit = Command(
        name: "admit",
        abstract: "Admit a member to a circle (its moderators), with the circle's keys.",
        discussion: """
            Signs the add entry of the circle's keyring log after its verified head and, when you hold the circle's keys, wraps them for the new member: every epoch, unless --no-history. A moderator who does not hold the keys admits only while the circle has no epoch yet. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The circle id."), .required("member", help: "The member id.")],
        options: MemberCommand.keyOptions + [ThreadCommand.history, ThreadCommand.confirm],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let circle = try MemberCommand.id(parsed)
            let member = try MemberCommand.id(parsed, "member")
            try ThreadCommand.session(parsed, context).admit(member, to: circle, history: parsed.flag("history"))
            io.print("Admitted \(member) to circle \(circle).")
            return ExitCode.success
        })

    static let leave = Command(
        name: "leave",
        abstract: "Leave a circle.",
        discussion: "Signs your departure from the circle's keyring log; the next member to post creates a new epoch. \(MemberCommand.passphraseHelp)",
        arguments: [.required("id", help: "The circle id.")],
        options: MemberCommand.keyOptions,
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let circle = try MemberCommand.id(parsed)
            try context.threads().leaveCircle(circle)
            io.print("You left circle \(circle).")
            return ExitCode.success
        })

    static let remove = Command(
        name: "remove",
        abstract: "Remove a member from a circle (its moderators), with a new key for those who remain.",
        discussion: """
            Signs the removal and, when you hold the circle's keys, creates the next epoch for the remaining members in the same request; otherwise the next member to post does. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The circle id."), .required("member", help: "The member id.")],
        options: MemberCommand.keyOptions + [ThreadCommand.confirm],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let circle = try MemberCommand.id(parsed)
            let member = try MemberCommand.id(parsed, "member")
            let epoch = try ThreadCommand.session(parsed, context).removeFromCircle(member, circleID: circle)
            io.print("Removed \(member) from circle \(circle)" + (epoch.map { "; epoch \($0) is for the remaining members only." }
                                                                  ?? "; the next member to post creates a new epoch."))
            return ExitCode.success
        })

    static let rotate = Command(
        name: "rotate",
        abstract: "Give a circle's keyring a new epoch, e.g. the whole community's after a suspension.",
        discussion: """
            Creates the next epoch of the circle's keyring, wrapped for exactly its members now: after a member was suspended, removed or left, so that they receive no key of later posts. 'default' is the whole community's keyring (every active member); moderators run 'trustforum circles rotate default' right after suspending or removing a member. If nobody does, the next member to post rotates first. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "'default' or a circle id.")],
        options: MemberCommand.keyOptions + [ThreadCommand.confirm],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run { parsed, io, context in
            let circle = try ThreadCommand.circle(parsed.argument("id") ?? "", context)
            let (epoch, due) = try ThreadCommand.session(parsed, context).rotateCircle(circle)
            io.print("Created epoch \(epoch) of circle \(circle)'s keyring\(due ? "" : " (no rotation was due)").")
            return ExitCode.success
        })

    static let command = Command(
        name: "circles",
        abstract: "Circles: the whole community and collaboration groups, their members, moderators and keys.",
        discussion: """
            The whole community is the default circle; collaboration circles (a port, an airport, a sector) have their own members, moderators and keyring. TLP:CLEAR and TLP:GREEN threads of a circle are read by its members.
            """,
        subcommands: [list, create, moderators, join, requests, admit, leave, remove, rotate])
}
