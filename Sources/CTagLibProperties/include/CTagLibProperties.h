#pragma once
#include <tag_c.h>

// TagLib 2's property functions (`taglib_property_get`, `taglib_property_set`, `taglib_property_free`) for the
// TagLib 1.13 C binding that Debian 12 ships, which lacks them: the basic tag API has no album artist.
// Remove this target once the distribution's TagLib is 2.0 or newer.

#ifdef __cplusplus
extern "C" {
#endif

/// The values of `property` (such as "ALBUMARTIST") in an open file, NULL-terminated, as UTF-8; NULL when the file
/// has none. Free with `cseg_taglib_property_free`.
char **cseg_taglib_property_get(const TagLib_File *file, const char *property);

/// Replaces the values of `property` with `value`; NULL or an empty string removes it. Saved by `taglib_file_save`.
void cseg_taglib_property_set(TagLib_File *file, const char *property, const char *value);

/// Frees what `cseg_taglib_property_get` returned.
void cseg_taglib_property_free(char **values);

#ifdef __cplusplus
}
#endif
