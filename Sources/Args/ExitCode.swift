/// The exit codes every `trustforum` command shares; command-specific codes
/// are declared with ``Command/exitCodes`` and shown in help.
public enum ExitCode {
    /// The command did what was asked; also help and `--version`.
    public static let success: Int32 = 0
    /// The command failed (a thrown error other than ``UsageError``).
    public static let failure: Int32 = 1
    /// The command line was wrong: BSD's `EX_USAGE` from sysexits.h.
    public static let usage: Int32 = 64
}
