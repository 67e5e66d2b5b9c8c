import Args
import Client
import Core
import Foundation

/// `trustforum apply`: an application for membership, signed with your keys.
enum ApplyCommand {
    static let command = Command(
        name: "apply",
        abstract: "Apply for membership for your organisation, with the keys in your profile.",
        discussion: """
            Fetches the community from the server, checks its root against the fingerprint the administrators published (--root-fingerprint) and verifies entry 0 of the community log, then sends your organisation's details and your contact details with your public keys, signed with your key (the proof of possession). Your application id is your member id from 'trustforum keys init'. The server, community and root are pinned in the profile.

            --trust-root accepts whatever root the server shows (trust on first use) and prints its fingerprint: compare it with the administrators out of band before you rely on it. When the profile pins a root already, neither option is needed.

            Tell the moderator your application id and fingerprint out of band (by phone, in person) so they know the keys are yours. Then 'trustforum login' and 'trustforum whoami' show the decision.

            Sectors, regions and sizes come from a fixed list: see GET /v1/policies/register. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.keyOptions + [
            .value("server", valueName: "url", help: "The server's base URL, e.g. https://forum.example.org.", required: true),
            .value("org-name", valueName: "name", help: "Your organisation's name.", required: true),
            .value("kvk", valueName: "number", help: "Your organisation's KvK (Chamber of Commerce) number: 8 digits.", required: true),
            .value("sector", help: "Your organisation's sector, e.g. energy, finance, healthcare, manufacturing.", required: true),
            .value("region", help: "Your organisation's province, e.g. utrecht, zuid-holland, outside-netherlands.", required: true),
            .value("size", help: "Your organisation's size: 1-9, 10-49, 50-249, 250-999 or 1000+.", required: true),
            .value("name", help: "Your name, for the moderator.", required: true),
            .value("email", help: "Your e-mail address, for the moderator.", required: true),
            .value("invitation", valueName: "code", help: "An invitation code from your organisation's org admin ('trustforum org invite')."),
            .value("root-fingerprint", valueName: "fpr", help: "The community root's fingerprint, as the administrators published it."),
            .flag("trust-root", help: "Accept the server's root on first use (check its fingerprint out of band!)."),
        ],
        exitCodes: [(MemberCommand.verificationFailed, "The server's root is not the expected one, or entry 0 does not verify.")],
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let trust = try rootTrust(parsed, pinned: context.profile.rootFingerprint != nil)
            let server = try ServerAddress(parsed.value("server")!)
            let organisation = try organisation(parsed)
            let contact = Wire.Contact(name: parsed.value("name")!.trimmingCharacters(in: .whitespaces), email: try email(parsed.value("email")!))
            guard context.hasKeystore else { throw MemberError.noKeystore(path: context.profile.keystorePath) }
            let reached = try context.contact(server, trust: trust)
            if reached.trustedOnFirstUse {
                io.printError("""
                    TRUST ON FIRST USE: pinned the root fingerprint the server shows,
                        \(reached.rootFingerprint)
                    Compare it with the fingerprint the administrators published before you rely on this community.
                    """)
            }
            let communityID = reached.community.community_id
            let keystore = try context.keystore()
            if let own = keystore.communityID, own != communityID {
                throw MemberError.otherCommunity(expected: own, served: communityID, server: server.origin)
            }
            let body = Requests.application(communityID: communityID, applicationID: keystore.memberID, organisation: organisation,
                                            contact: contact, signing: keystore.signingKey, box: keystore.boxKey.publicKey,
                                            invitation: parsed.value("invitation"))
            let submitted: Wire.Submitted = try APIClient(server: server).post("/v1/applications", body: body)
            guard submitted.fingerprint == keystore.fingerprint, submitted.application_id == keystore.memberID else {
                throw APIError.unexpectedResponse(server: server.origin, status: 201, reason: "the server recorded another id or key bundle")
            }
            var bound = keystore
            if bound.communityID == nil {
                bound.communityID = communityID
                try bound.save()
            }
            io.print("Applied to community \(communityID) at \(server.origin)")
            io.print(Output.fields([
                ("  application id", submitted.application_id),
                ("  fingerprint", submitted.fingerprint),
                ("  status", submitted.status),
            ]), terminator: "")
            io.print("Tell the moderator your application id and fingerprint out of band. Then: trustforum login; trustforum whoami")
            return ExitCode.success
        })

    /// `--root-fingerprint` or `--trust-root`: exactly one, unless the profile pins a root.
    static func rootTrust(_ parsed: ParsedArguments, pinned: Bool) throws -> RootTrust {
        let given = parsed.value("root-fingerprint")
        let firstUse = parsed.flag("trust-root")
        switch (given, firstUse) {
        case (.some, true):
            throw UsageError("give --root-fingerprint or --trust-root, not both")
        case (.some(let fingerprint), false):
            guard RootTrust.normalise(fingerprint) != nil else {
                throw UsageError("--root-fingerprint must be 40 hex digits, e.g. 'ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb'")
            }
            return .fingerprint(fingerprint)
        case (nil, true):
            return pinned ? .pinned : .firstUse
        case (nil, false):
            guard pinned else { throw UsageError("give --root-fingerprint FPR (from the administrators) or --trust-root") }
            return .pinned
        }
    }

    /// The organisation options, checked against the register lists.
    static func organisation(_ parsed: ParsedArguments) throws -> Wire.Organisation {
        let register = try RegisterPolicy.embedded()
        let kvk = parsed.value("kvk")!
        guard kvk.utf8.count == 8, kvk.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw UsageError("--kvk must be the 8 digits of a KvK number")
        }
        for (name, allowed) in [("sector", register.sectors), ("region", register.regions), ("size", register.sizes)] {
            guard allowed.contains(parsed.value(name)!) else {
                throw UsageError("--\(name) must be one of: \(allowed.joined(separator: ", "))")
            }
        }
        let name = parsed.value("org-name")!.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw UsageError("--org-name must not be empty") }
        return Wire.Organisation(name: name, kvkNumber: kvk, sector: parsed.value("sector")!, region: parsed.value("region")!,
                                 size: parsed.value("size")!)
    }

    /// The address as the server stores it (trimmed, domain in lower case),
    /// so that the signature, which covers it, verifies on the moderator's
    /// client against the stored copy.
    static func email(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(".") else {
            throw UsageError("--email must be an e-mail address")
        }
        return String(parts[0]) + "@" + parts[1].lowercased()
    }
}
