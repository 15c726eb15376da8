// ctoc-index: builds or updates a ctocsearch database from files, directories or JSON Lines.
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/defaults.h>
#include <ctoc/index/database.h>
#include <ctoc/index/indexer.h>

#include <boost/program_options.hpp>
#include <xapian.h>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_partial = 3;

// The help is the one source of the manual page (help2man), so it says everything a user
// needs, within 80 columns.
const char* usage_text =
    "Usage: ctoc-index [OPTION]... [INPUT]...\n"
    "Index PDF, Word (.docx), OpenDocument (.odt), HTML and text/markdown files,\n"
    "directories (recursively) and JSON Lines files (.jsonl, or - for standard input)\n"
    "into a ctocsearch database.\n"
    "\n"
    "Without INPUT, an existing index re-scans the inputs its earlier runs were given\n"
    "(--stats lists them; standard input cannot be read again), and a new one indexes\n"
    "the bundled corpus. An INPUT that does not exist is an error: nothing is\n"
    "indexed. Runs are incremental: unchanged documents are skipped, changed ones\n"
    "replaced, and those whose source disappeared removed. Every run publishes all\n"
    "its changes at once, or none: after a failure, Ctrl-C or a crash the index is\n"
    "as it was.\n"
    "\n"
    "A file's format is told by its content, then its name; damaged, encrypted and\n"
    "image-only (scanned) PDFs are skipped with a warning. Text must be UTF-8: a file\n"
    "or record with a few invalid bytes is repaired (they become U+FFFD) with a\n"
    "warning; one with many (e.g. Latin-1) is skipped as not UTF-8: convert it with\n"
    "iconv. Empty, binary and unreadable files, files over --max-size and malformed\n"
    "JSON lines are skipped with a warning \"path[:line]: warning: reason\".\n"
    "\n"
    "Dates, given in JSON Lines (\"date\", \"year\") or read from a header, follow one\n"
    "rule: ISO 8601 dates (2018-10-15, 2018-10, 2018) or date-times\n"
    "(2018-10-15T10:00:00Z) of days that exist. A document with any other date is\n"
    "indexed without it, with a warning \"path[:line]: warning: bad date '...'\".\n"
    "\n"
    "Options";

const char* epilog_text =
    "\n"
    "Exit status:\n"
    "  0    success\n"
    "  1    failure (the index is unchanged; the message says what to do)\n"
    "  2    usage error, or an INPUT that does not exist\n"
    "  3    indexed, but some inputs were skipped or had a bad date (see the\n"
    "       warnings)\n"
    "  130  interrupted (Ctrl-C): \"interrupted; index unchanged\"\n"
    "\n"
    "Environment:\n"
    "  CTOC_DB    the database directory when --db is not given\n"
    "  TERM       \"dumb\": progress as plain lines, without a bar\n"
    "\n"
    "Examples:\n"
    "  $ ctoc-index ~/reports/ extra.jsonl\n"
    "  $ ctoc-index              # re-scan the inputs of the earlier runs\n"
    "  $ cat new.jsonl | ctoc-index -\n"
    "  $ ctoc-index --rebuild ~/reports/\n"
    "  $ ctoc-index --stats\n";

/// The signal (SIGINT or SIGTERM) that asked the run to stop before it publishes anything.
std::atomic<int> interrupted{0};
pthread_t main_thread;

extern "C" void on_wake(int) {}

extern "C" void on_interrupt(int signal) {
    int none = 0;
    if (!interrupted.compare_exchange_strong(none, signal)) {
        // A second Ctrl-C: die now; the index is the old one or the new, never a mix.
        ::signal(signal, SIG_DFL);
        ::raise(signal);
        return;
    }
    // The main thread reads the inputs: wake a read of standard input that waits.
    if (!pthread_equal(pthread_self(), main_thread))
        pthread_kill(main_thread, SIGUSR1);
}

