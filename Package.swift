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
            dependencies: ["MotCuaCore"],
            swiftSettings: strict
        ),
        // The command line: parsing, output formatting, exit codes.
        .target(
            name: "MotCuaCLI",
            dependencies: [
                "MotCuaCore", "MotCuaDefinitions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "motcua", dependencies: ["MotCuaCLI"], swiftSettings: strict),
        .testTarget(
            name: "MotCuaCoreTests",
            dependencies: ["MotCuaCore", "MotCuaDefinitions"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MotCuaCLITests",
            dependencies: ["MotCuaCore"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
