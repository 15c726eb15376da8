// Reads ctoc-index's command line into an IndexCommand: the help text (the one source of the
// manual page, through help2man), the options and their checks.
#include "index_command.h"

#include <ctoc/corpus/defaults.h>

#include <filesystem>

namespace po = boost::program_options;

namespace ctoc::index::cli {

namespace {

// The help is the one source of the manual page (help2man), so it says everything a user
// needs, within 80 columns.
const char* usage_text =
    "Usage: ctoc-index [OPTION]... [INPUT]...\n"
    "Index PDF, Word (.docx, and Word 97-2003's .doc), OpenDocument (.odt), HTML and\n"
    "text/markdown files, directories (recursively) and JSON Lines files (.jsonl, or\n"
    "- for standard input) into a ctocsearch database.\n"
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
    "image-only (scanned) PDFs, damaged and encrypted .doc files and RTF files are\n"
    "skipped with a warning. A text file is UTF-8, or UTF-16 (Notepad's \"Unicode\",\n"
    "with a byte order mark or not); one that is mostly not UTF-8 (Latin-1)\n"
    "is read as Windows-1252, with a warning. A file or record with a few invalid\n"
    "UTF-8 bytes is repaired (they become U+FFFD) with a warning; a JSON Lines record\n"
    "must be UTF-8. Empty, binary and unreadable files, files over --max-size and\n"
    "malformed JSON lines are skipped with a warning \"path[:line]: warning: reason\".\n"
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

/// "64M", "1G", "1000" -> bytes.
std::uintmax_t parse_size(const std::string& s) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::logic_error&) {
        throw UsageError("bad size '" + s + "' (use e.g. 500K, 64M, 1G)");
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
        throw UsageError("bad size '" + s + "' (use e.g. 500K, 64M, 1G)");
    if (v <= 0)
        throw UsageError("bad size '" + s + "'");
    return static_cast<std::uintmax_t>(v * static_cast<double>(mult));
}

/// The options as typed, before they are checked.
struct Values {
    std::string db;
    std::vector<std::string> include, exclude;
    std::string max_size = "64M";
    unsigned threads = 0;
    long long batch = 100; // signed: "-1" is an error, not 2^64 - 1
    long long shards = 0;
    long long segment = -1; // -1: IndexerConfig's default
};

void add_options(po::options_description& visible, Values& v) {
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&v.db)->value_name("DIR"),
        "database directory (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db)")(
        "rebuild", "build a fresh index beside the live one and swap it in atomically")(
        "checksum",
        "read and hash every file; by default a file whose size and modification time are "
        "those indexed is skipped unread")(
        "include", po::value(&v.include)->composing()->value_name("GLOB"),
        "file-name glob to read from directories (repeatable; default *.txt *.md *.markdown *.text "
        "*.pdf *.docx *.odt *.html *.htm *.xhtml *.doc *.rtf *.jsonl *.ndjson; RTF files are "
        "reported, not read)")("exclude", po::value(&v.exclude)->composing()->value_name("GLOB"),
                               "file-name or path glob to leave out (repeatable)")(
        "follow-links",
        "also read files that symbolic links in the directories point to outside them")(
        "max-size", po::value(&v.max_size)->value_name("SIZE"),
        "skip files and JSON records larger than this (default 64M)")(
        "threads,j", po::value(&v.threads)->value_name("N"),
        "analysis threads (default: one per core)")(
        "batch", po::value(&v.batch)->value_name("N"),
        "documents per commit (default 100; also every 16 MB of text)")(
        "segment", po::value(&v.segment)->value_name("N"),
        "with --rebuild: documents each thread writes to one database before starting another, "
        "all merged at the end (default 5000; also every 24 MB of text; 0: one database a "
        "thread)")(
        "shards", po::value(&v.shards)->value_name("N"),
        "split the index into N shard databases listed by one Xapian stub (serve each with "
        "xapian-tcpsrv); 1 for one database; default: keep the index's layout")(
        "compact", "compact the index (Xapian compaction) and exit")(
        "check", "read and check every table of the index (as xapian-check does) and exit: 0 "
                 "sound, 1 damaged")(
        "stats", "print documents, terms, size on disk, last build and sources, and exit")(
        "verbose,v", "show progress and every warning, even when not on a terminal")(
        "quiet,q", "print only warnings and errors");
}

/// Refuses values out of range; throws UsageError naming the first.
void check(const Values& v, const po::variables_map& vm) {
    if (v.batch < 1 || v.batch > 100'000'000)
        throw UsageError("--batch must be between 1 and 100000000");
    if (vm.count("segment") && (v.segment < 0 || v.segment > 100'000'000))
        throw UsageError("--segment must be between 0 and 100000000");
    if (vm.count("shards") && (v.shards < 1 || v.shards > static_cast<long long>(max_shards)))
        throw UsageError("--shards must be between 1 and " + std::to_string(max_shards));
    if (vm.count("db") && v.db.empty())
        throw UsageError("--db is empty; give the database directory");
    if (v.db.find("://") != std::string::npos)
        throw UsageError("--db " + v.db +
                         ": ctoc-index writes a local index directory; build it "
                         "locally and serve it with xapian-tcpsrv");
    if (v.threads > 256)
        throw UsageError("--threads must be between 0 (one per core) and 256");
}

/// The inputs given, each of which exists: a mistyped name would index the rest, and an
/// incremental run could then remove what the name held, so nothing is done.
std::vector<std::string> existing_inputs(const po::variables_map& vm) {
    auto inputs = vm["input"].as<std::vector<std::string>>();
    for (const auto& input : inputs) {
        std::error_code ec;
        if (input != "-" && !std::filesystem::exists(std::filesystem::symlink_status(input, ec)))
            throw UsageError(input + ": no such file or directory; nothing was indexed");
    }
    return inputs;
}

} // namespace

IndexCommand read_index_command(int argc, const char* const* argv) {
    IndexCommand c;
    Values v;
    corpus::CommandLine command_line(usage_text, epilog_text);
    add_options(command_line.visible, v);
    command_line.positional("input");
    const po::variables_map vm = command_line.read(argc, argv, c);
    if (c.help || c.version)
        return c;
    IndexerConfig& config = c.config;
    config.scan.max_bytes = parse_size(v.max_size);
    check(v, vm);
    config.database = v.db.empty() ? corpus::default_database_path() : v.db;
    c.quiet = vm.count("quiet") != 0;
    c.verbose = vm.count("verbose") != 0;
    c.task = vm.count("stats")     ? IndexCommand::Task::stats
             : vm.count("check")   ? IndexCommand::Task::check
             : vm.count("compact") ? IndexCommand::Task::compact
                                   : IndexCommand::Task::index;
    if (vm.count("input")) {
        c.inputs_given = true;
        config.inputs = existing_inputs(vm);
    }
    if (!v.include.empty())
        config.scan.include = v.include;
    config.scan.exclude = v.exclude;
    config.scan.follow_links = vm.count("follow-links") != 0;
    config.rebuild = vm.count("rebuild") != 0;
    config.checksum = vm.count("checksum") != 0;
    config.threads = v.threads;
    config.batch_size = static_cast<std::size_t>(v.batch);
    if (v.segment >= 0)
        config.segment_size = static_cast<std::size_t>(v.segment);
    config.shards = static_cast<std::size_t>(v.shards);
    return c;
}

} // namespace ctoc::index::cli
