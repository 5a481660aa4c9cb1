#pragma once
// Outside text (resource names, property paths, az, ARM and Bicep messages, file names) placed in
// the Markdown that GitHub renders: the job summary and the pull-request comment. Pure.

#include <string>
#include <string_view>

namespace bicepgate::report {

// `text` as inline Markdown that GitHub renders as the same characters: on one line (a line break
// becomes <br>), in a table cell or after a list marker, with no emphasis, link, image, autolink,
// HTML tag or entity, @mention, team mention or issue reference (#1, GH-1, owner/repo#1) made
// from it. Invalid UTF-8 is replaced.
std::string markdown_text(std::string_view text);

// `text` as one code span: a backtick fence longer than any run of backticks inside, padded with
// a space where CommonMark strips one. GitHub makes no link or mention inside code: cmark-gfm's
// autolinks are inline text, and html-pipeline's MentionFilter and IssueMentionFilter say
// "Mentions within <pre>, <code>, and <a> elements are ignored".
std::string markdown_code(std::string_view text);

// The same code span for a GFM table cell, where a `|` would end the cell even inside code.
std::string markdown_code_in_cell(std::string_view text);

}  // namespace bicepgate::report
