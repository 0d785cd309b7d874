// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "motcua",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "motcua", targets: ["motcua"]),
        .library(name: "MotCuaCore", targets: ["MotCuaCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The console's file uploads (multipart/form-data): scans and attachments.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // The PostgreSQL store (several instances on one database).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // A TCP probe telling a stopped database from a busy pool (NIOPosix).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The pure domain: values in, values out; time is a parameter. No I/O library.
        .target(
            name: "MotCuaCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Reads definition and configuration files from disk into core values.
        .target(
            name: "MotCuaDefinitions",
            dependencies: ["MotCuaCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Process-wide SQLite settings made before SQLite starts (sqlite3_config is variadic).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The durable store on SQLite: migrations, event log, projections, outbox.
        .target(
            name: "MotCuaStore",
            dependencies: [
                "MotCuaCore", "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for the writer's hot statements (HotStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // bcrypt for sign-in passwords.
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libcurl, through a typed shim (curl_easy_setopt is variadic).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Network delivery: HTTP POST (and SMTP) through libcurl; no C type leaves this target.
        .target(
            name: "MotCuaDelivery",
            dependencies: [
                "CCurl", "MotCuaCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // libxml2 and libxmlsec1 (OpenSSL backend), through a shim; only MotCuaXML sees them.
        .systemLibrary(name: "CLibXML2", pkgConfig: "xmlsec1-openssl",
                       providers: [.apt(["libxml2-dev", "libxmlsec1-dev"])]),
        // Safe XML reading and writing, edXML packages and XML-DSig signatures.
        .target(
            name: "MotCuaXML",
            dependencies: ["CLibXML2", "MotCuaCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // libqrencode for the QR codes on printed forms.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // The web console: server-rendered Vietnamese pages on the API's router and store.
        .target(
            name: "MotCuaWeb",
            dependencies: [
                "MotCuaCore", "MotCuaStore", "MotCuaServer", "CQRencode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static")],
            swiftSettings: strict
        ),
        // The HTTP server: API, auth, services.
        .target(
            name: "MotCuaServer",
            dependencies: [
                "MotCuaCore", "MotCuaDefinitions", "MotCuaStore", "MotCuaDelivery", "MotCuaXML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strict
        ),
        // The command line: parsing, output formatting, exit codes.
        .target(
            name: "MotCuaCLI",
            dependencies: [
                "MotCuaCore", "MotCuaDefinitions", "MotCuaStore", "MotCuaServer", "MotCuaWeb", "MotCuaXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "motcua", dependencies: ["MotCuaCLI"], swiftSettings: strict),
        // Fuzzing: the checks (a library, so the tests replay the corpus with them) and three
        // libFuzzer targets; scripts/fuzz.sh builds these with --sanitize=fuzzer.
        .target(name: "MotCuaFuzzChecks", dependencies: ["MotCuaCore", "MotCuaDefinitions", "MotCuaXML"], swiftSettings: strict),
        .executableTarget(name: "motcua-fuzz-json", dependencies: ["MotCuaFuzzChecks"], swiftSettings: strict),
        .executableTarget(name: "motcua-fuzz-yaml", dependencies: ["MotCuaFuzzChecks"], swiftSettings: strict),
        .executableTarget(name: "motcua-fuzz-edxml", dependencies: ["MotCuaFuzzChecks"], swiftSettings: strict),
        .testTarget(
            name: "MotCuaCoreTests",
            dependencies: ["MotCuaCore", "MotCuaDefinitions", "MotCuaFuzzChecks"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaStoreTests",
            dependencies: ["MotCuaStore", "MotCuaCore", "MotCuaDefinitions", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaWebTests",
            dependencies: [
                "MotCuaWeb", "MotCuaServer", "MotCuaStore", "MotCuaCore", "MotCuaDefinitions", "MotCuaXML",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaServerTests",
            dependencies: [
                "MotCuaServer", "MotCuaStore", "MotCuaCore", "MotCuaDefinitions", "MotCuaXML", "AxisStandIn",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaXMLTests",
            dependencies: ["MotCuaXML", "MotCuaCore", "MotCuaFuzzChecks"],
            swiftSettings: strict
        ),
        // The stand-in national axis as the Swift tests start it (shared by two test targets).
        .target(
            name: "AxisStandIn",
            dependencies: ["MotCuaDelivery"],
            path: "Tests/AxisStandIn",
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaDeliveryTests",
            dependencies: ["MotCuaDelivery", "AxisStandIn"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaCLITests",
            dependencies: ["MotCuaCore", "MotCuaStore", "MotCuaDefinitions", "MotCuaFuzzChecks",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
