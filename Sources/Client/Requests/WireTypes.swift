import Crypto
import Protocol

/// The JSON bodies the client sends, as the OpenAPI document describes them
/// (snake_case on the wire; binary values in standard base64).
public enum Wire {
    public struct Organisation: Codable, Sendable, Equatable {
        public var name: String
        public var kvk_number: String
        public var sector: String
        public var region: String
        public var size: String

        public init(name: String, kvkNumber: String, sector: String, region: String, size: String) {
            self.name = name
            self.kvk_number = kvkNumber
            self.sector = sector
            self.region = region
            self.size = size
        }
    }

    public struct Contact: Codable, Sendable, Equatable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    public struct Application: Codable, Sendable {
        public let application_id: String
        public let community_id: String
        public let organisation: Organisation
        public let contact: Contact
        public let sign_public_key: String
        public let box_public_key: String
        public let signature: String
        public let invitation: String?
    }

    public struct SignedEntry: Codable, Sendable {
        public let seq: UInt64
        public let prev_hash: String
        public let signature: String

        init(_ entry: LogEntry) {
            seq = entry.seq
            prev_hash = Base64.encode(entry.prevHash)
            signature = Base64.encode(entry.signature)
        }
    }

    public struct Approval: Codable, Sendable {
        public let certificate: String
        public let signature: String
        public let entry: SignedEntry
        public let organisation: Organisation?
        /// The default keyring's epochs wrapped for the new member (left out while it has none).
        public let circle_wraps: [KeyringWire.WrapJSON]?
    }

    public struct Certification: Codable, Sendable {
        public let certificate: String
        public let signature: String
        public let key_change_signature: String?
        public let entry: SignedEntry
    }

    public struct Sanction: Codable, Sendable {
        public let reason: String?
        public let entry: SignedEntry
        /// A suspension for a period: until when (seconds).
        public var until: UInt64?
    }

    public struct ChallengeRequest: Codable, Sendable {
        public let member_id: String
        public init(memberID: String) { member_id = memberID }
    }

    public struct SessionRequest: Codable, Sendable {
        public let member_id: String
        public let challenge: String
        public let signature: String
    }

    public struct Reason: Codable, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}
