import CTagLib
import CTagLibProperties
import Foundation
import SegueCore

/// Reads and writes the tags of MP3, FLAC, Ogg Vorbis, Opus, M4A and WAV files with TagLib's C API.
///
/// The corresponding C functions are `taglib_file_new`, `taglib_file_tag`, the `taglib_tag_…` getters and setters,
/// `taglib_file_save` and `taglib_file_free`. Album artist is in no basic tag: it goes through the property map
/// (`cseg_taglib_property_get`, TagLib 2's `taglib_property_get` for Debian's TagLib 1.13) as "ALBUMARTIST".
/// Safe to call from many threads at once, on different files.
public enum TagReader {
    /// The tags of the music file at `url`, cleaned (see `FileTags`).
    /// - Throws: `LibraryError` naming the file: `.notFound`, `.notARegularFile` (a FIFO or device is never opened),
    ///   `.emptyFile`, `.notAudio` (a name that is no music format, or no audio stream in the file) or
    ///   `.tagsUnreadable`.
    public static func read(_ url: URL) throws(LibraryError) -> FileTags {
        let file = try TagLibFile(url: url)
        guard let tag = taglib_file_tag(file.handle) else { return FileTags() }
        return FileTags(
            title: text(taglib_tag_title(tag)), artist: text(taglib_tag_artist(tag)),
            album: text(taglib_tag_album(tag)), albumArtist: file.property("ALBUMARTIST"),
            year: number(taglib_tag_year(tag), in: 1...9999), genre: text(taglib_tag_genre(tag)),
            trackNumber: number(taglib_tag_track(tag), in: 1...9999))
    }

    /// Replaces the tags of the music file at `url` with `tags` (a nil field removes that tag) and saves it.
    /// - Throws: `LibraryError` naming the file: as `read`, or `.tagsNotWritten`.
    public static func write(_ tags: FileTags, to url: URL) throws(LibraryError) {
        let file = try TagLibFile(url: url)
        guard let tag = taglib_file_tag(file.handle) else {
            throw LibraryError(.tagsNotWritten, path: url.path, message: "TagLib has no tag to write in this file")
        }
        taglib_tag_set_title(tag, tags.title ?? "")
        taglib_tag_set_artist(tag, tags.artist ?? "")
        taglib_tag_set_album(tag, tags.album ?? "")
        taglib_tag_set_genre(tag, tags.genre ?? "")
        taglib_tag_set_year(tag, UInt32(clamping: tags.year ?? 0))
        taglib_tag_set_track(tag, UInt32(clamping: tags.trackNumber ?? 0))
        cseg_taglib_property_set(file.handle, "ALBUMARTIST", tags.albumArtist ?? "")
        guard taglib_file_save(file.handle) != 0 else {
            throw LibraryError(.tagsNotWritten, path: url.path, message: "TagLib cannot save the tags")
        }
    }

    /// A string TagLib allocated (string management is off, so the caller frees it), cleaned.
    private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { taglib_free(pointer) }
        return TagText.clean(
            UnsafeBufferPointer(start: pointer, count: strlen(pointer)).lazy.map { UInt8(bitPattern: $0) })
    }

    private static func number(_ value: UInt32, in range: ClosedRange<Int>) -> Int? {
        range.contains(Int(value)) ? Int(value) : nil
    }
}

/// TagLib keeps every string it returns in a global list unless told not to; that list is not thread-safe, so it is
/// switched off once, before the first file is opened. The corresponding C function is
/// `taglib_set_string_management_enabled`.
private let tagLibStringsUnmanaged: Void = taglib_set_string_management_enabled(0)

/// An open TagLib file, freed exactly once.
private final class TagLibFile {
    let handle: UnsafeMutablePointer<TagLib_File>

    /// Opens `url` after checking it is a non-empty regular file with a music file's name.
    init(url: URL) throws(LibraryError) {
        _ = tagLibStringsUnmanaged
        _ = try FileCheck.size(of: url)
        guard let format = MusicFileFormat(url: url) else {
            let name = url.pathExtension.isEmpty ? "a name without an extension" : "a .\(url.pathExtension) file"
            throw LibraryError(.notAudio, path: url.path, message: "not a music file (\(name))")
        }
        let opened = url.withUnsafeFileSystemRepresentation { path in path.flatMap { taglib_file_new($0) } }
        guard let opened else {
            throw LibraryError(.tagsUnreadable, path: url.path, message: "TagLib cannot open it")
        }
        guard taglib_file_is_valid(opened) != 0 else {
            taglib_file_free(opened)
            throw LibraryError(
                .tagsUnreadable, path: url.path,
                message: "not a valid \(format.displayName) file (TagLib cannot read its tags)")
        }
        // TagLib opens any file with the right name; one with no audio stream in it (text named .mp3) is no music.
        guard let properties = taglib_file_audioproperties(opened), taglib_audioproperties_samplerate(properties) > 0
        else {
            taglib_file_free(opened)
            throw LibraryError(
                .notAudio, path: url.path, message: "not audio (TagLib finds no \(format.displayName) audio in it)")
        }
        handle = opened
    }

    deinit { taglib_file_free(handle) }

    /// The first value of a property, cleaned.
    func property(_ name: String) -> String? {
        guard let values = cseg_taglib_property_get(handle, name) else { return nil }
        defer { cseg_taglib_property_free(values) }
        guard let first = values.pointee else { return nil }
        return TagText.clean(UnsafeBufferPointer(start: first, count: strlen(first)).lazy.map { UInt8(bitPattern: $0) })
    }
}
