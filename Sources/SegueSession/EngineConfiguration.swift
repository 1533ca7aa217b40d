import Foundation
import SegueAudio
import SegueCore
import SegueFiles
import SegueStore

/// Where an engine's inputs are: the catalog, the templates, the voices and the safety policy.
public struct EngineConfiguration: Sendable, Equatable {
    /// A JSON catalog, or SQLite from `segue catalog import`.
    public var catalogURL: URL
    public var promptsURL: URL
    public var voicesURL: URL
    /// The safety policy folder; nil uses the one Segue ships.
    public var policyURL: URL?
    /// Whether the safety screen also matches words by how espeak-ng says them.
    public var soundView: Bool
    /// Folders besides the catalog's own that its audio may come from.
    public var libraryRoots: [URL]
    /// How sessions are mixed (the loudness target: -14 LUFS by default, -23 for broadcast, -16, -11).
    public var mix: MixSettings
    /// Where synthesized clips are kept and found again (`ClipCache.defaultFolder()` for the user's cache); nil
    /// synthesizes every line of every render.
    public var clipCache: ClipCache?

    public init(
        catalogURL: URL, promptsURL: URL = SegueData.installed.prompts, voicesURL: URL = SegueData.installed.voices,
        policyURL: URL? = nil, soundView: Bool = true, libraryRoots: [URL] = [], mix: MixSettings = MixSettings(),
        clipCache: ClipCache? = nil
    ) {
        self.clipCache = clipCache
        self.libraryRoots = libraryRoots
        self.mix = mix
        self.catalogURL = catalogURL
        self.promptsURL = promptsURL
        self.voicesURL = voicesURL
        self.policyURL = policyURL
        self.soundView = soundView
    }
}

extension SegueEngine {
    /// Loads every input once and builds the engine: the catalog and its features, the templates, the voices, the
    /// pronunciations beside the templates, and the safety screen (with espeak-ng's sound view unless turned off).
    /// - Parameter synthesizer: speaks the lines and gives the screen its sound view.
    /// - Throws: the first input that cannot be used, as a `SegueError` naming the file.
    public static func load(
        _ configuration: EngineConfiguration,
        synthesizer: any SpeechSynthesizing & PhonemeTranscribing
    ) async throws -> SegueEngine {
        var warnings: [InputWarning] = []
        let catalog = try CatalogLoader.load(from: configuration.catalogURL, warnings: &warnings)
        var templates = try TemplateLibrary.load(from: configuration.promptsURL, warnings: &warnings)
        let voices = try VoiceProfile.loadAll(from: configuration.voicesURL)
        let pronunciations = configuration.promptsURL.appendingPathComponent("pronunciations.tsv")
        let normalizer =
            FileManager.default.fileExists(atPath: pronunciations.path)
            ? try SpeechNormalizer.load(from: pronunciations) : SpeechNormalizer()
        let policy = try configuration.policyURL.map(SafetyPolicy.load(from:)) ?? SafetyPolicy.shipped()
        let screen = try await SafetyScreen.make(
            policy: policy, transcriber: configuration.soundView ? synthesizer : nil)
        // The phrase tables are not in the approval log: each phrase must pass as template text to be spoken.
        let (phrases, refused) = templates.phrases.screened(by: TemplateLinter(checker: screen.checker))
        templates.phrases = phrases
        warnings += refused.map { InputWarning(path: configuration.promptsURL.path, field: "", message: $0) }
        // A library database names the folders its audio was imported from.
        let storeRoots = AudioLibrary.importedRoots(of: configuration.catalogURL)
        return SegueEngine(
            catalog: catalog, catalogPath: configuration.catalogURL.standardizedFileURL.path, templates: templates,
            screen: screen, voices: voices, normalizer: normalizer, synthesizer: synthesizer,
            mixer: SessionMixer(settings: configuration.mix), inputWarnings: warnings,
            libraryRoots: configuration.libraryRoots + storeRoots, clipCache: configuration.clipCache)
    }
}
