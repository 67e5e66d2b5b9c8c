import Args
import Client
import Core

/// `trustforum moderators …` and `trustforum experts …`: appointments, for admins.
enum StaffCommand {
    static let moderators = Command(
        name: "moderators",
        abstract: "Appoint and relieve moderators (admins).",
        subcommands: [
            appoint("add", role: .moderator, abstract: "Make a member a moderator: a new certificate for their current keys.", acceptsApplication: false),
            appoint("remove", role: .member, abstract: "Make a moderator a member again: a new certificate for their current keys.", acceptsApplication: false),
        ])

    static let experts = Command(
        name: "experts",
        abstract: "Appoint and relieve experts (admins).",
        subcommands: [
            appoint("add", role: .expert, abstract: "Make a member, or approve a pending application, as an expert.", acceptsApplication: true),
            appoint("remove", role: .member, abstract: "Make an expert a member again: a new certificate for their current keys.", acceptsApplication: false),
        ])

    /// A command that gives `role` to a member by re-certifying their
    /// current keys (or, when `acceptsApplication`, approves a pending
    /// application with that role).
    static func appoint(_ name: String, role: Role, abstract: String, acceptsApplication: Bool) -> Command {
        let subject = acceptsApplication ? "MEMBER_OR_APPLICATION" : "MEMBER"
        return Command(
            name: name,
            abstract: abstract,
            discussion: """
                \(acceptsApplication ? "If the id is a pending application, approves it with role \(role.rawValue) (checking its proof of possession, as 'applications approve' does). Otherwise f" : "F")ollows and verifies the community log and signs a new certificate for the member's current keys and organisation with role \(role.rawValue), after the verified head, checking it as every client will. The community log decides who may do this (Policies/roles.json): admins certify moderators, experts and admins. \(MemberCommand.passphraseHelp)
                """,
            arguments: [.required("id", help: "The \(acceptsApplication ? "member or application" : "member") id (\(subject)).")],
            options: MemberCommand.keyOptions + [MemberCommand.validityOption],
            exitCodes: MemberCommand.followExitCodes,
            run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
                let id = try MemberCommand.id(parsed)
                let validity = try MemberCommand.validity(parsed)
                if acceptsApplication, let application = try pendingApplication(id, context) {
                    let seq = try context.approve(application, role: role, validity: validity)
                    io.print("Approved \(id) as \(role.rawValue): certificate at entry \(seq) of the community log.")
                    return ExitCode.success
                }
                let seq: UInt64
                do {
                    seq = try context.recertify(memberID: id, role: role, validity: validity)
                } catch let error as MemberError {
                    guard case .refused(let reason) = error, reason.contains("may not") else { throw error }
                    throw MemberError.refused(reason + ". " + policyNote(role, context.policy))
                }
                io.print("\(id) is now \(role.rawValue): certificate at entry \(seq) of the community log.")
                return ExitCode.success
            })
    }

    /// Who Policies/roles.json lets issue a `role` certificate, and over whom.
    static func policyNote(_ role: Role, _ policy: RolePolicy) -> String {
        let issuers = Role.allCases.filter { policy.mayCertify(issuer: $0, subject: role) }.map { issuer in
            let over = Role.allCases.filter { policy.maySanction(actor: issuer, subject: $0) }.map(\.rawValue)
            return "a \(issuer.rawValue) (for someone who is now \(over.joined(separator: ", ")))"
        }
        return "Policies/roles.json lets " + (issuers.isEmpty ? "nobody" : issuers.joined(separator: " or "))
            + " issue a \(role.rawValue) certificate"
    }

    /// The application `id` when it is pending; nil when there is none (a member id).
    static func pendingApplication(_ id: String, _ context: MemberContext) throws -> Wire.ApplicationRecord? {
        do {
            let application: Wire.ApplicationRecord = try context.api().get("/v1/applications/\(id)")
            return application.status == "pending" ? application : nil
        } catch let error as APIError where error.status == 404 {
            return nil
        }
    }
}
