// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "scim-directory",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "SCIMAdapter", targets: ["SCIMAdapter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(
            name: "EventLog",
            dependencies: ["CLMDB"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Projections",
            dependencies: [
                "EventLog", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SCIMAdapter",
            dependencies: ["Projections", "EventLog"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "crash-writer"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "scim-server",
            dependencies: ["EventLog"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "scim-bench",
            dependencies: ["EventLog", "Projections", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/scim-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "crash-writer",
            dependencies: ["EventLog"],
            path: "Tests/CrashWriter",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "EventLog", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SCIMAdapterTests",
            dependencies: ["SCIMAdapter", "Projections"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
