// ctoc-index: builds or updates a ctocsearch database from files, directories or JSON Lines.
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/defaults.h>
#include <ctoc/index/database.h>
#include <ctoc/index/indexer.h>

#include <boost/program_options.hpp>
#include <xapian.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_partial = 3;

/// "64M", "1G", "1000" -> bytes.
std::uintmax_t parse_size(const std::string& s) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::logic_error&) {
        throw std::invalid_argument("bad size '" + s + "' (use e.g. 500K, 64M, 1G)");
    }
    std::uintmax_t mult = 1;
    const std::string unit = s.substr(used);
    if (unit == "K" || unit == "k")
        mult = 1ull << 10;
    else if (unit == "M" || unit == "m")
        mult = 1ull << 20;
    else if (unit == "G" || unit == "g")
        mult = 1ull << 30;
    else if (!unit.empty())
        throw std::invalid_argument("bad size '" + s + "' (use e.g. 500K, 64M, 1G)");
    if (v <= 0)
        throw std::invalid_argument("bad size '" + s + "'");
    return static_cast<std::uintmax_t>(v * static_cast<double>(mult));
}

void print_progress(const ctoc::index::Progress& p) {
    const double mb = static_cast<double>(p.bytes) / 1e6;
    const double rate = p.seconds > 0 ? mb / p.seconds : 0;
    std::fprintf(stderr, "\r\033[K%zu documents  %.1f MB  %.1f MB/s", p.documents, mb, rate);
    if (p.total_bytes > 0 && p.bytes > 0 && p.bytes <= p.total_bytes) {
        const double fraction = static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes);
        const int width = 30;
        const int done = static_cast<int>(fraction * width);
        std::fprintf(stderr, "  [%.*s%*s] %3.0f%%", done,
                     "==============================", width - done, "", fraction * 100);
        if (rate > 0)
            std::fprintf(stderr, "  ETA %.0fs",
                         (static_cast<double>(p.total_bytes - p.bytes) / 1e6) / rate);
    }
    std::fflush(stderr);
}

} // namespace

