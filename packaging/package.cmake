# The Debian package: `cpack -G DEB` in the build directory makes ctocsearch_VERSION_ARCH.deb
# of what `cmake --install` installs, under /usr. Its shared-library dependencies are read from
# the programs by dpkg-shlibdeps (dpkg-dev), so that they are right whatever the build links;
# `./build.sh package` makes it, installs it with apt-get and runs the installed programs
# (packaging/test-package.sh).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ctocsearch)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "ctocsearch")
set(CPACK_PACKAGE_CONTACT "ctocsearch developers <ctocsearch@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search for the French CTOC/COP documents")
# The long description, under the summary line; CPack indents it and writes the empty line as " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Full-text search for the French documents of the Conference of the Parties to
the United Nations Convention against Transnational Organized Crime and its
working groups: by French words (accents, inflections and elisions optional),
UN document symbol, resolution or decision, date and working group.

ctoc-index indexes PDF, Word, OpenDocument, HTML, text and JSON Lines files;
ctoc-search searches from the command line and scripts (text, JSON Lines,
CSV); ctoc-serve serves the index as a local web page and JSON API. A small
corpus of CTOC/COP documents is included.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# xapian-tcpsrv serves shards to ctoc-search; the pages and completions are read by these.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xapian-tools, man-db, bash-completion")
# The programs are built with debugging information: the package carries them stripped.
set(CPACK_STRIP_FILES ON)
include(CPack)
