import Core
import Foundation
@testable import Knowledge

/// The OASIS CSAF 2.0 example advisories copied into Fixtures/ (from
/// ../shared/fixtures/csaf/), and a way to build broken variants of them:
/// parse, mutate at a path, serialize.
enum Fixture {
    static func data(_ name: String) -> Data {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        return try! Data(contentsOf: url)
    }

    static func json(_ name: String) -> JSONValue {
        try! JSONParser.parse([UInt8](data(name)))
    }

    static let vex = "2022-evd-uc-01-a-001"
    static let bsi = "bsi-2022-0001"
    static let cisco = "cisco-sa-20180328-smi2"
    static let redHat = "rhsa-2019_1862"
}

/// A path step for test mutations: a key or an index.
enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONValue {
    /// Sets (or with nil removes) the value at `path`; the parents must exist.
    mutating func set(_ path: [Step], _ newValue: JSONValue?) {
        guard let first = path.first else {
            self = newValue!
            return
        }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var members), .key(let key)):
            if rest.isEmpty {
                members[key] = newValue
            } else {
                members[key]!.set(rest, newValue)
            }
            self = .object(members)
        case (.array(var elements), .index(let index)):
            if rest.isEmpty {
                if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
            } else {
                elements[index].set(rest, newValue)
            }
            self = .array(elements)
        default:
            fatalError("no such path")
        }
    }

    func setting(_ path: [Step], _ newValue: JSONValue?) -> JSONValue {
        var copy = self
        copy.set(path, newValue)
        return copy
    }

    /// The value at `path`.
    subscript(_ path: Step...) -> JSONValue {
        var value = self
        for step in path {
            switch (value, step) {
            case (.object(let members), .key(let key)): value = members[key]!
            case (.array(let elements), .index(let index)): value = elements[index]
            default: fatalError("no such path")
            }
        }
        return value
    }

    /// JSON text (sorted keys) for the importer.
    var data: Data { Data(serialized.utf8) }

    private var serialized: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): return Self.quoted(value)
        case .array(let elements): return "[" + elements.map(\.serialized).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { Self.quoted($0) + ":" + members[$0]!.serialized }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The error `body` throws, or nil.
func csafError(_ body: () throws -> Void) -> CSAFError? {
    do {
        try body()
        return nil
    } catch let error as CSAFError {
        return error
    } catch {
        fatalError("not a CSAFError: \(error)")
    }
}

/// The error importing `json` throws, or nil.
func importError(_ json: JSONValue, label: TLPLabel? = nil) -> CSAFError? {
    csafError { _ = try CSAFImporter.draft(from: json.data, label: label) }
}

