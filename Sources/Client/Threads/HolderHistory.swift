/// When each member held a keyring, in positions of the keyring's log
/// (for the default keyring, of the community log). Position `s` means
/// "after entry `s`": a member added by entry `a` and removed by entry `r`
/// held the keyring at every position in `a..<r`.
///
///     var history = HolderHistory()
///     history.start("m", at: 3); history.end("m", at: 7)
///     history.held("m", at: 6)   // true
///     history.held("m", at: 7)   // false
public struct HolderHistory: Sendable {
    /// A stretch of positions `from..<to` (`to == nil`: still holding).
    public struct Span: Sendable, Equatable {
        public let from: UInt64
        public var to: UInt64?
    }

    public private(set) var spans: [String: [Span]] = [:]
    /// The positions at which someone stopped holding, in order.
    public private(set) var ends: [(seq: UInt64, memberID: String)] = []

    public init() {}

    /// `memberID` holds from position `seq` on (no change when it already does).
    public mutating func start(_ memberID: String, at seq: UInt64) {
        if let last = spans[memberID]?.last, last.to == nil { return }
        spans[memberID, default: []].append(Span(from: seq, to: nil))
    }

    /// `memberID` stops holding at position `seq` (no change when it does not hold).
    public mutating func end(_ memberID: String, at seq: UInt64) {
        guard var list = spans[memberID], let last = list.last, last.to == nil else { return }
        list[list.count - 1].to = seq
        spans[memberID] = list
        ends.append((seq, memberID))
    }

    /// Whether `memberID` held the keyring at position `seq`.
    public func held(_ memberID: String, at seq: UInt64) -> Bool {
        spans[memberID]?.contains { $0.from <= seq && ($0.to.map { seq < $0 } ?? true) } ?? false
    }

    /// Whether `memberID` held the keyring at some position from `seq` on.
    public func held(_ memberID: String, atOrAfter seq: UInt64) -> Bool {
        spans[memberID]?.contains { $0.to.map { seq < $0 } ?? true } ?? false
    }

    /// Everyone who ever held the keyring.
    public var everHeld: Set<String> { Set(spans.keys) }

    /// The members who stopped holding after position `seq`.
    public func removed(after seq: UInt64) -> [String] {
        ends.filter { $0.seq > seq }.map(\.memberID)
    }
}
