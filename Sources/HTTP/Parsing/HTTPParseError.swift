/// Why a request head was refused: a closed set, each with its HTTP status,
/// a stable slug for the problem+json `type` and a fixed title.
///
/// No case carries input bytes, so no rendering of an error can echo the request.
/// After any of these the connection must be closed (the framing is unreliable).
public enum HTTPParseError: Error, Sendable, Equatable, CaseIterable {
    /// The request line is not `method SP request-target SP HTTP-version`, or too
    /// many empty lines come before it.
    case invalidRequestLine
    /// The method is a well-formed token but not one this server implements.
    case methodNotImplemented
    /// The version is well-formed but neither HTTP/1.0 nor HTTP/1.1.
    case versionNotSupported
    /// The request-target has a form, byte, escape or segment that is refused.
    case invalidTarget
    /// The request line alone exceeds the head size limit.
    case requestLineTooLong
    /// A bare LF or a bare CR in the head; only CRLF ends a line.
    case invalidLineEnding
    /// A field line starting with whitespace (obs-fold, RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A field name that is empty or not a token.
    case invalidHeaderName
    /// Whitespace between a field name and its colon (RFC 9112 §5.1).
    case whitespaceBeforeColon
    /// A field value holding a control character.
    case invalidHeaderValue
    /// The head exceeds the head size limit.
    case headerTooLarge
    /// More field lines than the limit allows.
    case tooManyHeaders
    /// An HTTP/1.1 request without a Host field.
    case missingHost
    /// More than one Host field.
    case duplicateHost
    /// A Host value (or absolute-form authority) that is not `host[:port]`.
    case invalidHost
    /// A Content-Length that is not 1 to 18 ASCII digits.
    case invalidContentLength
    /// More than one Content-Length field, even with equal values.
    case duplicateContentLength
    /// Both Transfer-Encoding and Content-Length: a request-smuggling shape.
    case contentLengthWithTransferEncoding
    /// Transfer-Encoding ending in `chunked`: this server requires Content-Length.
    case chunkedNotSupported
    /// Any other Transfer-Encoding: malformed, repeated, not ending in `chunked`,
    /// or sent with HTTP/1.0.
    case invalidTransferEncoding
    /// An Expect value other than `100-continue`.
    case expectationFailed

    /// The response status: 400, 411, 414, 417, 431, 501 or 505.
    public var status: Int {
        switch self {
        case .methodNotImplemented: 501
        case .versionNotSupported: 505
        case .requestLineTooLong: 414
        case .headerTooLarge, .tooManyHeaders: 431
        case .chunkedNotSupported: 411
        case .expectationFailed: 417
        default: 400
        }
    }

    /// A stable kebab-case identifier, used in the problem+json `type` URI.
    public var slug: String {
        switch self {
        case .invalidRequestLine: "invalid-request-line"
        case .methodNotImplemented: "method-not-implemented"
        case .versionNotSupported: "version-not-supported"
        case .invalidTarget: "invalid-target"
        case .requestLineTooLong: "request-line-too-long"
        case .invalidLineEnding: "invalid-line-ending"
        case .obsoleteLineFolding: "obsolete-line-folding"
        case .invalidHeaderName: "invalid-header-name"
        case .whitespaceBeforeColon: "whitespace-before-colon"
        case .invalidHeaderValue: "invalid-header-value"
        case .headerTooLarge: "header-too-large"
        case .tooManyHeaders: "too-many-headers"
        case .missingHost: "missing-host"
        case .duplicateHost: "duplicate-host"
        case .invalidHost: "invalid-host"
        case .invalidContentLength: "invalid-content-length"
        case .duplicateContentLength: "duplicate-content-length"
        case .contentLengthWithTransferEncoding: "content-length-with-transfer-encoding"
        case .chunkedNotSupported: "chunked-not-supported"
        case .invalidTransferEncoding: "invalid-transfer-encoding"
        case .expectationFailed: "expectation-failed"
        }
    }

    /// A short fixed English title; it never contains any input.
    public var title: String {
        switch self {
        case .invalidRequestLine: "The request line is malformed."
        case .methodNotImplemented: "The request method is not implemented."
        case .versionNotSupported: "The HTTP version is not supported."
        case .invalidTarget: "The request target is not acceptable."
        case .requestLineTooLong: "The request line is too long."
        case .invalidLineEnding: "Lines must end with CRLF."
        case .obsoleteLineFolding: "Folded header lines are not accepted."
        case .invalidHeaderName: "A header field name is malformed."
        case .whitespaceBeforeColon: "Whitespace before a header colon is not accepted."
        case .invalidHeaderValue: "A header field value contains a forbidden character."
        case .headerTooLarge: "The request header is too large."
        case .tooManyHeaders: "The request has too many header fields."
        case .missingHost: "The Host header field is missing."
        case .duplicateHost: "The Host header field is repeated."
        case .invalidHost: "The Host header field is malformed."
        case .invalidContentLength: "The Content-Length header field is malformed."
        case .duplicateContentLength: "The Content-Length header field is repeated."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding are both present."
        case .chunkedNotSupported: "Chunked requests are not supported; send Content-Length."
        case .invalidTransferEncoding: "The Transfer-Encoding is not acceptable."
        case .expectationFailed: "The expectation cannot be met."
        }
    }
}