int main(int argc, char** argv) {
    po::options_description visible(
        "Usage: ctoc-index [OPTION]... [INPUT]...\n"
        "Index PDF, Word (.docx), OpenDocument (.odt), HTML and text/markdown files, directories\n"
        "(recursively) and JSON Lines files (.jsonl, or - for standard input) into a ctocsearch\n"
        "database. Without INPUT, the bundled corpus. A file's format is told by its content, then\n"
        "its name; damaged, encrypted and image-only (scanned) PDFs are skipped with a warning.\n"
        "Runs are incremental: unchanged documents are skipped, changed ones replaced, and those\n"
        "whose source disappeared removed.\n\n"
        "Text must be UTF-8. A file or record with a few invalid bytes is repaired (they become\n"
        "U+FFFD) with a warning; one with many (e.g. Latin-1) is skipped as not UTF-8: convert it\n"
        "with iconv. Empty, binary and unreadable files, files over --max-size and malformed JSON\n"
        "lines are skipped with a warning \"path[:line]: warning: reason\".\n\n"
        "Dates, given in JSON Lines (\"date\", \"year\") or read from a header, follow one rule:\n"
        "ISO 8601 dates (2018-10-15, 2018-10, 2018) or date-times (2018-10-15T10:00:00Z) of days\n"
        "that exist. A document with any other date is indexed without it, with a warning\n"
        "\"path[:line]: warning: bad date '...'\".\n\n"
        "Exit status: 0 success, 1 failure (index unchanged), 2 usage error, 3 indexed but some\n"
        "inputs were skipped or had a bad date (see the warnings).\n\nOptions");
    std::string db;
    std::vector<std::string> include, exclude;
    std::string max_size = "64M";
    unsigned threads = 0;
    long long batch = 1000; // signed: "-1" is an error, not 2^64 - 1
    long long shards = 0;
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&db),
        "database directory (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db)")(
        "rebuild", "build a fresh index beside the live one and swap it in atomically")(
        "include", po::value(&include)->composing(),
        "file-name glob to read from directories (repeatable; default *.txt *.md *.markdown *.text "
        "*.pdf *.docx *.odt *.html *.htm *.xhtml *.jsonl *.ndjson)")("exclude", po::value(&exclude)->composing(),
                             "file-name or path glob to leave out (repeatable)")(
        "follow-links", "also read files that symbolic links in the directories point to outside them")(
        "max-size", po::value(&max_size),
        "skip files and JSON records larger than this (default 64M)")(
        "threads,j", po::value(&threads), "analysis threads (default: one per core)")(
        "batch", po::value(&batch), "documents per commit (default 1000; also every 16 MB of text)")(
        "shards", po::value(&shards),
        "split the index into N shard databases listed by one Xapian stub (serve each with "
        "xapian-tcpsrv); 1 for one database; default: keep the index's layout")(
        "compact", "compact the index (Xapian compaction) and exit")(
        "check", "read and check every table of the index (as xapian-check does) and exit: 0 sound, 1 damaged")(
        "stats", "print documents, terms, size on disk, last build and sources, and exit")(
        "verbose,v", "show progress and every warning, even when not on a terminal")(
        "quiet,q", "print only warnings and errors");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(), "");
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    ctoc::index::IndexerConfig config;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
        config.scan.max_bytes = parse_size(max_size);
        if (batch < 1 || batch > 100'000'000)
            throw std::invalid_argument("--batch must be between 1 and 100000000");
        if (vm.count("shards") && (shards < 1 || shards > static_cast<long long>(ctoc::index::max_shards)))
            throw std::invalid_argument("--shards must be between 1 and " + std::to_string(ctoc::index::max_shards));
        if (vm.count("db") && db.empty())
            throw std::invalid_argument("--db is empty; give the database directory");
        if (db.find("://") != std::string::npos)
            throw std::invalid_argument("--db " + db + ": ctoc-index writes a local index directory; build it "
                                        "locally and serve it with xapian-tcpsrv");
        if (threads > 256)
            throw std::invalid_argument("--threads must be between 0 (one per core) and 256");
    } catch (const std::exception& e) {
        std::cerr << "ctoc-index: " << e.what()
                  << "\nTry 'ctoc-index --help' for more information.\n";
        return exit_usage;
    }
    if (vm.count("help")) {
        std::cout << visible << "\nEnvironment:\n  CTOC_DB    default database directory\n";
        return exit_ok;
    }
    if (vm.count("version")) {
        std::cout << "ctoc-index " << ctoc::corpus::version() << " (Xapian "
                  << Xapian::version_string() << ")\n";
        return exit_ok;
    }

    config.database = db.empty() ? ctoc::corpus::default_database_path() : db;
    if (vm.count("input"))
        config.inputs = vm["input"].as<std::vector<std::string>>();
    else
        config.inputs = {ctoc::corpus::default_corpus_dir()};
    if (!include.empty())
        config.scan.include = include;
    config.scan.exclude = exclude;
    config.scan.follow_links = vm.count("follow-links") != 0;
    config.rebuild = vm.count("rebuild") != 0;
    config.threads = threads;
    config.batch_size = static_cast<std::size_t>(batch);
    config.shards = static_cast<std::size_t>(shards);
    const bool quiet = vm.count("quiet") != 0;
    const bool verbose = vm.count("verbose") != 0;
    const bool tty = ::isatty(STDERR_FILENO) != 0;

    try {
        if (vm.count("stats")) {
            const auto s = ctoc::index::database_stats(config.database);
            std::string sources = s.sources;
            for (std::size_t at = sources.find('\n'); at != std::string::npos;
                 at = sources.find('\n', at + 1))
                sources.insert(at + 1, 13, ' ');
            std::cout << "database:    " << config.database << "\n"
                      << "generation:  " << s.generation << "\n";
            for (std::size_t k = 0; k < s.shards.size(); ++k)
                std::cout << (k == 0 ? "shards:      " : "             ") << s.shards[k] << "\n";
            std::cout
                      << "documents:   " << s.documents << "\n"
                      << "terms:       " << s.terms << "\n"
                      << "disk bytes:  " << s.disk_bytes << "\n"
                      << "last build:  " << s.last_build << "\n"
                      << "sources:     " << sources << "\n";
            return exit_ok;
        }
        if (vm.count("check")) {
            std::cout << config.database << ": " << ctoc::index::check_database(config.database) << "\n";
            return exit_ok;
        }
        if (vm.count("compact")) {
            ctoc::index::compact_database(config.database);
            if (!quiet)
                std::cerr << "ctoc-index: compacted " << config.database << "\n";
            return exit_ok;
        }
        // Warnings can come from analysis threads while the reader thread draws the bar.
        std::atomic<bool> progress_shown{false};
        double last_line = 0;
        std::function<void(const ctoc::index::Progress&)> progress;
        if ((tty || verbose) && !quiet) {
            progress = [&](const ctoc::index::Progress& p) {
                if (tty) {
                    print_progress(p);
                    progress_shown = true;
                } else if (p.seconds - last_line >= 2) {
                    // In a pipe a bar would be noise: a plain line every few seconds instead.
                    last_line = p.seconds;
                    std::fprintf(stderr, "ctoc-index: %zu documents, %.1f MB read\n", p.documents,
                                 static_cast<double>(p.bytes) / 1e6);
                }
            };
        }
        const auto sink = [&](const ctoc::corpus::Diagnostic& d) {
            if (progress_shown) {
                std::fputs("\r\033[K", stderr);
            }
            std::cerr << ctoc::analysis::terminal_text(d.to_string()) << "\n";
        };
        const auto s = ctoc::index::run_indexer(config, sink, progress);
        if (progress_shown)
            std::fputs("\r\033[K", stderr);
        if (!quiet) {
            const std::size_t processed = s.added + s.updated + s.unchanged;
            std::fprintf(stderr,
                         "ctoc-index: %zu documents in %s (%zu added, %zu updated, %zu unchanged, "
                         "%zu removed, "
                         "%zu failed%s) in %.2f s, %.0f documents/s%s\n",
                         s.documents, config.database.c_str(), s.added, s.updated, s.unchanged,
                         s.removed, s.failed,
                         s.bad_dates == 0 ? ""
                                          : (", " + std::to_string(s.bad_dates) +
                                             (s.bad_dates == 1 ? " bad date" : " bad dates")).c_str(),
                         s.seconds,
                         s.seconds > 0 ? static_cast<double>(processed) / s.seconds : 0.0,
                         s.rebuilt ? ", new index swapped in" : "");
        }
        return s.failed > 0 || s.bad_dates > 0 ? exit_partial : exit_ok;
    } catch (const ctoc::index::LockedError& e) {
        std::cerr << "ctoc-index: " << e.what() << "\n";
        return exit_failure;
    } catch (const Xapian::DatabaseNotFoundError&) {
        std::cerr << "ctoc-index: no index at " << config.database
                  << "; build it first with: ctoc-index --db " << config.database << "\n";
        return exit_failure;
    } catch (const Xapian::DatabaseCorruptError& e) {
        std::cerr << "ctoc-index: " << config.database << ": the index is damaged (" << e.get_msg()
                  << "); rebuild it with: ctoc-index --rebuild --db " << config.database << " [FILES OR DIRECTORIES]\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-index: " << config.database << ": " << e.get_description() << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-index: " << e.what() << "\n";
        return exit_failure;
    }
}
