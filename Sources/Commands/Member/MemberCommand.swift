import Args
import Client
import Core

/// What the member-side commands share: their options, the context they
/// run in, and how verification failures become exit code 3.
enum MemberCommand {
    /// The exit code of a verification failure.
    static let verificationFailed: Int32 = 3

    /// `--profile DIR`.
    static let profile = Option.value(
        "profile", valueName: "dir",
        help: "The profile directory: keystore, server, pinned root, session (default: $XDG_CONFIG_HOME/trustforum or ~/.config/trustforum).",
        env: "TRUSTFORUM_HOME")
    /// `--passphrase-file FILE`.
    static let passphraseFile = Option.value(
        "passphrase-file", valueName: "file",
        help: "Read the keystore passphrase from the first line of this private file (else TRUSTFORUM_PASSPHRASE, else the terminal).")
    /// `--json`.
    static let json = Option.flag("json", help: "Print the server's JSON (sorted keys, indented) instead of text, for scripts.")

    /// The options of a command that needs no key. `--passphrase-file` is
    /// accepted (and unused) too, so that one set of flags works for every
    /// command of a profile.
    static let options = [profile, passphraseFile]
    /// The options of a command that signs with the keystore.
    static let keyOptions = [profile, passphraseFile]

    /// The `EXIT CODES:` rows of commands that follow the community log.
    static let followExitCodes: [(Int32, String)] = [
        (verificationFailed, "Verification failed: the community log went backwards, forked or does not verify, or the server's root is not the pinned one."),
    ]

    /// The paragraph of help about passphrases.
    static let passphraseHelp = "The keystore's passphrase comes from --passphrase-file, else TRUSTFORUM_PASSPHRASE, else the terminal."

    typealias Body = @Sendable (ParsedArguments, inout CommandIO, MemberContext) throws -> Int32

    /// A `run` closure that checks the `<id>` argument when `id` is set
    /// (a usage error comes before anything else), builds the command's
    /// `MemberContext` (reading `--passphrase-file` when `keys` is set),
    /// runs `body`, prints a verification failure loudly and exits 3 on it,
    /// and forgets a session the server has ended.
    static func run(keys: Bool = false, id: Bool = false, _ body: @escaping Body) -> Command.Run {
        { parsed, io in
            if id { _ = try MemberCommand.id(parsed) }
            let context = try MemberContext(profile: parsed.value("profile"), passphraseFile: keys ? parsed.value("passphrase-file") : nil,
                                            environment: io.environment)
            do {
                return try body(parsed, &io, context)
            } catch let failure as LogFollower.Failure {
                io.printError("Error: \(failure)")
                io.printError("""
                    WARNING: do not rely on what this server says about who is who. This client kept the last head it verified \
                    (\(context.profile.logHead.map { "entry \($0.seq)" } ?? "none")) in \(context.profile.path). \
                    Tell the community's administrators, out of band.
                    """)
                return verificationFailed
            } catch let failure as VerificationFailure {
                io.printError("Error: \(failure)")
                return verificationFailed
            } catch let error as APIError {
                if case .sessionEnded = error { try? context.forgetSession() }
                throw error
            }
        }
    }

    /// A lower-case UUID given as `name`, or a usage error.
    static func id(_ parsed: ParsedArguments, _ name: String = "id") throws -> String {
        let text = (parsed.argument(name) ?? "").lowercased()
        guard Identifier.isValid(text) else { throw UsageError("<\(name)> must be an id: a UUID like 0b5e…-…") }
        return text
    }

    /// A role named by `--role`, or a usage error.
    static func role(_ text: String, allowed: [Role] = Role.allCases) throws -> Role {
        guard let role = Role(rawValue: text), allowed.contains(role) else {
            throw UsageError("--role must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }

    /// `--validity-days N` in seconds, within what the community log accepts.
    static func validity(_ parsed: ParsedArguments) throws -> UInt64 {
        let maximum = MemberContext.maximumValidity / 86_400
        guard let days = UInt64(parsed.value("validity-days") ?? ""), days >= 1, days <= maximum else {
            throw UsageError("--validity-days must be a whole number from 1 to \(maximum)")
        }
        return days * 86_400
    }

    /// The `--validity-days` option.
    static let validityOption = Option.value(
        "validity-days", valueName: "days", help: "How long the certificate is valid (at most \(MemberContext.maximumValidity / 86_400)).",
        default: "365")
}
