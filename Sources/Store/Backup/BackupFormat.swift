import Crypto

/// The encrypted backup file, streamed (a 10 GiB database needs no 10 GiB
/// of memory):
///
///     "trustforum-backup/v1\n"
///     u32be(len) ‖ crypto_box_seal(K, operator_box_pk)
///     secretstream header (24 bytes)
///     records: u32be(len) ‖ crypto_secretstream_xchacha20poly1305_push(chunk, ad)
///
/// with `ad = frame("trustforum/backup/v1", sealed_key)` on every record.
/// The first record is the metadata (JSON), then the database in chunks of
/// `chunkSize` bytes; the last record carries the FINAL tag, so a truncated
/// file is refused, and so is anything after it.
enum BackupFormat {
    static let magic = Array("trustforum-backup/v1\n".utf8)
    static let chunkSize = 1 << 20
    static let maxRecord = chunkSize + SecretStream.chunkOverhead
    static let maxSealedKey = 256

    static func additionalData(sealedKey: [UInt8]) -> [UInt8] {
        Frame.frame(context: "trustforum/backup/v1", [.bytes(sealedKey)])
    }

    static func u32(_ value: Int) -> [UInt8] {
        let v = UInt32(value)
        return [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    static func readU32(_ bytes: [UInt8]) -> Int {
        Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
    }
}

/// What a backup says about itself (its first, encrypted record).
public struct BackupMetadata: Sendable, Equatable {
    public let communityID: String
    public let createdAt: UInt64
    public let schemaVersion: Int
    public let databaseBytes: UInt64
}

public enum BackupError: Error, Equatable, CustomStringConvertible {
    case notABackup
    case wrongKey
    case corrupt(String)
    case truncated
    case integrity([String])
    case schema(String)
    case io(String)

    public var description: String {
        switch self {
        case .notABackup: "the file is not a TrustForum backup"
        case .wrongKey: "the backup cannot be opened with this key (another operator's key, or a damaged file)"
        case .corrupt(let what): "the backup is damaged or was tampered with: \(what)"
        case .truncated: "the backup is truncated: it ends before its final record"
        case .integrity(let problems): "the restored database fails its integrity check: \(problems.prefix(3).joined(separator: "; "))"
        case .schema(let what): "the restored database's migrations do not match this binary: \(what)"
        case .io(let what): what
        }
    }
}
