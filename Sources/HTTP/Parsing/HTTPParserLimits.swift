/// Size limits the request-head parser enforces before it allocates anything.
///
/// Both limits are checked while bytes arrive, so a client cannot make the
/// server buffer or scan more than `maxHeadBytes` bytes for one head.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The largest head accepted, in bytes: request line, header fields and the
    /// terminating empty line (plus any skipped empty lines before the request line).
    /// Beyond it the parser fails with 431 (or 414 while still in the request line).
    public var maxHeadBytes: Int
    /// The most header field lines accepted; one more fails with 431.
    public var maxHeaderCount: Int

    /// Limits with the given values; negative values count as zero.
    public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100) {
        self.maxHeadBytes = max(0, maxHeadBytes)
        self.maxHeaderCount = max(0, maxHeaderCount)
    }
}
