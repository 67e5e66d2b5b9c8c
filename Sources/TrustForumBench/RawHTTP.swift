#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking HTTP/1.1 client on one kept-alive connection, for the load
/// generator: it sends prepared request bytes and reads one response
/// (head + Content-Length body). Nothing clever, so that it costs little.
final class RawHTTP {
    private(set) var fd: Int32
    private let port: UInt16
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var start = 0
    private var end = 0
    /// When the connection last finished an exchange (monotonic ns).
    private var lastUsed = DispatchTime.now().uptimeNanoseconds
    /// The server closes a kept-alive connection idle for 60 s; reconnect well before.
    static let reuseLimit: UInt64 = 20_000_000_000

    init(port: UInt16) throws {
        self.port = port
        fd = try Self.connect(port: port)
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else {
            close(fd)
            throw BenchError("cannot connect to 127.0.0.1:\(port)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    deinit { close(fd) }

    /// A request's bytes.
    static func request(_ method: String, _ path: String, token: String? = nil, forwardedFor: String? = nil, body: [UInt8]? = nil) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let forwardedFor { head += "X-Forwarded-For: \(forwardedFor)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    /// Sends `request` and returns the status and body.
    func exchange(_ request: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        defer { lastUsed = DispatchTime.now().uptimeNanoseconds }
        if DispatchTime.now().uptimeNanoseconds - lastUsed > Self.reuseLimit {
            // Idle for long (the setup connection between load cells on a busy machine): a new connection.
            close(fd)
            fd = try Self.connect(port: port)
            start = 0
            end = 0
        }
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError("send failed") }
            sent += n
        }
        var headEnd = -1
        while true {
            if end - start >= 4 {
                var i = start
                while i + 3 < end {
                    if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { headEnd = i; break }
                    i += 1
                }
            }
            if headEnd >= 0 { break }
            try fill()
        }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        let status = Int(head.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let bodyStart = headEnd + 4
        while end < bodyStart + length { try fill() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        if start == end { start = 0; end = 0 }
        return (status, body)
    }

    private func fill() throws {
        if start > 0 && end == buffer.count {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + end, $0.count - end, 0) }
        guard n > 0 else { throw BenchError("connection closed") }
        end += n
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
