/// One result row, copied out of SQLite: safe to keep after the statement
/// has moved on, and `Sendable`. Read it with the `ColumnReadable` methods.
///
///     for row in try conn.query("SELECT id, name FROM org WHERE sector = ?", [.text(sector)]) {
///         print(try row.string(named: "id"), try row.optionalString(at: 1) ?? "-")
///     }
public struct Row: ColumnReadable, Sendable, Hashable {
    /// The column names, in order.
    public let columnNames: [String]
    /// The values, in column order.
    public let values: [DatabaseValue]

    /// A row with one name per value.
    public init(columnNames: [String], values: [DatabaseValue]) {
        precondition(columnNames.count == values.count, "one name per value")
        self.columnNames = columnNames
        self.values = values
    }

    public var columnCount: Int { values.count }

    public func columnName(at index: Int) -> String {
        columnNames.indices.contains(index) ? columnNames[index] : "#\(index)"
    }

    public func columnIndex(named name: String) throws(ColumnReadError) -> Int {
        guard let index = columnNames.firstIndex(of: name) else { throw .noSuchColumn(name) }
        return index
    }

    public func value(at index: Int) throws(ColumnReadError) -> DatabaseValue {
        guard values.indices.contains(index) else { throw .indexOutOfRange(index) }
        return values[index]
    }

    /// The value of column `index`; traps when out of range.
    public subscript(index: Int) -> DatabaseValue { values[index] }
}
