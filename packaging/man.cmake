# Makes one manual page from a program's --help and --version (help2man), so that the page
# and the help never disagree. Run by packaging/CMakeLists.txt:
#   cmake -DHELP2MAN=... -DPROGRAM=/path/to/ctoc-search -DNAME="..." -DINCLUDE=file.h2m
#         -DOUTPUT=ctoc-search.1 -P man.cmake
# help2man files "Exit status:" under OPTIONS as a sub-section; it becomes the section man
# pages give it, EXIT STATUS.
execute_process(
    COMMAND "${HELP2MAN}" --no-info --locale=C.UTF-8 --section=1 "--name=${NAME}"
            "--include=${INCLUDE}" "--output=${OUTPUT}.tmp" "${PROGRAM}"
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "help2man failed on ${PROGRAM}")
endif()
file(READ "${OUTPUT}.tmp" page)
string(REPLACE ".SS \"Exit status:\"" ".SH \"EXIT STATUS\"" page "${page}")
# help2man fills the examples as a paragraph, so that a long line wraps mid-command: they become
# a block of unfilled lines, indented, whose '-' are roff's minus (what a shell is given).
set(examples_head ".SH EXAMPLES\n.IP\n")
string(FIND "${page}" "${examples_head}" at)
if(at GREATER -1)
    string(LENGTH "${examples_head}" length)
    string(SUBSTRING "${page}" 0 ${at} head)
    math(EXPR at "${at} + ${length}")
    string(SUBSTRING "${page}" ${at} -1 rest)
    string(FIND "${rest}" "\n.SH " end)
    math(EXPR end "${end} + 1")
    string(SUBSTRING "${rest}" 0 ${end} examples)
    string(SUBSTRING "${rest}" ${end} -1 tail)
    string(REPLACE ".br\n" "" examples "${examples}")
    string(REPLACE "\\f(CW" "" examples "${examples}")
    string(REPLACE "\\fR" "" examples "${examples}")
    string(REPLACE "\\-" "-" examples "${examples}")
    string(REPLACE "-" "\\-" examples "${examples}")
    set(page "${head}.SH EXAMPLES\n.RS 4\n.nf\n${examples}.fi\n.RE\n${tail}")
endif()
file(WRITE "${OUTPUT}" "${page}")
file(REMOVE "${OUTPUT}.tmp")
# Compressed, as Debian installs manual pages (-n: no name or time stamp inside).
execute_process(COMMAND gzip -9n -c "${OUTPUT}" OUTPUT_FILE "${OUTPUT}.gz" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip failed on ${OUTPUT}")
endif()
