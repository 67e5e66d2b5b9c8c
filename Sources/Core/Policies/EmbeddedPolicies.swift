/// The policy files compiled into this binary from `Policies/*.json` (see
/// `Generated/EmbeddedPolicies+All.swift`, written by `Ops/embed`).
public enum EmbeddedPolicies {
    /// The text of `Policies/NAME.json`; a missing file is a build mistake.
    public static func text(_ name: String) -> String {
        guard let text = files[name] else { preconditionFailure("Policies/\(name).json is not embedded; run Ops/embed") }
        return text
    }
}
