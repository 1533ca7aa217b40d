import Foundation
import SegueCore
import SegueFiles

extension SegueEngine {
    /// This engine speaking from the templates of `folder` as they are now (after an approval, a rejection or a
    /// retirement), their phrase tables screened as `load(_:synthesizer:)` screens them; everything else shared.
    /// - Throws: the template loader's errors, naming the file.
    public func reloadingTemplates(from folder: URL) throws -> SegueEngine {
        var warnings: [InputWarning] = []
        var library = try TemplateLibrary.load(from: folder, warnings: &warnings)
        library.phrases = library.phrases.screened(by: TemplateLinter(checker: screen.checker)).0
        var engine = self
        engine.templates = library
        return engine
    }
}
