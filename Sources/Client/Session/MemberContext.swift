import Core
import Crypto
import Platform
import Protocol

/// What one command of the member side works with: the profile directory
/// and its `profile.json`, the keystore (opened only when a command needs
/// a key, with a passphrase from `PassphraseSource`), and API clients for
/// the profile's server.
///
///     let context = try MemberContext(profile: parsed.value("profile"), passphraseFile: nil, environment: io.environment)
///     let api = try context.api()                 // signed in; "Run 'trustforum login' first." otherwise
///     let log = try context.follow()              // the verified community log
///     let keys = try context.keystore()           // asks for the passphrase once
///
/// Not shared between threads: one command, one context.
public final class MemberContext {
    /// The profile directory.
    public let directory: String
    /// The profile as loaded, with the changes made since; `save()` writes it.
    public var profile: Profile
    /// The role policy the community log is checked against.
    public let policy: RolePolicy
    /// The environment (for `TRUSTFORUM_PASSPHRASE`).
    let environment: [String: String]
    /// `--passphrase-file`.
    let passphraseFile: String?
    /// The terminal asked when no other passphrase source is given.
    let terminal: String
    /// The keystore once opened.
    private var unlocked: UnlockedKeystore?
    /// The wall clock, seconds since the epoch.
    public var now: UInt64 { WallClock.seconds }

    /// Resolves the profile directory (`explicit`, else `TRUSTFORUM_HOME`,
    /// `XDG_CONFIG_HOME`, `HOME`) and loads its profile.
    public init(profile explicit: String?, passphraseFile: String?, environment: [String: String],
                terminal: String = PassphraseSource.controllingTerminal) throws {
        directory = try Profile.resolve(explicit: explicit, environment: environment)
        profile = try Profile.load(directory)
        policy = try RolePolicy.embedded()
        self.environment = environment
        self.passphraseFile = passphraseFile
        self.terminal = terminal
    }

    /// Whether the profile holds a keystore file.
    public var hasKeystore: Bool { Files.exists(profile.keystorePath) }

    /// The keystore, opened with the passphrase on first use.
    public func keystore() throws -> UnlockedKeystore {
        if let unlocked { return unlocked }
        guard hasKeystore else { throw MemberError.noKeystore(path: profile.keystorePath) }
        let passphrase = try passphrase(for: .unlock, prompt: "Passphrase for \(profile.keystorePath): ")
        let keystore = try Keystore.open(path: profile.keystorePath, passphrase: passphrase)
        if let community = profile.communityID, let own = keystore.communityID, own != community {
            throw MemberError.refused("the keystore in \(directory) belongs to community \(own), the profile to \(community)")
        }
        unlocked = keystore
        return keystore
    }

    /// Creates the profile's keystore (never over an existing one) with a
    /// new passphrase, and keeps it open.
    public func createKeystore(parameters: PasswordHash.Parameters, communityID: String? = nil) throws -> UnlockedKeystore {
        guard !hasKeystore else { throw MemberError.keystoreExists(path: profile.keystorePath) }
        try profile.save()
        let passphrase = try passphrase(for: .create, prompt: "New passphrase: ")
        let keystore = try Keystore.create(path: profile.keystorePath, passphrase: passphrase, parameters: parameters,
                                           communityID: communityID)
        unlocked = keystore
        return keystore
    }

    /// Records the profile's community in the open keystore, once.
    func bindKeystore(to communityID: String) throws {
        guard var keystore = unlocked, keystore.communityID == nil else { return }
        keystore.communityID = communityID
        try keystore.save()
        unlocked = keystore
    }

    /// A passphrase from `--passphrase-file`, `TRUSTFORUM_PASSPHRASE` or the terminal.
    public func passphrase(for purpose: PassphrasePurpose, prompt: String = "Passphrase: ") throws -> SecureBytes {
        try PassphraseSource.resolve(file: passphraseFile, environment: environment, terminal: terminal)
            .read(for: purpose, environment: environment, prompt: prompt)
    }

    /// Writes `profile.json`.
    public func save() throws {
        try profile.save()
    }

    /// The profile's server.
    public func server() throws -> ServerAddress {
        guard let url = profile.serverURL else { throw MemberError.noServer }
        return try ServerAddress(url)
    }

    /// A client for the profile's server with the profile's session;
    /// refuses without a live session.
    public func api() throws -> APIClient {
        guard let session = profile.session else { throw MemberError.notLoggedIn }
        guard !session.isExpired(now: now) else { throw MemberError.sessionExpired(at: session.expiresAt) }
        return APIClient(server: try server(), token: session.token)
    }

    /// Forgets the session (after logout, or when the server ended it).
    public func forgetSession() throws {
        guard profile.session != nil else { return }
        profile.session = nil
        try profile.save()
    }
}
