#if canImport(Glibc)
import Glibc
#endif

extension Profile {
    /// The profile directory, the first of:
    ///
    /// 1. `explicit` (`--profile DIR`),
    /// 2. `$TRUSTFORUM_HOME`,
    /// 3. `$XDG_CONFIG_HOME/trustforum` (only an absolute path counts, as the
    ///    XDG base-directory specification says),
    /// 4. `$HOME/.config/trustforum`, then the password database's home.
    ///
    /// Empty values count as unset.
    ///
    ///     let dir = try Profile.resolve(explicit: options.profile, environment: ProcessInfo.processInfo.environment)
    public static func resolve(explicit: String?, environment: [String: String]) throws(ProfileError) -> String {
        func value(_ name: String) -> String? {
            guard let v = environment[name], !v.isEmpty else { return nil }
            return v
        }
        if let explicit, !explicit.isEmpty { return explicit }
        if let home = value("TRUSTFORUM_HOME") { return home }
        if let xdg = value("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return join(xdg, "trustforum") }
        if let home = value("HOME") ?? passwordDatabaseHome() { return join(join(home, ".config"), "trustforum") }
        throw .noHome
    }

    /// `getpwuid(geteuid())->pw_dir`, when HOME is not set (cron, systemd).
    private static func passwordDatabaseHome() -> String? {
        guard let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir else { return nil }
        let home = String(cString: dir)
        return home.isEmpty ? nil : home
    }

    private static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
