#pragma once

#include <string>

namespace ctoc::corpus {

/// Directory of the bundled corpus: the installed copy next to the running program
/// (<prefix>/share/ctocsearch/corpus) if there is one, else the source tree's corpus/documents.
std::string default_corpus_dir();

/// Database used when no --db is given: $CTOC_DB, else $XDG_DATA_HOME/ctocsearch/ctoc.db,
/// else ~/.local/share/ctocsearch/ctoc.db.
std::string default_database_path();

/// The project version, "0.1.0".
const char* version();

} // namespace ctoc::corpus
