import CSodium

/// libsodium is initialised exactly once, before any other call.
///
/// Every public entry point of this module that reaches libsodium's
/// cryptography calls `ensure()` first; the size functions
/// (`crypto_*_bytes()`) and the memory helpers (`sodium_memzero`,
/// `sodium_memcmp`, `sodium_bin2hex`) need no initialisation.
enum Sodium {
    /// The result of the one `sodium_init()` call (thread-safe: Swift's
    /// lazy static initialisation runs it once).
    static let initialised: Bool = {
        sodium_init() >= 0
    }()

    /// Initialises libsodium on first use; a library that cannot initialise
    /// (no entropy source) is a fatal, not a recoverable, condition.
    @inline(__always)
    static func ensure() {
        precondition(initialised, "libsodium failed to initialise")
    }

    /// A libsodium `size_t` maximum as an `Int`. Swift imports `size_t` as
    /// `Int`, so a limit above `Int.max` (e.g. `SIZE_MAX - 16`) arrives
    /// negative; it means "no practical limit".
    static func sizeLimit(_ value: Int) -> Int {
        value < 0 ? Int.max : value
    }
}
