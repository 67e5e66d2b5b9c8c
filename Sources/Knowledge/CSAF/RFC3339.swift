import Foundation

/// The JSON schema's `date-time` format: an RFC 3339 timestamp such as
/// `2022-03-17T13:03:42.105Z` or `2022-03-14T13:10:55.000+01:00`.
///
///     RFC3339.date(from: "1970-01-01T00:01:00+01:00")   // 1970-01-01 00:01 minus one hour
enum RFC3339 {
    /// The moment `text` names, or nil when it is not an RFC 3339 date-time.
    static func date(from text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<start + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func at(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue! }
        guard let year = digits(0, 4), at(4, "-"), let month = digits(5, 2), at(7, "-"), let day = digits(8, 2),
              at(10, "T") || at(10, "t"), let hour = digits(11, 2), at(13, ":"), let minute = digits(14, 2),
              at(16, ":"), let second = digits(17, 2)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if at(i, ".") {
            let start = i + 1
            i = start
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            guard i > start, let value = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else { return nil }
            fraction = value
        }
        var offset = 0
        if at(i, "Z") || at(i, "z") {
            i += 1
        } else if at(i, "+") || at(i, "-") {
            guard let h = digits(i + 1, 2), at(i + 3, ":"), let m = digits(i + 4, 2), h <= 23, m <= 59 else { return nil }
            offset = (h * 60 + m) * 60 * (at(i, "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension JSONNode {
    /// A `date-time` string.
    func dateTime() throws(CSAFError) -> Date {
        guard let date = RFC3339.date(from: try string(minLength: 0)) else {
            throw invalid("must be an RFC 3339 date-time")
        }
        return date
    }

    /// A `version_t` string.
    func version() throws(CSAFError) -> CSAFVersion {
        guard let version = CSAFVersion(try string(minLength: 0)) else {
            throw invalid("must be an integer version or a semantic version")
        }
        return version
    }
}
