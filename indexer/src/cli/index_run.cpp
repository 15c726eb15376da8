// Runs a ctoc-index command: an index run (inputs given, or those the index was built from),
// or --stats, --check, --compact; Ctrl-C stops a run before it publishes anything; every
// failure becomes one sentence and an exit status.
#include "index_command.h"

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/defaults.h>
#include <ctoc/index/database.h>

#include <xapian.h>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <iostream>

namespace ctoc::index::cli {

namespace {

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

/// Without inputs, as recollindex re-scans its top directories: the inputs the index was built
/// from; a new index gets the bundled corpus. Returns exit_ok, or a usage status after saying why.
int choose_inputs(IndexCommand& c) {
    IndexerConfig& config = c.config;
    try {
        std::vector<std::string> recorded = recorded_sources(config.database);
        const bool had_stdin = std::erase(recorded, "-") > 0;
        if (!recorded.empty()) {
            config.inputs = recorded;
            if (!c.quiet) {
                std::cerr << "ctoc-index: no input given: re-scanning what " << config.database
                          << " was built from:";
                for (const auto& input : recorded)
                    std::cerr << " " << input;
                std::cerr << (had_stdin ? " (not standard input, which cannot be read again)" : "")
                          << "\n";
            }
        } else if (had_stdin) {
            std::cerr
                << "ctoc-index: " << config.database
                << " was built from standard input only, which cannot be read again: give the "
                   "inputs, "
                   "or - to read standard input\nTry 'ctoc-index --help' for more information.\n";
            return exit_usage;
        } else {
            config.inputs = {corpus::default_corpus_dir()};
        }
    } catch (...) {
        // A rebuild from the bundled corpus would silently replace the user's documents.
        if (config.rebuild) {
            std::cerr << "ctoc-index: cannot read which inputs " << config.database
                      << " was built from (it is damaged, or not an index); give them: ctoc-index "
                         "--rebuild --db "
                      << config.database << " FILES OR DIRECTORIES\n";
            return exit_usage;
        }
        // Not an index ctoc-index can read: the run says what is wrong with it.
        config.inputs = {corpus::default_corpus_dir()};
    }
    return exit_ok;
}

/// --stats: the database's generation, shards, documents, terms, size, last build, sources.
void print_stats(const std::string& database) {
    const auto s = database_stats(database);
    std::string sources = s.sources;
    for (std::size_t at = sources.find('\n'); at != std::string::npos;
         at = sources.find('\n', at + 1))
        sources.insert(at + 1, 13, ' ');
    std::cout << "database:    " << database << "\n"
              << "generation:  " << s.generation << "\n";
    for (std::size_t k = 0; k < s.shards.size(); ++k)
        std::cout << (k == 0 ? "shards:      " : "             ") << s.shards[k] << "\n";
    std::cout << "documents:   " << s.documents << "\n"
              << "terms:       " << s.terms << "\n"
              << "disk bytes:  " << s.disk_bytes << "\n"
              << "last build:  " << s.last_build << "\n"
              << "sources:     " << sources << "\n";
}

/// The line that ends a run: documents, what changed, time and speed.
void print_summary(const IndexSummary& s, const std::string& database) {
    const std::size_t processed = s.added + s.updated + s.unchanged;
    std::fprintf(
        stderr,
        "ctoc-index: %zu documents in %s (%zu added, %zu updated, %zu unchanged, "
        "%zu removed, "
        "%zu failed%s) in %.2f s, %.0f documents/s%s\n",
        s.documents, database.c_str(), s.added, s.updated, s.unchanged, s.removed, s.failed,
        s.bad_dates == 0
            ? ""
            : (", " + std::to_string(s.bad_dates) + (s.bad_dates == 1 ? " bad date" : " bad dates"))
                  .c_str(),
        s.seconds, s.seconds > 0 ? static_cast<double>(processed) / s.seconds : 0.0,
        s.rebuilt ? ", new index swapped in" : "");
}

/// An index run: progress on a terminal (tty) or with --verbose, warnings as they come, the
/// summary; exit_partial when some inputs were skipped or had a bad date.
int index(const IndexCommand& c, bool tty) {
    // Warnings can come from analysis threads while the reader thread draws the bar.
    std::atomic<bool> progress_shown{false};
    double last_line = 0;
    std::function<void(const Progress&)> progress;
    if ((tty || c.verbose) && !c.quiet) {
        progress = [&](const Progress& p) {
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
    const auto sink = [&](const corpus::Diagnostic& d) {
        if (progress_shown) {
            std::fputs("\r\033[K", stderr);
        }
        std::cerr << analysis::terminal_text(d.to_string()) << "\n";
    };
    try {
        const auto s = run_indexer(c.config, sink, progress);
        if (progress_shown)
            std::fputs("\r\033[K", stderr);
        if (!c.quiet)
            print_summary(s, c.config.database);
        return s.failed > 0 || s.bad_dates > 0 ? exit_partial : exit_ok;
    } catch (...) {
        // Whatever a stopped run threw (a read cut short, the library's Interrupted):
        // nothing was published.
        if (interrupted.load() != 0)
            return die_interrupted();
        throw;
    }
}

/// The task the command asks for: --stats, --check, --compact or an index run.
int run_task(const IndexCommand& c, bool tty) {
    switch (c.task) {
    case IndexCommand::Task::stats:
        print_stats(c.config.database);
        return exit_ok;
    case IndexCommand::Task::check:
        std::cout << c.config.database << ": " << check_database(c.config.database) << "\n";
        return exit_ok;
    case IndexCommand::Task::compact:
        compact_database(c.config.database);
        if (!c.quiet)
            std::cerr << "ctoc-index: compacted " << c.config.database << "\n";
        return exit_ok;
    case IndexCommand::Task::index:
        break;
    }
    return index(c, tty);
}

/// Says, in one sentence, why the task on database failed (the exception being handled);
/// returns exit_failure.
int failed(const std::string& database) {
    try {
        throw;
    } catch (const LockedError& e) {
        std::cerr << "ctoc-index: " << e.what() << "\n";
    } catch (const Xapian::DatabaseNotFoundError&) {
        std::cerr << "ctoc-index: no index at " << database
                  << "; build it first with: ctoc-index --db " << database << "\n";
    } catch (const Xapian::DatabaseCorruptError& e) {
        std::cerr << "ctoc-index: " << database << ": the index is damaged (" << e.get_msg()
                  << "); rebuild it with: ctoc-index --rebuild --db " << database
                  << " [FILES OR DIRECTORIES]\n";
    } catch (const Xapian::DatabaseLockError&) {
        std::cerr << "ctoc-index: " << database
                  << " is locked by another writer; wait for it to finish\n";
    } catch (const Xapian::DatabaseVersionError& e) {
        std::cerr << "ctoc-index: " << database << " was written by another version of Xapian ("
                  << e.get_msg() << "); rebuild it with: ctoc-index --rebuild --db " << database
                  << " [FILES OR DIRECTORIES]\n";
    } catch (const Xapian::Error& e) {
        // Disk full, permissions: the machine's trouble, a sentence without Xapian's class name.
        std::cerr << "ctoc-index: " << database << ": " << e.get_msg()
                  << (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")"
                                           : std::string())
                  << "; the index is unchanged\n";
    } catch (const std::exception& e) {
        std::cerr << "ctoc-index: " << e.what() << "\n";
    }
    return exit_failure;
}

} // namespace

int run_index_command(IndexCommand c) {
    if (!c.inputs_given && c.task == IndexCommand::Task::index)
        if (const int status = choose_inputs(c); status != exit_ok)
            return status;
    // A terminal that cannot move the cursor (TERM=dumb: Emacs, some CI logs) gets plain lines.
    const char* term = std::getenv("TERM");
    const bool tty =
        ::isatty(STDERR_FILENO) != 0 && !(term != nullptr && std::string_view(term) == "dumb");
    c.config.interrupted = [] { return interrupted.load() != 0; };
    catch_interrupts();
    try {
        return run_task(c, tty);
    } catch (...) {
        return failed(c.config.database);
    }
}

} // namespace ctoc::index::cli
