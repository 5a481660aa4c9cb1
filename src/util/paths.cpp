#include "util/paths.hpp"

namespace bicepgate::util {
namespace {

bool is_within(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

std::string list_roots(const std::vector<AllowedRoot>& roots) {
  std::string out;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (i > 0) out += i + 1 == roots.size() ? " or " : ", ";
    out += roots[i].name + " (" + roots[i].path.string() + ")";
  }
  return out;
}

}  // namespace

Result<std::filesystem::path> contained_path(const std::string& value,
                                             const std::vector<AllowedRoot>& roots,
                                             const std::string& what) {
  if (roots.empty()) return fail(what + ": no folder to resolve it in", "path.outside");
  if (value.find('\0') != std::string::npos)
    return fail(what + " holds a NUL character, expected a path", "path.invalid");
  const std::filesystem::path given(value);
  const auto joined = (given.is_absolute() ? given : roots.front().path / given).lexically_normal();
  std::error_code ec;
  // Every link that exists on the way is followed, the last component's too: a committed
  // symbolic link is content a contributor chose, and its target is what would be read or
  // written.
  const auto resolved = std::filesystem::weakly_canonical(joined, ec);
  if (ec)
    return fail(what + " '" + value + "' cannot be resolved: " + ec.message(), "path.invalid");
  bool named_inside = false;
  for (const auto& root : roots) {
    std::error_code root_ec;
    auto real_root = std::filesystem::weakly_canonical(root.path, root_ec);
    if (root_ec) continue;
    if (is_within(resolved, real_root)) {
      if (is_within(joined, root.path.lexically_normal()) || is_within(joined, real_root))
        return resolved;
    }
    for (const auto& other : roots) {
      named_inside = named_inside || is_within(joined, other.path.lexically_normal());
    }
  }
  if (named_inside) {
    return fail(what + " '" + value + "' leads through a symbolic link to " + resolved.string() +
                    "; expected a path that stays inside " + list_roots(roots),
                "path.outside");
  }
  return fail(
      what + " '" + value + "' is outside " + list_roots(roots) + "; expected a path inside " +
          (roots.size() > 1 ? "one of them" : "it") +
          (given.is_absolute() ? "" : " (relative paths start at " + roots.front().name + ")"),
      "path.outside");
}

}  // namespace bicepgate::util
