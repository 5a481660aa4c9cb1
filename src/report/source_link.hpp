#pragma once
// A link from a report to one line of the repository, at the commit the reader reviews: a pull
// request's head (the run itself checks out the merge commit, which the reader never sees),
// else the commit the run is for (GITHUB_SHA). Pure.

#include <string>
#include <string_view>

#include "github/event_context.hpp"

namespace bicepgate::report {

// https://github.com/OWNER/REPO/blob/<sha>/<path>#L<line>, each path segment percent-encoded;
// empty when the repository or commit is unknown (a laptop), the line is not positive, or the
// path is not a plain workspace-relative one.
std::string source_line_url(const github::EventContext& event, std::string_view path, int line);

// `path:line` as a code span (for a table cell when `in_cell`), linked to source_line_url when
// there is one.
std::string source_line_markdown(const github::EventContext& event, std::string_view path, int line,
                                 bool in_cell);

}  // namespace bicepgate::report
