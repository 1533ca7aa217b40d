// swift-tools-version:6.1
import Foundation
import PackageDescription

/// SegueCore's scoring loops (8-bit embedding dot products over a whole catalog) run about twice as fast with AVX2.
/// The build is portable by default (it never inspects the building machine); `SEGUE_TARGET_CPU=haswell` (or any
/// `-target-cpu` name) opts in to a build for that CPU and newer, which dies with SIGILL on an older one.
let vectorSettings: [SwiftSetting] = {
    guard let cpu = Context.environment["SEGUE_TARGET_CPU"], !cpu.isEmpty else { return [] }
    return [.unsafeFlags(["-target-cpu", cpu])]
}()

/// The test suite renders, mixes and analyses real audio; unoptimised, those loops take most of its time. Debug
/// builds (`make test`) optimise the targets that run them too; `@testable import` still works.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "segue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "segue", targets: ["segue"]),
        .executable(name: "segue-bench", targets: ["segue-bench"]),
        .executable(name: "segue-render-bench", targets: ["segue-render-bench"]),
        .library(name: "SegueCore", targets: ["SegueCore"]),
    ],
    dependencies: [
        // CLI parsing for the `segue` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Logic-less templates for the commentary that editors write.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // SQLite for the catalog store (Debian libsqlite3-dev on Linux).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // SHA-256 for template revisions and the hash-chained approval log.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        // The HTTP server of `segue serve` (Segue Studio). Without the swift-configuration trait: the server is
        // configured by the command's flags, and CI builds one package less.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: ["FullFoundation"]),
        // Graceful shutdown of the studio's job queue (already a dependency of Hummingbird).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // HTTP field names of the studio's own headers (already a dependency of Hummingbird).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // Pure values and logic: no file I/O, no wire format (held by SegueFilesTests.coreDoesNoFileIO).
        .target(
            name: "SegueCore",
            dependencies: [
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: vectorSettings + optimisedInDebug
        ),
        // Loading and saving: JSON files, folders of templates and voices, the safety policy, atomic writes.
        .target(
            name: "SegueFiles",
            dependencies: ["SegueCore"],
            // The safety policy (lexicons, claims, allowed names that trust-and-safety reviewers edit) is data, found
            // through SegueData like the templates and voices, and installed beside them.
            exclude: ["policy"]
        ),
        // The synthetic world and the lineup evaluation (`segue-bench eval lineup`).
        .target(name: "SegueEvaluation", dependencies: ["SegueCore"]),
        .systemLibrary(name: "CESpeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CEBUR128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),
        .systemLibrary(
            name: "CTagLib", pkgConfig: "taglib_c", providers: [.apt(["libtagc0-dev", "libtag1-dev"])]),
        // TagLib 2's property API (album artist) for the TagLib 1.13 C binding of Debian 12, which lacks it.
        .target(name: "CTagLibProperties", dependencies: ["CTagLib"], linkerSettings: [.linkedLibrary("tag")]),
        .systemLibrary(name: "CAubio", pkgConfig: "aubio", providers: [.apt(["libaubio-dev"])]),
        .systemLibrary(name: "CChromaprint", pkgConfig: "libchromaprint", providers: [.apt(["libchromaprint-dev"])]),
        .target(name: "SegueSpeech", dependencies: ["SegueCore", "CESpeakNG"], swiftSettings: optimisedInDebug),
        .target(
            name: "SegueAudio", dependencies: ["SegueCore", "CSndFile", "CSoxr", "CEBUR128"],
            swiftSettings: optimisedInDebug),
        // A music file's tags (TagLib), and its analysis in one pass: loudness (libebur128), tempo and onsets (aubio),
        // key, silences, intro, fingerprint (Chromaprint).
        .target(
            name: "SegueLibrary",
            dependencies: ["SegueCore", "SegueAudio", "CTagLib", "CTagLibProperties", "CAubio", "CChromaprint"],
            swiftSettings: optimisedInDebug
        ),
        // The SQLite catalog store; raw statement access through GRDBSQLite for the bulk paths.
        .target(
            name: "SegueStore",
            dependencies: [
                "SegueCore",
                "SegueFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // What every command-line tool shares: ending on an error in Segue's words, the version, its own CPU and memory.
        .target(
            name: "SegueCommandLine",
            dependencies: [
                "SegueCore", "SegueFiles", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "SegueSession",
            dependencies: [
                "SegueCore", "SegueFiles", "SegueSpeech", "SegueAudio", "SegueStore", "SegueLibrary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Argon2id password hashes for the studio's accounts (Debian libargon2-dev).
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        // Segue Studio: the Hummingbird app (JSON API, pages, accounts, the session job queue).
        .target(
            name: "SegueServer",
            dependencies: [
                "SegueCore", "SegueFiles", "SegueSession", "SegueStore", "CArgon2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "segue",
            dependencies: [
                "SegueSession",
                "SegueServer",
                "SegueStore",
                "SegueCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks and the lineup evaluation, kept out of the production binary.
        .executableTarget(
            name: "segue-bench",
            dependencies: [
                "SegueSession",
                "SegueStore",
                "SegueEvaluation",
                "SegueCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The render benchmark's Segue side, linked with the render stack alone (not the library analysis, whose
        // aubio and Chromaprint bring in ffmpeg's tree of 150 shared libraries and 25 MB resident at rest).
        .executableTarget(
            name: "segue-render-bench",
            dependencies: [
                "SegueAudio", "SegueCore", "SegueCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target for slot hygiene and skeleton folding (`make fuzz`); without -DFUZZING it replays inputs.
        .executableTarget(name: "segue-fuzz", dependencies: ["SegueCore", "SegueFiles"]),
        .target(
            name: "SegueTestSupport", dependencies: ["SegueCore", "SegueFiles", "SegueAudio", "SegueLibrary"],
            path: "Tests/SegueTestSupport", swiftSettings: optimisedInDebug),
        .testTarget(
            name: "SegueCoreTests", dependencies: ["SegueCore", "SegueFiles", "SegueEvaluation", "SegueTestSupport"]),
        .testTarget(name: "SegueFilesTests", dependencies: ["SegueFiles", "SegueTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SegueEvaluationTests", dependencies: ["SegueEvaluation", "SegueTestSupport"]),
        .testTarget(name: "SegueSpeechTests", dependencies: ["SegueSpeech", "SegueTestSupport"]),
        .testTarget(name: "SegueAudioTests", dependencies: ["SegueAudio", "SegueTestSupport"]),
        .testTarget(name: "SegueLibraryTests", dependencies: ["SegueLibrary", "SegueTestSupport"]),
        .testTarget(
            name: "SegueSessionTests", dependencies: ["SegueSession", "SegueCommandLine", "SegueTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "SegueServerTests",
            dependencies: [
                "SegueServer", "SegueSession", "SegueSpeech", "SegueTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "SegueStoreTests", dependencies: ["SegueStore", "SegueEvaluation", "SegueTestSupport"]),
    ]
)
