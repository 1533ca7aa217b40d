// swift-tools-version:6.0
import Foundation
import PackageDescription

/// SegueCore's scoring loops (8-bit embedding dot products over a whole catalog) run about twice as fast
/// with AVX2. Enabled only when the machine that builds has it (x86-64-v3: AVX2, FMA, BMI2, F16C, MOVBE),
/// since Segue is always built where it runs; elsewhere the portable SSE2 code is built.
let vectorSettings: [SwiftSetting] = {
    #if arch(x86_64) && os(Linux)
    let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
    if ["avx2", "fma", "bmi2", "f16c", "movbe"].allSatisfy(flags.contains) {
        return [.unsafeFlags(["-target-cpu", "haswell"])]
    }
    #endif
    return []
}()

let package = Package(
    name: "segue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "segue", targets: ["segue"]),
        .library(name: "SegueCore", targets: ["SegueCore"]),
    ],
    dependencies: [
        // CLI parsing for the `segue` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Logic-less templates for the commentary that editors write.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // SQLite for the catalog store (Debian libsqlite3-dev on Linux).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(
            name: "SegueCore",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            // The safety policy: lexicons, claims and allowed names that trust-and-safety reviewers edit.
            resources: [.copy("Safety/policy")],
            swiftSettings: vectorSettings
        ),
        .systemLibrary(name: "CESpeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CEBUR128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),
        .target(name: "SegueSpeech", dependencies: ["SegueCore", "CESpeakNG"]),
        .target(name: "SegueAudio", dependencies: ["SegueCore", "CSndFile", "CSoxr", "CEBUR128"]),
        // The SQLite catalog store; raw statement access through GRDBSQLite for the bulk paths.
        .target(
            name: "SegueStore",
            dependencies: [
                "SegueCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "SegueSession", dependencies: ["SegueCore", "SegueSpeech", "SegueAudio", "SegueStore"]),
        .executableTarget(
            name: "segue",
            dependencies: [
                "SegueSession",
                "SegueStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target for slot hygiene and skeleton folding (`make fuzz`); without -DFUZZING it replays inputs.
        .executableTarget(name: "segue-fuzz", dependencies: ["SegueCore"]),
        .target(name: "SegueTestSupport", dependencies: ["SegueCore", "SegueAudio"], path: "Tests/SegueTestSupport"),
        .testTarget(name: "SegueCoreTests", dependencies: ["SegueCore", "SegueTestSupport"]),
        .testTarget(name: "SegueSpeechTests", dependencies: ["SegueSpeech", "SegueTestSupport"]),
        .testTarget(name: "SegueAudioTests", dependencies: ["SegueAudio", "SegueTestSupport"]),
        .testTarget(name: "SegueSessionTests", dependencies: ["SegueSession", "SegueTestSupport"]),
        .testTarget(name: "SegueStoreTests", dependencies: ["SegueStore", "SegueTestSupport"]),
    ]
)
