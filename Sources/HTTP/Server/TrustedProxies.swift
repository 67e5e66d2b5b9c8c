import Platform

/// Which peers may tell us the client's address in `X-Forwarded-For`, and the
/// rule for reading it: walk the list from the right, skip addresses of
/// trusted proxies, take the first one that is not; a malformed entry ends
/// the walk at the proxy itself. A client that is not a trusted proxy cannot
/// choose its address by sending the header.
public struct TrustedProxies: Sendable, Equatable {
    /// An address block: the network's bytes and a prefix length.
    public struct Block: Sendable, Equatable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefix: Int

        /// Parses `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = TrustedProxies.addressBytes(String(parts[0])) else { return nil }
            let maxPrefix = bytes.count * 8
            var prefix = maxPrefix
            if parts.count == 2 {
                guard let p = Int(parts[1]), p >= 0, p <= maxPrefix, parts[1].allSatisfy(\.isNumber) else { return nil }
                prefix = p
            }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for i in 0..<bytes.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
                if address[i] & mask != bytes[i] & mask { return false }
                remaining -= bits
            }
            return true
        }

        public var description: String {
            let host = bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : "ipv6"
            return "\(host)/\(prefix)"
        }
    }

    public let blocks: [Block]

    public init(_ blocks: [Block] = []) {
        self.blocks = blocks
    }

    /// Parses a list of addresses or blocks; nil names the first bad entry.
    public static func parse(_ entries: [String]) -> Result<TrustedProxies, ParseFailure> {
        var blocks: [Block] = []
        for entry in entries {
            let trimmed = entry.trimmingASCIISpaces()
            guard let block = Block(trimmed) else { return .failure(ParseFailure(entry: trimmed)) }
            blocks.append(block)
        }
        return .success(TrustedProxies(blocks))
    }

    public struct ParseFailure: Error, Equatable {
        public let entry: String
    }

    /// True when `address` is inside one of the blocks.
    public func isTrusted(_ address: String) -> Bool {
        guard !blocks.isEmpty, let bytes = TrustedProxies.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client address for a request from `peer` with these
    /// `X-Forwarded-For` values (in the order received).
    public func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard !forwardedFor.isEmpty, isTrusted(peer) else { return peer }
        let entries = forwardedFor.flatMap { $0.split(separator: ",") }.map { String($0).trimmingASCIISpaces() }
        var candidate = peer
        for entry in entries.reversed() {
            guard TrustedProxies.addressBytes(entry) != nil else { return candidate }
            candidate = entry
            if !isTrusted(entry) { return entry }
        }
        return candidate
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        if let v4 = SocketAddress.ipv4Bytes(text) { return v4 }
        guard let v6 = SocketAddress.ipv6Bytes(text) else { return nil }
        // An IPv4-mapped IPv6 address is the IPv4 address.
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xff && v6[11] == 0xff { return Array(v6[12...]) }
        return v6
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
