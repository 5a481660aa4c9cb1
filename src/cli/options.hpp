#pragma once
// The command line's own words: option values checked with a did-you-mean, and the phrases of
// pipeline messages that name action inputs, in the flags `bicepgate deploy` takes instead.

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bicepgate::cli {

// Pure. Empty when `value` is one of `allowed`; else what was given, what is allowed, and the
// nearest allowed value: "'incremantal' is not one of Incremental, Complete (did you mean
// 'Incremental'?)".
std::string check_one_of(const std::string& value, const std::vector<std::string>& allowed);
// check_one_of as a CLI11 check (CLI11 prefixes the option's name).
CLI::Validator one_of(std::vector<std::string> allowed);

// Whether text for the terminal at `fd` gets colours: only a terminal, and never when NO_COLOR
// is set to anything but "" (no-color.org) or TERM is "dumb". `choice` is --color's value:
// auto decides so; always and never decide alone.
bool wants_colour(const std::map<std::string, std::string>& env, int fd,
                  const std::string& choice = "auto");

// For `bicepgate deploy`: each phrase naming an action input, and the flag that does the same.
const std::vector<std::pair<std::string, std::string>>& deploy_flag_wording();

}  // namespace bicepgate::cli
