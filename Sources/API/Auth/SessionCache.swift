import Platform
import Synchronization

/// Which member a bearer token belongs to, remembered for a short while so
/// that an authenticated request does not read the store for it. Only the
/// token's hash and the member id are kept; the member's status and role
/// come from the community state on every request, so a suspension or
/// removal takes effect at once whatever the cache holds. Logout forgets
/// the token here as well as in the store.
final class SessionCache: Sendable {
    private struct Entry {
        let memberID: String
        let expiresAt: UInt64
        let cachedAt: UInt64
    }

    /// How long an entry is trusted before the store is asked again.
    static let lifetime: UInt64 = 30
    private static let maxEntries = 100_000
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    /// The member of a cached, unexpired session.
    func member(_ tokenHash: [UInt8], now: UInt64) -> String? {
        entries.withLock { table in
            guard let entry = table[tokenHash] else { return nil }
            guard now < entry.expiresAt, now < entry.cachedAt + SessionCache.lifetime else {
                table[tokenHash] = nil
                return nil
            }
            return entry.memberID
        }
    }

    func remember(_ tokenHash: [UInt8], memberID: String, expiresAt: UInt64, now: UInt64) {
        entries.withLock { table in
            if table.count >= SessionCache.maxEntries { table.removeAll(keepingCapacity: true) }
            table[tokenHash] = Entry(memberID: memberID, expiresAt: expiresAt, cachedAt: now)
        }
    }

    func forget(_ tokenHash: [UInt8]) {
        entries.withLock { $0[tokenHash] = nil }
    }

    /// Forgets every session of a member (suspension, removal).
    func forget(member memberID: String) {
        entries.withLock { table in table = table.filter { $0.value.memberID != memberID } }
    }
}
