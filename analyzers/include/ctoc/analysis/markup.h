#pragma once

#include <string>
#include <string_view>

namespace ctoc::analysis {

/// Turns the markdown-ish text of converted PDFs into plain text: heading marks, emphasis,
/// escapes, link targets, HTML tags, footnote markers and `^{er}` ordinals are removed,
/// link texts and ordinals kept ("1^{er}" -> "1er"). Lines, blank lines and tabs (table
/// cells) are kept so that later steps see the document's structure.
std::string clean_markup(std::string_view raw);

} // namespace ctoc::analysis
