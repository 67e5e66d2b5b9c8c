/// Writes a response head and body into a connection's output bytes.
enum ResponseEncoder {
    static let crlf: [UInt8] = [13, 10]

    /// The interim response that lets an `Expect: 100-continue` client send its body.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `out`. `headOnly` leaves the body out (HEAD)
    /// while `Content-Length` still gives its size.
    static func encode(_ response: Response, into out: inout [UInt8], date: String, requestID: String,
                       close: Bool, http10KeepAlive: Bool, headOnly: Bool) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status, into: &out)
        out.append(32)
        out.append(contentsOf: HTTPStatus.reason(response.status).utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date.utf8)
        out.append(contentsOf: crlf)
        if let contentType = response.contentType {
            out.append(contentsOf: "Content-Type: ".utf8)
            out.append(contentsOf: contentType.utf8)
            out.append(contentsOf: crlf)
        }
        var cacheControlSet = false
        for field in response.headers where isSafe(field) {
            if field.name.utf8.count == 13 && field.name.lowercased() == "cache-control" { cacheControlSet = true }
            out.append(contentsOf: field.name.utf8)
            out.append(58)
            out.append(32)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        if !cacheControlSet {
            out.append(contentsOf: "Cache-Control: no-store\r\n".utf8)
        }
        out.append(contentsOf: "X-Content-Type-Options: nosniff\r\nContent-Length: ".utf8)
        appendDecimal(response.body.count, into: &out)
        out.append(contentsOf: crlf)
        if close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10KeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: requestID.utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: crlf)
        if !headOnly {
            out.append(contentsOf: response.body)
        }
    }

    /// Header fields from handlers never carry CR, LF or NUL (no response
    /// splitting), and never replace the ones the server owns.
    private static func isSafe(_ field: HTTPField) -> Bool {
        for byte in field.name.utf8 {
            let isToken = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x2d
            if !isToken { return false }
        }
        for byte in field.value.utf8 where byte == 13 || byte == 10 || byte == 0 { return false }
        switch field.name.lowercased() {
        case "content-length", "connection", "transfer-encoding", "date", "x-request-id", "content-type": return false
        default: return !field.name.isEmpty
        }
    }

    @inline(__always)
    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(48 + value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 {
                buf[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }
}

/// The `Date` header value (IMF-fixdate), cached per second per loop.
struct HTTPDateCache {
    private var second: Int = -1
    private(set) var value: String = ""

    mutating func update(epochSeconds: Int) {
        guard epochSeconds != second else { return }
        second = epochSeconds
        value = HTTPDateCache.format(epochSeconds)
    }

    static func format(_ epochSeconds: Int) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let dayCount = epochSeconds / 86400
        let secs = epochSeconds % 86400
        // Civil from days (Howard Hinnant's algorithm).
        let z = dayCount + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[dayCount % 7]), \(two(d)) \(months[m - 1]) \(y) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) GMT"
    }
}
