import CSodium

/// libsodium is initialised exactly once, before any other call.
enum Sodium {
    static let initialised: Bool = {
        sodium_init() >= 0
    }()

    @inline(__always)
    static func ensure() {
        precondition(initialised, "libsodium failed to initialise")
    }
}
