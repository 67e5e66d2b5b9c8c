// swift-tools-version:6.0
//
// TrustForum: Foundation, libsodium and SQLite only. No Swift package
// dependencies, by the product owner's explicit requirement (a short,
// auditable supply chain). Modules depend in one direction:
//
//   CSodium, CSQLite, CLinux   C module maps and shims
//   Platform                   system calls, errno, threads, locks, files
//   Crypto                     safe Swift API over libsodium
//   Store                      SQLite wrapper, writer/readers, migrations, audit, backup
//   Core                       the domain: pure logic, no I/O
//   Knowledge                  publications' domain: the CSAF 2.0 advisory importer
//                              (Foundation only: parse, validate, map to an alert draft)
//   Moderation                 text normalisation and the moderation rule engine
//                              (standard library only: the server, every client
//                              and the fuzz harness decide the same)
//   Protocol                   PROTOCOL.md's signed structures and their verification
//                              (the same code on the server and in the client)
//   HTTP                       HTTP/1.1 parser and epoll server
//   API                        routes, metrics, OpenAPI
//   Client                     the member side: keystore, profile, API calls, log following
//   Args                       hand-written command-line parsing
//   Commands                   the `trustforum` commands
//   trustforum                 the executable
import PackageDescription

let package = Package(
    name: "TrustForum",
    products: [
        .executable(name: "trustforum", targets: ["trustforum"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CLinux"),
        .target(name: "Platform", dependencies: ["CLinux"]),
        .target(name: "Crypto", dependencies: ["CSodium"]),
        .target(name: "Core", dependencies: []),
        .target(name: "Moderation", dependencies: []),
        .target(name: "Knowledge", dependencies: ["Core"]),
        .target(name: "Protocol", dependencies: ["Crypto", "Core"]),
        .target(name: "Store", dependencies: ["CSQLite", "Crypto", "Platform", "Core"]),
        .target(name: "HTTP", dependencies: ["Platform"]),
        .target(name: "API", dependencies: ["HTTP", "Store", "Core", "Crypto", "Platform", "Protocol", "Moderation", "Knowledge"]),
        .target(name: "Client", dependencies: ["Protocol", "Crypto", "Core", "Platform", "Moderation"]),
        .target(name: "Args", dependencies: []),
        .target(name: "Commands", dependencies: ["Args", "API", "HTTP", "Store", "Core", "Crypto", "Platform", "Protocol", "Client", "Moderation"]),
        .executableTarget(name: "trustforum", dependencies: ["Commands"]),
        .executableTarget(name: "TrustForumBench", dependencies: ["Store", "Crypto", "Platform", "Protocol", "Core", "Client", "Moderation"]),

        .testTarget(name: "PlatformTests", dependencies: ["Platform"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], resources: [.copy("Vectors")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Crypto", "Platform", "Core"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "ModerationTests", dependencies: ["Moderation"]),
        .testTarget(name: "KnowledgeTests", dependencies: ["Knowledge", "Core"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProtocolTests", dependencies: ["Protocol", "Crypto", "Core"], resources: [.copy("Vectors")]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Protocol", "Crypto", "Platform", "Core", "Moderation"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Platform"]),
        .testTarget(name: "APITests", dependencies: ["API", "HTTP", "Store", "Platform", "Client", "Protocol", "Crypto", "Core", "Moderation"]),
        .testTarget(name: "ArgsTests", dependencies: ["Args"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "Args", "Moderation"]),
    ]
)
