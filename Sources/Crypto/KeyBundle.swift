/// A member's public key bundle (Ed25519 `sign`, X25519 `box`), as named in
/// certificates and shown to people for out-of-band checks.
public enum KeyBundle {
    /// The key-bundle fingerprint of PROTOCOL.md §1: the first 20 bytes of
    /// `H(frame("trustforum/fpr/v1", sign_pk, box_pk))` as five groups of 8
    /// lower-case hex digits separated by single spaces, e.g.
    /// `ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb`.
    public static func fingerprint(signPublicKey: SigningPublicKey, boxPublicKey: BoxPublicKey) -> String {
        let digest = GenericHash.hash(Frame.frame(context: "trustforum/fpr/v1", [
            .bytes(signPublicKey.bytes), .bytes(boxPublicKey.bytes),
        ]))
        let hex = Array(Hex.encode(Array(digest.prefix(20))))
        return stride(from: 0, to: hex.count, by: 8).map { String(hex[$0..<$0 + 8]) }.joined(separator: " ")
    }
}
