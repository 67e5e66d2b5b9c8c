import Core
import Protocol

/// The community log as this client verified it: every entry from 0 and
/// the state they replay to.
public struct VerifiedLog: Sendable {
    /// The replayed state (who is who, with every check done).
    public let state: CommunityState
    /// The entries, in order; `entries[n].seq == n`.
    public let entries: [LogEntry]

    /// The last entry's seq and hash.
    public var head: LogFollower.Head? { LogFollower.head(of: state) }
}

extension MemberContext {
    /// Entries asked for per page of `GET /v1/community/log` (the server's maximum).
    public static let logPageSize = 1000

    /// Fetches the whole community log (paging with `after`/`limit` up to
    /// the head), verifies it with `LogFollower.verify` against the pinned
    /// root and the last verified head, and stores the new head in the
    /// profile. A log that went backwards, forked or fails a check throws
    /// `LogFollower.Failure` and leaves the stored head where it was.
    public func follow() throws -> VerifiedLog {
        guard let communityID = profile.communityID, let root = profile.rootFingerprint else { throw MemberError.notPinned }
        let api = try api()
        let known = profile.logHead.map { LogFollower.Head(seq: $0.seq, hash: $0.hash) }
        var entries: [LogEntry] = []
        var served: LogJSON.Head
        while true {
            let after = entries.last.map { Int64($0.seq) } ?? -1
            let page: LogJSON.Page = try api.get("/v1/community/log",
                                                 query: [("after", String(after)), ("limit", String(MemberContext.logPageSize))])
            served = page.head
            for item in page.entries {
                let expected = UInt64(entries.count)
                guard item.seq == expected else {
                    throw LogFollower.Failure.invalid(seq: expected, .brokenChain("the server sent entry \(item.seq) where \(expected) belongs"))
                }
                do {
                    entries.append(try item.entry())
                } catch {
                    throw LogFollower.Failure.invalid(seq: item.seq, error)
                }
            }
            if page.entries.isEmpty || Int64(entries.count) - 1 >= served.seq { break }
        }
        guard !entries.isEmpty else {
            if let known { throw LogFollower.Failure.wentBackwards(known: known.seq, served: -1) }
            throw VerificationFailure("the server's community log is empty: it has no root entry")
        }
        guard let servedHead = served.head else { throw LogFollower.Failure.headMismatch }
        let state = try LogFollower.verify(entries, communityID: communityID, pinnedRoot: root, policy: policy,
                                           knownHead: known, servedHead: servedHead)
        if let head = LogFollower.head(of: state) {
            profile.logHead = Profile.LogHead(seq: head.seq, hash: head.hash)
            try profile.save()
        }
        return VerifiedLog(state: state, entries: entries)
    }
}
