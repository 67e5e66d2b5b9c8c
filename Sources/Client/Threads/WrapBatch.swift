import Dispatch
import Crypto
import Platform
import Protocol

/// Seals and signs one epoch key for many holders on every core: the
/// holders are cut into chunks that `DispatchQueue.concurrentPerform` runs
/// in parallel, and the wraps come back in the holders' order. A rotation of
/// a 10,000-member circle is 10,000 `crypto_box_seal` plus 10,000 Ed25519
/// signatures; two cores halve it.
///
///     let wraps = try WrapBatch.wrap(key, keyringID: id, epoch: 4, for: recipients, by: me)
public enum WrapBatch {
    /// Below this many holders one core does it all.
    static let minimumChunk = 32

    public static func wrap(_ key: SecureBytes, keyringID: String, epoch: UInt64, for recipients: [WrapRecipient],
                            by wrapper: ThreadMember) throws(ThreadFailure) -> [Wrap] {
        let wrapperID = wrapper.memberID
        let signingKey = wrapper.signingKey
        let wraps = Parallel.map(recipients, minimumChunk: minimumChunk) { recipient in
            try? Wrap.make(keyringID: keyringID, epoch: epoch, key: key, recipientID: recipient.memberID, recipient: recipient.certificate,
                           recipientCertHash: recipient.certHash, wrapperID: wrapperID, wrapper: signingKey)
        }
        // crypto_box_seal refuses only a low-order box key, which no certificate should carry.
        if let failed = wraps.firstIndex(where: { $0 == nil }) {
            throw .recipient(recipients[failed].memberID, "its certified box key cannot be sealed to")
        }
        return wraps.map { $0! }
    }
}

/// `map` over an array on every core, results in input order.
enum Parallel {
    static func map<T: Sendable, R: Sendable>(_ items: [T], minimumChunk: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let chunks = min(availableProcessors * 4, items.count / max(1, minimumChunk))
        guard chunks > 1 else { return items.map(transform) }
        let results = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in (items.count * chunk / chunks)..<(items.count * (chunk + 1) / chunks) {
                results.set(index, transform(items[index]))
            }
        }
        return results.values()
    }

    /// One result slot per item. `@unchecked Sendable`: each slot is written
    /// by exactly one chunk, and read only after `concurrentPerform` has
    /// returned, which waits for every chunk.
    final class Slots<R>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<R?>

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }

        func set(_ index: Int, _ value: R) { storage[index] = value }

        func values() -> [R] { storage.map { $0! } }
    }
}
