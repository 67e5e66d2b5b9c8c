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

    private func nonNull(_ index: Int) throws(ColumnReadError) -> DatabaseValue {
        let value = try value(at: index)
        if value.isNull { throw .unexpectedNull(column: columnName(at: index)) }
        return value
    }

    private func mismatch(_ index: Int, _ expected: StorageClass, _ found: DatabaseValue) -> ColumnReadError {
        .typeMismatch(column: columnName(at: index), expected: expected, found: found.storageClass)
    }

    // MARK: by index

    /// An INTEGER column.
    public func int64(at index: Int) throws(ColumnReadError) -> Int64 {
        let value = try nonNull(index)
        guard case .integer(let v) = value else { throw mismatch(index, .integer, value) }
        return v
    }

    /// A REAL (or INTEGER) column.
    public func double(at index: Int) throws(ColumnReadError) -> Double {
        let value = try nonNull(index)
        switch value {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: throw mismatch(index, .real, value)
        }
    }

    /// A TEXT column.
    public func string(at index: Int) throws(ColumnReadError) -> String {
        let value = try nonNull(index)
        guard case .text(let v) = value else { throw mismatch(index, .text, value) }
        return v
    }

    /// A BLOB column.
    public func blob(at index: Int) throws(ColumnReadError) -> [UInt8] {
        let value = try nonNull(index)
        guard case .blob(let v) = value else { throw mismatch(index, .blob, value) }
        return v
    }

    /// An INTEGER column holding 0 or 1.
    public func bool(at index: Int) throws(ColumnReadError) -> Bool {
        try int64(at: index) != 0
    }

    /// An INTEGER column or NULL.
    public func optionalInt64(at index: Int) throws(ColumnReadError) -> Int64? {
        try value(at: index).isNull ? nil : int64(at: index)
    }

    /// A REAL column or NULL.
    public func optionalDouble(at index: Int) throws(ColumnReadError) -> Double? {
        try value(at: index).isNull ? nil : double(at: index)
    }

    /// A TEXT column or NULL.
    public func optionalString(at index: Int) throws(ColumnReadError) -> String? {
        try value(at: index).isNull ? nil : string(at: index)
    }

    /// A BLOB column or NULL.
    public func optionalBlob(at index: Int) throws(ColumnReadError) -> [UInt8]? {
        try value(at: index).isNull ? nil : blob(at: index)
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
