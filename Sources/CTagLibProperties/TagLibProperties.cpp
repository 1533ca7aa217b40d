// Glue only: TagLib's PropertyMap through the C binding's opaque handle. No exceptions cross into Swift.
#include "CTagLibProperties.h"

#include <cstdlib>
#include <cstring>
#include <tfile.h>
#include <tpropertymap.h>

// TagLib 1.x's C binding hands out a `TagLib::File *` as its `TagLib_File *` (`taglib_file_new` returns
// `FileRef::create(filename)`), so the handle is the file itself.
static const TagLib::File *cseg_file(const TagLib_File *file) { return reinterpret_cast<const TagLib::File *>(file); }

char **cseg_taglib_property_get(const TagLib_File *file, const char *property) {
    if (file == nullptr || property == nullptr) return nullptr;
    try {
        const TagLib::PropertyMap map = cseg_file(file)->properties();
        const auto found = map.find(TagLib::String(property, TagLib::String::UTF8).upper());
        if (found == map.end() || found->second.isEmpty()) return nullptr;
        const TagLib::StringList &values = found->second;
        auto **result = static_cast<char **>(std::calloc(values.size() + 1, sizeof(char *)));
        if (result == nullptr) return nullptr;
        size_t index = 0;
        for (const auto &value : values) {
            char *copy = ::strdup(value.toCString(true));
            if (copy == nullptr) break;
            result[index++] = copy;
        }
        return result;
    } catch (...) {
        return nullptr;
    }
}

void cseg_taglib_property_set(TagLib_File *file, const char *property, const char *value) {
    if (file == nullptr || property == nullptr) return;
    try {
        auto *taglibFile = reinterpret_cast<TagLib::File *>(file);
        TagLib::PropertyMap map = taglibFile->properties();
        const TagLib::String key = TagLib::String(property, TagLib::String::UTF8).upper();
        if (value == nullptr || *value == '\0') {
            map.erase(key);
        } else {
            map.replace(key, TagLib::StringList(TagLib::String(value, TagLib::String::UTF8)));
        }
        taglibFile->setProperties(map);
    } catch (...) {
    }
}

void cseg_taglib_property_free(char **values) {
    if (values == nullptr) return;
    for (char **value = values; *value != nullptr; ++value) std::free(*value);
    std::free(values);
}
