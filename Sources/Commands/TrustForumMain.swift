import Args
#if canImport(Glibc)
import Glibc
#endif

/// The `trustforum` command tree.
public enum TrustForumCommand {
    public static let root = Command(
        name: "trustforum",
        abstract: "A closed forum where vetted businesses ask confidential cybersecurity questions.",
        discussion: """
            Government experts answer, members share best practices and receive security alerts, and moderators keep it vetted and non-commercial. Threads are end-to-end encrypted; every piece of content carries a TLP 2.0 label that the system enforces.

            Operators start here: 'trustforum keys init-root' on the administrator's machine, then on the server 'trustforum init --data DIR --root-cert FILE' and 'trustforum serve --data DIR'. Members start with 'trustforum keys init' and 'trustforum apply', then 'trustforum threads'.
            """,
        subcommands: [
            ServeCommand.command,
            InitCommand.command,
            MigrateCommand.command,
            BackupCommand.command,
            RestoreCommand.command,
            AuditCommand.command,
            ConfigCommand.command,
            PolicyCommand.command,
            KeysCommand.command,
            ApplyCommand.command,
            LoginCommand.login,
            LoginCommand.logout,
            LoginCommand.whoami,
            ApplicationsCommand.command,
            MembersCommand.command,
            OrgCommand.command,
            StaffCommand.moderators,
            StaffCommand.experts,
            ThreadsCommand.command,
            CirclesCommand.command,
            ReportCommand.report,
            ModCommand.command,
            ReportCommand.appeal,
            AssessCommand.command,
            AlertsCommand.command,
            AlertsCommand.notifications,
            QuestionsCommand.command,
            SuggestCommand.command,
            PublicationsCommand.command,
            PublicationsCommand.search,
        ])
}

/// The executable's entry point.
public enum TrustForumMain {
    public static func main() -> Never {
        exit(ArgsRunner.run(TrustForumCommand.root, version: TrustForumVersion.current))
    }
}
