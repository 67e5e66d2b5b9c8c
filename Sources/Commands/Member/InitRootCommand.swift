#if canImport(Glibc)
import Glibc
#endif
import Args
import Client
import Core
import Crypto
import Foundation
import Platform
import Protocol

/// `trustforum keys init-root`: the community's root, made on the administrator's machine.
enum InitRootCommand {
    static let command = Command(
        name: "init-root",
        abstract: "Create a new community's root: your admin keys and the public root certificate.",
        discussion: """
            Run this on the administrator's own machine, not on the server. It creates the root admin's keystore in the profile, a new community id and organisation id, the self-signed admin certificate and entry 0 of the community log, writes them to FILE (public, mode 0644; never over an existing file), and pins the community and the root's fingerprint in the profile. The root's secret keys never leave the keystore.

            Publish the fingerprint it prints to the community (members check it with 'apply --root-fingerprint'). Then, on the server: 'trustforum init --data DIR --root-cert FILE'; and here: 'trustforum login --server URL'.

            \(KeysCommand.kdfHelp)
            """,
        options: MemberCommand.keyOptions + [
            .value("out", valueName: "file", help: "Where to write the public root certificate (must not exist).", required: true),
            KeysCommand.kdfOption,
            .value("validity-years", valueName: "years", help: "How long the root certificate is valid, 1 to 20 years.", default: "10"),
        ],
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let out = parsed.value("out")!
            guard let years = UInt64(parsed.value("validity-years") ?? ""), (1...20).contains(years) else {
                throw UsageError("--validity-years must be a whole number from 1 to 20")
            }
            let parameters = try KeysCommand.kdf(parsed)
            guard !Files.exists(out) else { throw MemberError.refused("\(out) already exists; refusing to overwrite it") }
            guard context.profile.communityID == nil else {
                throw MemberError.refused("the profile \(context.directory) belongs to community \(context.profile.communityID!) already; use another --profile")
            }
            let communityID = Identifier.uuid(fromRandom: Random.bytes(16))
            let orgID = Identifier.uuid(fromRandom: Random.bytes(16))
            let keystore = try context.createKeystore(parameters: parameters, communityID: communityID)
            // 365.25 days a year; the community log accepts a root of at most 20 × 366 days.
            let root = RootCertificateFile.make(communityID: communityID, memberID: keystore.memberID, orgID: orgID, key: keystore.signingKey,
                                                boxKey: keystore.boxKey.publicKey, issuedAt: context.now, validity: years * 31_557_600)
            do {
                try Files.createExclusive(out, Array(root.json.utf8), mode: 0o644)
                _ = chmod(out, 0o644)  // Public: whatever the umask.
            } catch {
                Files.remove(keystore.path)
                throw MemberError.refused("cannot write \(out): \(error); nothing was created")
            }
            context.profile.communityID = communityID
            context.profile.rootFingerprint = root.certificate.certificate.fingerprint
            try context.save()
            io.print("Created the root of community \(communityID)")
            io.print(Output.fields([
                ("  root admin", keystore.memberID),
                ("  organisation", orgID),
                ("  fingerprint", root.certificate.certificate.fingerprint),
                ("  valid until", Output.time(root.certificate.certificate.expiresAt)),
                ("  keystore", keystore.path),
                ("  certificate", out + " (public)"),
            ]), terminator: "")
            io.print("Publish the fingerprint to the community. Next:")
            io.print("  on the server:  trustforum init --data DIR --root-cert \(out)")
            io.print("  here:           trustforum login --server URL")
            return ExitCode.success
        })
}
