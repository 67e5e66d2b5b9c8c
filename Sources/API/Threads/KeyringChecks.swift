import Platform
import Core
import Crypto
import HTTP
import Protocol

/// The server's checks of membership entries, epochs and wraps (PROTOCOL.md
/// §4), beyond what `KeyringLog` checks on replay: new entries, epochs and
/// wraps must come from the caller's CURRENT certificate and name the
/// recipient's current one. Failures are problems that name fields and
/// member ids, never key material.
enum KeyringChecks {
    /// A log position: seq and entry hash.
    struct Position: Equatable {
        let seq: UInt64
        let hash: [UInt8]
    }

    /// The problem a wire value that does not parse becomes (400).
    static func malformed(_ error: ProtocolError) -> Problem {
        APIProblem.invalid(error.description)
    }

    /// The problem a refused keyring entry becomes.
    static func problem(_ error: ProtocolError) -> Problem {
        switch error {
        case .brokenChain(let detail):
            return APIProblem.conflict("log-moved", "The keyring's log moved on; fetch it and sign again.", detail: detail)
        case .badSignature(let detail):
            return APIProblem.unprocessable("bad-signature", "A signature does not verify.", detail: detail)
        case .notAllowed(let detail):
            return Problem(status: 403, slug: "not-allowed", title: "The TLP or circle rules do not allow this.", detail: detail)
        case .invalid(let detail), .malformed(let detail):
            return APIProblem.unprocessable("invalid-entry", "The entry is not valid.", detail: detail)
        }
    }

    /// The caller as the community log has it: active, with a current certificate.
    static func member(_ id: String, _ community: CommunityState) throws -> CommunityState.Member {
        guard let member = community.member(id), member.status == .active else { throw APIProblem.invalidSession() }
        // A renewal may be issued up to ten minutes ahead; until it starts the
        // member cannot act with it (no reader could verify what it signs).
        guard member.current.certificate.isCurrent(at: WallClock.seconds) else {
            throw APIProblem.unprocessable("stale-certificate", "Your current certificate is not in force yet (or has expired).")
        }
        return member
    }

    /// Checks what `KeyringLog` does not: the entry is the caller's, signed
    /// with its current key; an added member is active and named by its
    /// current certificate.
    static func entry(_ entry: MembershipEntry, caller: String, _ community: CommunityState) throws {
        guard entry.actorID == caller else {
            throw APIProblem.unprocessable("actor-mismatch", "The entry must name you as its actor.")
        }
        let actor = try member(caller, community)
        guard actor.current.certificate.signPublicKey.isValidSignature(entry.signature, for: entry.signedBytes) else {
            throw APIProblem.unprocessable("bad-signature", "The entry is not signed with your current key.")
        }
        if entry.action == .add {
            guard let subject = community.member(entry.memberID), subject.status == .active else {
                throw APIProblem.unprocessable("invalid-entry", "Only active members can be added.", detail: "member \(entry.memberID)")
            }
            guard subject.current.hash == entry.memberCertHash else {
                throw APIProblem.unprocessable("stale-certificate", "The entry must name the member's current certificate.",
                                               detail: "member \(entry.memberID)")
            }
        }
    }

    /// Parses wraps of `keyringID` (400 for a malformed one).
    static func parse(_ json: [KeyringWire.WrapJSON], keyringID: String) throws -> [Wrap] {
        try json.map { item in
            do throws(ProtocolError) { return try item.wrap(keyringID: keyringID) } catch { throw malformed(error) }
        }
    }

    /// Parses wraps of `keyringID` and checks each against the recipient's
    /// current certificate and the wrapper's (the caller's) current key.
    static func wraps(_ json: [KeyringWire.WrapJSON], keyringID: String, wrapper: CommunityState.Member,
                      _ community: CommunityState) throws -> [Wrap] {
        let wraps = try parse(json, keyringID: keyringID)
        try verify(wraps, wrapper: wrapper, community)
        return wraps
    }

    /// Each wrap names the caller as wrapper, is signed with its current key,
    /// and names an active recipient's current certificate.
    static func verify(_ wraps: [Wrap], wrapper: CommunityState.Member, _ community: CommunityState) throws {
        let key = wrapper.current.certificate.signPublicKey
        var hashes: [String: [UInt8]] = [:]
        for wrap in wraps {
            guard wrap.wrapperID == wrapper.memberID else {
                throw APIProblem.unprocessable("invalid-wrap", "Every wrap must name you as its wrapper.", detail: "recipient \(wrap.recipientID)")
            }
            if hashes[wrap.recipientID] == nil {
                guard let recipient = community.member(wrap.recipientID), recipient.status == .active else {
                    throw APIProblem.unprocessable("invalid-wrap", "A wrap is for someone who is not an active member.",
                                                   detail: "recipient \(wrap.recipientID)")
                }
                hashes[wrap.recipientID] = recipient.current.hash
            }
            guard hashes[wrap.recipientID] == wrap.recipientCertHash else {
                throw APIProblem.unprocessable("stale-certificate", "A wrap must name its recipient's current certificate.",
                                               detail: "recipient \(wrap.recipientID)")
            }
            guard wrap.isSigned(by: key) else {
                throw APIProblem.unprocessable("bad-signature", "A wrap is not signed with your current key.", detail: "recipient \(wrap.recipientID)")
            }
        }
    }

