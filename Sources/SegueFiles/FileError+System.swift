import Foundation
import SegueCore

extension FileError {
    /// A failed file operation in Segue's words: `path`, what could not be done, and the system's reason in plain
    /// words ("File exists", "Permission denied", "No space left on device", "Not a directory", "Read-only file
    /// system"), never Foundation's `Error Domain=NSCocoaErrorDomain Code=516 ...` dump.
    /// - Parameters:
    ///   - error: what Foundation (`CocoaError`, `NSError`) or the system (`POSIXError`) threw.
    ///   - path: the file or folder, as the user named it.
    ///   - message: what could not be done, e.g. "cannot create the output folder".
    ///   - code: the code when the reason does not imply one (a missing file is `.notFound`, a path through a file
    ///     `.notAFolder`).
    public init(from error: any Error, path: String, message: String, code: Code = .writeFailed) {
        let number = Self.errorNumber(of: error)
        let implied: Code? =
            switch number {
            case ENOENT: .notFound
            case ENOTDIR: .notAFolder
            case EISDIR: .notARegularFile
            default: nil
            }
        self.init(implied ?? code, path: path, message: message, cause: Self.reason(of: error))
    }

    /// Why a file operation failed, in plain words: the system's reason (`strerror`) for a POSIX error or a
    /// Foundation error with one underneath; words for the Foundation codes that have none; never a dump.
    public static func reason(of error: any Error) -> String {
        if let number = errorNumber(of: error) { return reason(errno: number) }
        if let error = error as? any SegueError { return error.description }
        guard isSystemError(error) else { return "an unexpected \(type(of: error))" }
        let error = error as NSError
        guard error.domain == NSCocoaErrorDomain else { return "\(error.domain) error \(error.code)" }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileReadCorruptFile: return "not in the expected format"
        case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "not UTF-8 text"
        case .fileReadInvalidFileName, .fileWriteInvalidFileName: return "not a valid file name"
        case .fileReadTooLarge: return "the file is too large"
        case .fileLocking: return "the file is locked"
        case .fileReadUnsupportedScheme, .fileWriteUnsupportedScheme: return "not a local file"
        default: return "the system refused (Foundation error \(error.code))"
        }
    }

    /// The system's words for an error number (`strerror`).
    public static func reason(errno number: Int32) -> String { String(cString: strerror(number)) }

    /// The POSIX error number behind an error from Foundation or the system: a `POSIXError`, an `NSError` of the
    /// POSIX domain, a Foundation error with one as its underlying error, or a Foundation file code that stands
    /// for one (`fileWriteFileExists` is `EEXIST`).
    static func errorNumber(of error: any Error) -> Int32? {
        if let error = error as? POSIXError { return error.code.rawValue }
        guard isSystemError(error) else { return nil }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error,
            let number = errorNumber(of: underlying)
        {
            return number
        }
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteFileExists: return EEXIST
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        default: return nil
        }
    }

    /// Whether `error` is Foundation's or the system's (an `NSError`, `CocoaError` or `POSIXError`), whose own
    /// description is a dump for programmers.
    public static func isSystemError(_ error: any Error) -> Bool {
        // `error is NSError` holds for every error (any error bridges to one); the dynamic type tells.
        type(of: error) is NSError.Type || error is CocoaError || error is POSIXError
    }

    /// The file a Foundation error names (`NSFilePath`), if any.
    public static func path(in error: any Error) -> String? {
        guard isSystemError(error) else { return nil }
        let info = (error as NSError).userInfo
        return info[NSFilePathErrorKey] as? String ?? (info[NSURLErrorKey] as? URL)?.path
    }
}
