#if canImport(Glibc)
import Glibc
#endif
import Platform

/// The load generator of `Ops/bench posts`: every connection non-blocking
/// on one epoll, driven by one thread (as wrk drives its connections), so
/// that the generator takes little of the two cores it shares with the
/// server. Each connection has one request in flight: it sends the next
/// prepared request when the previous response (head + Content-Length
/// body) has arrived.
final class EpollLoad {
    /// One kept-alive connection and the exchange in flight on it.
    private struct Link {
        let fd: Int32
        var request: [UInt8] = []
        var sent = 0
        var startedAt: UInt64 = 0
        var input = [UInt8](repeating: 0, count: 64 * 1024)
        var start = 0
        var end = 0
        var idle = false

        /// A complete response in the input: its status, consumed; nil when more bytes are needed.
        mutating func takeResponse() -> Int? {
            guard let headEnd = headEnd() else { return nil }
            var status = 0
            var length = 0
            // "HTTP/1.1 201 …": the status is bytes 9..<12.
            if headEnd - start >= 12 {
                for i in (start + 9)..<(start + 12) { status = status * 10 + Int(input[i] &- 48) }
            }
            // Content-Length, case-insensitively, at the start of a line.
            let name = Array("\r\ncontent-length:".utf8)
            var i = start
            while i + name.count <= headEnd {
                var matches = true
                for (k, byte) in name.enumerated() where (input[i + k] | (byte >= 97 && byte <= 122 ? 0x20 : 0)) != byte {
                    matches = false
                    break
                }
                if matches {
                    var j = i + name.count
                    while j < headEnd, input[j] == 32 { j += 1 }
                    while j < headEnd, input[j] >= 48, input[j] <= 57 { length = length * 10 + Int(input[j] - 48); j += 1 }
                    break
                }
                i += 1
            }
            let total = headEnd + 4 + length
            guard total <= end else { return nil }
            start = total
            if start == end { start = 0; end = 0 }
            return status
        }

        private func headEnd() -> Int? {
            var i = start
            while i + 3 < end {
                if input[i] == 13, input[i + 1] == 10, input[i + 2] == 13, input[i + 3] == 10 { return i }
                i += 1
            }
            return nil
        }

        /// Room for more input: compacts, then grows.
        mutating func makeRoom() {
            if start > 0 {
                input.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            }
            if end == input.count { input += [UInt8](repeating: 0, count: input.count) }
        }
    }

    /// Drives `connections` connections to 127.0.0.1:`port` for `seconds`
    /// with the prepared requests, each used once.
    static func drive(port: UInt16, requests: [[UInt8]], connections: Int, seconds: Double, cycle: Bool = false,
                      success: Int = 201) throws -> PostsBench.LoadResult {
        let epoll = try Epoll(capacity: max(64, connections))
        var links: [Link] = []
        for _ in 0..<connections {
            let client = try RawHTTP(port: port)
            let fd = dup(client.fd)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            links.append(Link(fd: fd))
        }
        defer { for link in links { close(link.fd) } }
        var next = 0
        var ok = 0
        var answered = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(min(requests.count, 400_000))
        let started = MonotonicClock.now
        let deadline = started + UInt64(seconds * 1e9)
        var active = 0

        /// Sends what the socket takes; false when the connection failed.
        func flush(_ i: Int) throws -> Bool {
            while links[i].sent < links[i].request.count {
                let result = try links[i].request.withUnsafeBytes { raw in
                    try Socket.write(links[i].fd, from: UnsafeRawBufferPointer(rebasing: raw[links[i].sent...]))
                }
                switch result {
                case .done(let n):
                    guard n > 0 else { return false }
                    links[i].sent += n
                case .wouldBlock:
                    try epoll.modify(links[i].fd, events: [.readable, .writable], token: UInt64(i))
                    return true
                }
            }
            return true
        }

        /// The next request on connection `i`, or idle when time or requests are up.
        func begin(_ i: Int, now: UInt64) throws {
            guard cycle || next < requests.count, now < deadline else {
                links[i].idle = true
                active -= 1
                return
            }
            links[i].request = requests[next % requests.count]
            next += 1
            links[i].sent = 0
            links[i].startedAt = now
            guard try flush(i) else { throw BenchError("connection \(i) failed while sending") }
        }

        for i in links.indices {
            try epoll.add(links[i].fd, events: [.readable], token: UInt64(i))
            active += 1
            try begin(i, now: MonotonicClock.now)
        }
        var failure: (any Error)?
        while active > 0, failure == nil {
            _ = try epoll.wait(timeoutMilliseconds: 200) { event in
                let i = Int(event.token)
                guard !links[i].idle, failure == nil else { return }
                do {
                    if event.events.contains(.writable) {
                        guard try flush(i) else { throw BenchError("connection \(i) failed while sending") }
                        if links[i].sent == links[i].request.count {
                            try epoll.modify(links[i].fd, events: [.readable], token: UInt64(i))
                        }
                    }
                    guard event.events.contains(.readable) || event.events.contains(.hangup) || event.events.contains(.error) else { return }
                    while true {
                        links[i].makeRoom()
                        let fd = links[i].fd
                        let end = links[i].end
                        let result = try links[i].input.withUnsafeMutableBytes { raw in
                            try Socket.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                        }
                        guard case .done(let n) = result else { break }
                        guard n > 0 else { throw BenchError("the server closed connection \(i)") }
                        links[i].end += n
                    }
                    while let status = links[i].takeResponse() {
                        let now = MonotonicClock.now
                        latencies.append(Double(now - links[i].startedAt) / 1e6)
                        answered += 1
                        if status == success { ok += 1 }
                        try begin(i, now: now)
                        if links[i].idle { break }
                    }
                } catch {
                    failure = error
                }
            }
            if MonotonicClock.now > deadline + 10_000_000_000 { throw BenchError("responses stopped arriving") }
        }
        if let failure { throw failure }
        let elapsed = Double(MonotonicClock.now - started) / 1e9
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return PostsBench.LoadResult(rate: Double(ok) / elapsed, p50: percentile(0.5), p99: percentile(0.99), ok: ok, sent: answered)
    }
}
