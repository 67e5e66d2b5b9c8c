import Args
import Client
import Crypto
import Platform

/// `trustforum keys …`: the member's own keystore.
enum KeysCommand {
    /// `--kdf moderate|interactive`.
    static let kdfOption = Option.value(
        "kdf", valueName: "cost",
        help: "The Argon2id cost: moderate (3 passes, 256 MiB), or interactive (2 passes, 64 MiB) for tests and low-power devices only.",
        default: "moderate")

    static let kdfHelp = """
        The keystore is encrypted under your passphrase with Argon2id, MODERATE by default. '--kdf interactive' is for tests and low-power devices only: it makes guessing the passphrase of a stolen keystore several times cheaper.
        """

    static let initialise = Command(
        name: "init",
        abstract: "Create your keys: a new keystore in the profile.",
        discussion: """
            Makes an Ed25519 signing key, an X25519 encryption key and your member id, and writes them to PROFILE/keystore (mode 0600). The member id becomes your application id when you apply. Refuses if the profile holds a keystore already.

            \(kdfHelp)

            The new passphrase (at least 10 characters) comes from --passphrase-file, else TRUSTFORUM_PASSPHRASE, else the terminal (asked twice). Next: 'trustforum apply'.
            """,
        options: MemberCommand.keyOptions + [kdfOption],
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let parameters = try kdf(parsed)
            let keystore = try context.createKeystore(parameters: parameters)
            io.print("Created \(keystore.path)")
            io.print(Output.fields([("  member id", keystore.memberID + "  (your application id)"), ("  fingerprint", keystore.fingerprint)]),
                     terminator: "")
            io.print("Next: trustforum apply --server URL --root-fingerprint FPR … (see 'trustforum apply --help')")
            return ExitCode.success
        })

    static let show = Command(
        name: "show",
        abstract: "Show your member id, fingerprint, community, server, pinned root and log head.",
        discussion: "Opens the keystore (it holds the member id and keys). " + MemberCommand.passphraseHelp,
        options: MemberCommand.keyOptions,
        run: MemberCommand.run(keys: true) { _, io, context in
            let keystore = try context.keystore()
            let profile = context.profile
            let session: String
            if let current = profile.session {
                session = current.isExpired(now: context.now) ? "expired at \(Output.time(current.expiresAt))"
                                                               : "logged in until \(Output.time(current.expiresAt))"
            } else {
                session = "not logged in"
            }
            io.print(Output.fields([
                ("member id", keystore.memberID),
                ("fingerprint", keystore.fingerprint),
                ("community", profile.communityID ?? keystore.communityID ?? "(none yet)"),
                ("server", profile.serverURL ?? "(none yet)"),
                ("root", profile.rootFingerprint ?? "(not pinned)"),
                ("log head", profile.logHead.map { "entry \($0.seq)" } ?? "(not followed yet)"),
                ("session", session),
                ("keystore", keystore.path + " (Argon2id opslimit \(keystore.parameters.opsLimit), memlimit \(keystore.parameters.memLimit >> 20) MiB)"),
            ]), terminator: "")
            return ExitCode.success
        })

    static let export = Command(
        name: "export",
        abstract: "Copy your keystore to a file, still encrypted.",
        discussion: "Checks that the passphrase opens it, then writes FILE (mode 0600, never over an existing file). Keep the copy private: anyone holding it can try to guess the passphrase offline. " + MemberCommand.passphraseHelp,
        options: MemberCommand.keyOptions + [.value("to", valueName: "file", help: "The file to write (must not exist).", required: true)],
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let destination = parsed.value("to")!
            guard context.hasKeystore else { throw MemberError.noKeystore(path: context.profile.keystorePath) }
            let passphrase = try context.passphrase(for: .unlock, prompt: "Passphrase for \(context.profile.keystorePath): ")
            try Keystore.export(from: context.profile.keystorePath, to: destination, passphrase: passphrase)
            io.print("Exported the keystore to \(destination) (encrypted, mode 0600).")
            return ExitCode.success
        })

    static let `import` = Command(
        name: "import",
        abstract: "Install an exported keystore in the profile.",
        discussion: "Checks that the passphrase opens FILE (which must be private, mode 0600), then copies it to PROFILE/keystore, still encrypted. Refuses if the profile holds a keystore already. " + MemberCommand.passphraseHelp,
        options: MemberCommand.keyOptions + [.value("from", valueName: "file", help: "An exported keystore.", required: true)],
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let source = parsed.value("from")!
            guard !context.hasKeystore else { throw MemberError.keystoreExists(path: context.profile.keystorePath) }
            try context.save()
            let passphrase = try context.passphrase(for: .unlock, prompt: "Passphrase for \(source): ")
            try Keystore.import(from: source, to: context.profile.keystorePath, passphrase: passphrase)
            let keystore = try Keystore.open(path: context.profile.keystorePath, passphrase: passphrase)
            io.print("Imported \(source) into \(keystore.path)")
            io.print(Output.fields([("  member id", keystore.memberID), ("  fingerprint", keystore.fingerprint)]), terminator: "")
            io.print("Next: trustforum login --server URL")
            return ExitCode.success
        })

    static let command = Command(
        name: "keys",
        abstract: "Create, show, export and import your keys; create a community's root.",
        subcommands: [initialise, show, export, `import`, InitRootCommand.command])

    /// The Argon2id parameters `--kdf` names.
    static func kdf(_ parsed: ParsedArguments) throws -> PasswordHash.Parameters {
        switch parsed.value("kdf") {
        case "moderate": return .moderate
        case "interactive": return .interactive
        default: throw UsageError("--kdf must be moderate or interactive")
        }
    }
}