    /// Checks a new member's wraps of earlier epochs: all for `recipient`,
    /// one per epoch at most, of epochs that exist, and the current epoch
    /// among them when the keyring has one (history before it is the
    /// adder's choice).
    static func history(_ wraps: [Wrap], recipient: String, currentEpoch: UInt64) throws {
        var seen = Set<UInt64>()
        for wrap in wraps {
            guard wrap.recipientID == recipient else {
                throw APIProblem.unprocessable("invalid-wrap", "The wraps must be for the member being added.", detail: "recipient \(wrap.recipientID)")
            }
            guard (1...max(currentEpoch, 1)).contains(wrap.epoch), currentEpoch > 0 else {
                throw APIProblem.unprocessable("invalid-wrap", "A wrap is for an epoch the keyring does not have.", detail: "epoch \(wrap.epoch)")
            }
            guard seen.insert(wrap.epoch).inserted else {
                throw APIProblem.unprocessable("invalid-wrap", "Two wraps for one epoch.", detail: "epoch \(wrap.epoch)")
            }
        }
        if currentEpoch > 0 && !seen.contains(currentEpoch) {
            throw Problem(status: 422, slug: "missing-wrap", title: "The new member needs a wrap of the current epoch.",
                          detail: "epoch \(currentEpoch)", extensions: ["current_epoch": String(currentEpoch)])
        }
    }

    /// Checks a new epoch: the next number, created and signed by `creator`
    /// (a holder) with its current key, bound to `head`, with wraps for
    /// exactly `holders`, each signed by the creator and naming its
    /// recipient's current certificate.
    static func epoch(_ json: KeyringWire.NewEpoch, keyringID: String, next: UInt64, head: Position, holders: Set<String>,
                      creator: CommunityState.Member, _ community: CommunityState) throws -> (Epoch, [Wrap]) {
        let epoch: Epoch
        do { epoch = try json.epoch.epoch(keyringID: keyringID) } catch { throw malformed(error) }
        guard epoch.number >= next else {
            throw APIProblem.conflict("epoch-taken", "Another epoch was created first; fetch the keyring and rotate again if still needed.",
                                      detail: "the next epoch is \(next)")
        }
        guard epoch.number == next else {
            throw APIProblem.unprocessable("invalid-epoch", "The epoch must be the next one.", detail: "the next epoch is \(next)")
        }
        guard epoch.creatorID == creator.memberID else {
            throw APIProblem.unprocessable("invalid-epoch", "The epoch must name you as its creator.")
        }
        guard holders.contains(creator.memberID) else {
            throw APIProblem.unprocessable("invalid-epoch", "Only a holder (after this change) creates the next epoch.")
        }
        guard epoch.isSigned(by: creator.current.certificate.signPublicKey, communityID: community.communityID) else {
            throw APIProblem.unprocessable("bad-signature", "The epoch is not signed with your current key.")
        }
        guard epoch.logSeq == head.seq, epoch.logHead == head.hash else {
            throw APIProblem.conflict("log-moved", "The epoch must be bound to the keyring log's current head; fetch it and sign again.",
                                      detail: "the head is at seq \(head.seq)")
        }
        // The holder set first (naming who is missing or extra), then each wrap.
        let wraps = try parse(json.wraps, keyringID: keyringID)
        var recipients = Set<String>()
        var extra = Set<String>()
        for wrap in wraps {
            guard wrap.epoch == epoch.number else {
                throw APIProblem.unprocessable("invalid-wrap", "A wrap is for another epoch.", detail: "recipient \(wrap.recipientID)")
            }
            guard recipients.insert(wrap.recipientID).inserted else {
                throw APIProblem.unprocessable("invalid-wrap", "Two wraps for one recipient.", detail: "recipient \(wrap.recipientID)")
            }
            if !holders.contains(wrap.recipientID) { extra.insert(wrap.recipientID) }
        }
        let missing = holders.subtracting(recipients)
        if !missing.isEmpty || !extra.isEmpty {
            throw holderSetProblem(missing: missing, extra: extra)
        }
        try verify(wraps, wrapper: creator, community)
        return (epoch, wraps)
    }

    /// 422 naming who lacks a wrap and who should not have one.
    static func holderSetProblem(missing: Set<String>, extra: Set<String>) -> Problem {
        func list(_ ids: Set<String>) -> [String] { Array(ids.sorted().prefix(100)) }
        func json(_ ids: [String]) -> String { "[" + ids.map(JSONText.quote).joined(separator: ",") + "]" }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing: " + list(missing).joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("not holders: " + list(extra).joined(separator: ", ")) }
        return Problem(status: 422, slug: "wrong-holder-set", title: "The wraps must be for exactly the keyring's current holders.",
                       detail: parts.joined(separator: "; "), extensions: ["missing": json(list(missing)), "extra": json(list(extra))])
    }
}