/// Lets SIGINT and SIGTERM stop a run cleanly; without SA_RESTART, so that a read waiting on
/// standard input returns.
void catch_interrupts() {
    main_thread = pthread_self();
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = on_wake;
    sigaction(SIGUSR1, &action, nullptr);
    action.sa_handler = on_interrupt;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

/// Says the run was interrupted and dies of the signal, as the shell expects (status 130
/// for Ctrl-C).
int die_interrupted() {
    std::cerr << "ctoc-index: interrupted; index unchanged\n";
    std::cerr.flush();
    const int signal = interrupted.load();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    return 128 + signal;
}

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
    po::options_description visible(usage_text);
    std::string db;
    std::vector<std::string> include, exclude;
    std::string max_size = "64M";
    unsigned threads = 0;
    long long batch = 1000; // signed: "-1" is an error, not 2^64 - 1
    long long shards = 0;
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&db)->value_name("DIR"),
        "database directory (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db)")(
        "rebuild", "build a fresh index beside the live one and swap it in atomically")(
        "include", po::value(&include)->composing()->value_name("GLOB"),
        "file-name glob to read from directories (repeatable; default *.txt *.md *.markdown *.text "
        "*.pdf *.docx *.odt *.html *.htm *.xhtml *.jsonl *.ndjson)")("exclude", po::value(&exclude)->composing()->value_name("GLOB"),
                             "file-name or path glob to leave out (repeatable)")(
        "follow-links", "also read files that symbolic links in the directories point to outside them")(
        "max-size", po::value(&max_size)->value_name("SIZE"),
        "skip files and JSON records larger than this (default 64M)")(
        "threads,j", po::value(&threads)->value_name("N"), "analysis threads (default: one per core)")(
        "batch", po::value(&batch)->value_name("N"), "documents per commit (default 1000; also every 16 MB of text)")(
        "shards", po::value(&shards)->value_name("N"),
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
        // Boost pads wrapped descriptions with a space: no line of the help ends with one.
        std::ostringstream help;
        help << visible;
        std::string line;
        for (std::istringstream in(help.str()); std::getline(in, line);)
            std::cout << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
        std::cout << epilog_text;
        return exit_ok;
    }
    if (vm.count("version")) {
        std::cout << "ctoc-index " << ctoc::corpus::version() << " (Xapian "
                  << Xapian::version_string() << ")\n";
        return exit_ok;
    }

    config.database = db.empty() ? ctoc::corpus::default_database_path() : db;
    const bool quiet = vm.count("quiet") != 0;
    const bool maintenance = vm.count("stats") || vm.count("check") || vm.count("compact");
    if (vm.count("input")) {
        config.inputs = vm["input"].as<std::vector<std::string>>();
        // A mistyped name would index the rest, and an incremental run could then remove what
        // the name held: stop before anything is done.
        for (const auto& input : config.inputs) {
            std::error_code ec;
            if (input != "-" && !std::filesystem::exists(std::filesystem::symlink_status(input, ec))) {
                std::cerr << "ctoc-index: " << input << ": no such file or directory; nothing was indexed\n"
                          << "Try 'ctoc-index --help' for more information.\n";
                return exit_usage;
            }
        }
    } else if (!maintenance) {
        try {
            // As recollindex re-scans its top directories: the inputs the index was built from.
            std::vector<std::string> recorded = ctoc::index::recorded_sources(config.database);
            const bool had_stdin = std::erase(recorded, "-") > 0;
            if (!recorded.empty()) {
                config.inputs = recorded;
                if (!quiet) {
                    std::cerr << "ctoc-index: no input given: re-scanning what " << config.database << " was built from:";
                    for (const auto& input : recorded)
                        std::cerr << " " << input;
                    std::cerr << (had_stdin ? " (not standard input, which cannot be read again)" : "") << "\n";
                }
            } else if (had_stdin) {
                std::cerr << "ctoc-index: " << config.database
                          << " was built from standard input only, which cannot be read again: give the inputs, "
                             "or - to read standard input\nTry 'ctoc-index --help' for more information.\n";
                return exit_usage;
            } else {
                config.inputs = {ctoc::corpus::default_corpus_dir()};
            }
        } catch (...) {
            // A rebuild from the bundled corpus would silently replace the user's documents.
            if (vm.count("rebuild")) {
                std::cerr << "ctoc-index: cannot read which inputs " << config.database
                          << " was built from (it is damaged, or not an index); give them: ctoc-index --rebuild --db "
                          << config.database << " FILES OR DIRECTORIES\n";
                return exit_usage;
            }
            // Not an index ctoc-index can read: the run below says what is wrong with it.
            config.inputs = {ctoc::corpus::default_corpus_dir()};
        }
    }
    if (!include.empty())
        config.scan.include = include;
    config.scan.exclude = exclude;
    config.scan.follow_links = vm.count("follow-links") != 0;
    config.rebuild = vm.count("rebuild") != 0;
    config.threads = threads;
    config.batch_size = static_cast<std::size_t>(batch);
    config.shards = static_cast<std::size_t>(shards);
    const bool verbose = vm.count("verbose") != 0;
    // A terminal that cannot move the cursor (TERM=dumb: Emacs, some CI logs) gets plain lines.
    const char* term = std::getenv("TERM");
    const bool tty = ::isatty(STDERR_FILENO) != 0 && !(term != nullptr && std::string_view(term) == "dumb");
    config.interrupted = [] { return interrupted.load() != 0; };
    catch_interrupts();

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
        try {
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
        } catch (...) {
            // Whatever a stopped run threw (a read cut short, the library's Interrupted):
            // nothing was published.
            if (interrupted.load() != 0)
                return die_interrupted();
            throw;
        }
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
    } catch (const Xapian::DatabaseLockError&) {
        std::cerr << "ctoc-index: " << config.database << " is locked by another writer; wait for it to finish\n";
        return exit_failure;
    } catch (const Xapian::DatabaseVersionError& e) {
        std::cerr << "ctoc-index: " << config.database << " was written by another version of Xapian (" << e.get_msg()
                  << "); rebuild it with: ctoc-index --rebuild --db " << config.database << " [FILES OR DIRECTORIES]\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        // Disk full, permissions: the machine's trouble, a sentence without Xapian's class name.
        std::cerr << "ctoc-index: " << config.database << ": " << e.get_msg()
                  << (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : std::string())
                  << "; the index is unchanged\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-index: " << e.what() << "\n";
        return exit_failure;
    }
}
