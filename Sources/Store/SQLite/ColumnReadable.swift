/// A failed typed column read. Names columns, never values.
public enum ColumnReadError: Error, Equatable, Sendable {
    /// No column has this name in the result.
    case noSuchColumn(String)
    /// The index is outside the result's columns.
    case indexOutOfRange(Int)
    /// The column holds NULL where a value was required.
    case unexpectedNull(column: String)
    /// The column holds another storage class than the one asked for.
    case typeMismatch(column: String, expected: StorageClass, found: StorageClass)
}

/// Typed reads shared by a stepped `Statement` and a materialised `Row`.
///
/// Reads are strict: `int64` wants an INTEGER, `string` a TEXT, `blob` a
/// BLOB (`double` also takes an INTEGER); NULL is an error for the plain
/// forms and `nil` for the `optional…` forms.
///
///     let id = try row.string(named: "id")
///     let deletedAt = try row.optionalInt64(named: "deleted_at")
public protocol ColumnReadable {
    /// The number of columns.
    var columnCount: Int { get }
    /// The name of column `index`.
    func columnName(at index: Int) -> String
    /// The index of the first column called `name`.
    func columnIndex(named name: String) throws(ColumnReadError) -> Int
    /// The raw value of column `index` (0-based).
    func value(at index: Int) throws(ColumnReadError) -> DatabaseValue
}

extension ColumnReadable {
    /// The raw value of the column called `name`.
    public func value(named name: String) throws(ColumnReadError) -> DatabaseValue {
        try value(at: columnIndex(named: name))
    }

    /// Column `index` as `T`, nil for NULL; `extract` says nil for another storage class.
    private func typed<T>(_ index: Int, _ expected: StorageClass,
                          _ extract: (DatabaseValue) -> T?) throws(ColumnReadError) -> T? {
        let value = try value(at: index)
        if value.isNull { return nil }
        guard let typed = extract(value) else {
            throw .typeMismatch(column: columnName(at: index), expected: expected, found: value.storageClass)
        }
        return typed
    }

    private func required<T>(_ index: Int, _ value: T?) throws(ColumnReadError) -> T {
        guard let value else { throw .unexpectedNull(column: columnName(at: index)) }
        return value
    }

    // MARK: by index

    /// An INTEGER column or NULL.
    public func optionalInt64(at index: Int) throws(ColumnReadError) -> Int64? {
        try typed(index, .integer) { if case .integer(let v) = $0 { v } else { nil } }
    }

    /// A REAL (or INTEGER) column or NULL.
    public func optionalDouble(at index: Int) throws(ColumnReadError) -> Double? {
        try typed(index, .real) {
            switch $0 {
            case .real(let v): v
            case .integer(let v): Double(v)
            default: nil
            }
        }
    }

    /// A TEXT column or NULL.
    public func optionalString(at index: Int) throws(ColumnReadError) -> String? {
        try typed(index, .text) { if case .text(let v) = $0 { v } else { nil } }
    }

    /// A BLOB column or NULL.
    public func optionalBlob(at index: Int) throws(ColumnReadError) -> [UInt8]? {
        try typed(index, .blob) { if case .blob(let v) = $0 { v } else { nil } }
    }

    /// An INTEGER column.
    public func int64(at index: Int) throws(ColumnReadError) -> Int64 {
        try required(index, optionalInt64(at: index))
    }

    /// A REAL (or INTEGER) column.
    public func double(at index: Int) throws(ColumnReadError) -> Double {
        try required(index, optionalDouble(at: index))
    }

    /// A TEXT column.
    public func string(at index: Int) throws(ColumnReadError) -> String {
        try required(index, optionalString(at: index))
    }

    /// A BLOB column.
    public func blob(at index: Int) throws(ColumnReadError) -> [UInt8] {
        try required(index, optionalBlob(at: index))
    }

    /// An INTEGER column holding 0 or 1.
    public func bool(at index: Int) throws(ColumnReadError) -> Bool {
        try int64(at: index) != 0
    }

    // MARK: by name

    /// An INTEGER column by name.
    public func int64(named name: String) throws(ColumnReadError) -> Int64 {
        try int64(at: columnIndex(named: name))
    }

    /// A REAL (or INTEGER) column by name.
    public func double(named name: String) throws(ColumnReadError) -> Double {
        try double(at: columnIndex(named: name))
    }

    /// A TEXT column by name.
    public func string(named name: String) throws(ColumnReadError) -> String {
        try string(at: columnIndex(named: name))
    }

    /// A BLOB column by name.
    public func blob(named name: String) throws(ColumnReadError) -> [UInt8] {
        try blob(at: columnIndex(named: name))
    }

    /// A 0/1 INTEGER column by name.
    public func bool(named name: String) throws(ColumnReadError) -> Bool {
        try bool(at: columnIndex(named: name))
    }

    /// An INTEGER column or NULL, by name.
    public func optionalInt64(named name: String) throws(ColumnReadError) -> Int64? {
        try optionalInt64(at: columnIndex(named: name))
    }

    /// A REAL column or NULL, by name.
    public func optionalDouble(named name: String) throws(ColumnReadError) -> Double? {
        try optionalDouble(at: columnIndex(named: name))
    }

    /// A TEXT column or NULL, by name.
    public func optionalString(named name: String) throws(ColumnReadError) -> String? {
        try optionalString(at: columnIndex(named: name))
    }

    /// A BLOB column or NULL, by name.
    public func optionalBlob(named name: String) throws(ColumnReadError) -> [UInt8]? {
        try optionalBlob(at: columnIndex(named: name))
    }
}
