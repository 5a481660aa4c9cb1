#include "report/stack.hpp"

#include "report/markdown.hpp"

namespace bicepgate::report {
namespace {

// "2 (`sta`, `stb`)": the names only, as the plan lists them; at most five.
std::string listed(const std::vector<std::string>& ids) {
  std::string out = std::to_string(ids.size());
  if (ids.empty()) return out;
  out += " (";
  for (std::size_t i = 0; i < ids.size() && i < 5; ++i) {
    auto [type, name] = azure::type_and_name_of(ids[i]);
    out += (i == 0 ? "" : ", ") + markdown_code(name.empty() ? ids[i] : name);
  }
  return out + (ids.size() > 5 ? ", …)" : ")");
}

}  // namespace

std::string stack_cell(const model::RunSettings& settings, const model::RunRecord& record) {
  if (!settings.target.stack) return {};
  const auto& stack = *settings.target.stack;
  std::string cell = markdown_code(azure::stack_name(settings.target.name)) +
                     ", action-on-unmanage " + azure::to_string(stack.action_on_unmanage) +
                     ", deny settings " + azure::to_string(stack.deny_mode);
  if (settings.stack_delete) cell += ", deleting the stack (input stack-delete)";
  const bool applied = record.stack && (record.stack->succeeded() || settings.stack_delete) &&
                       record.deployment.succeeded();
  if (applied) {
    const auto& s = *record.stack;
    cell += ": " + std::to_string(s.resources.size()) + " managed; deleted " + listed(s.deleted) +
            "; detached " + listed(s.detached);
  } else if (!record.destructive.empty() || !record.unmanaged.empty()) {
    std::vector<std::string> deleted;
    std::vector<std::string> detached;
    for (const auto& d : record.destructive) deleted.push_back(d.resource_id);
    for (const auto& d : record.unmanaged) detached.push_back(d.resource_id);
    cell += ": would delete " + listed(deleted) + "; would detach " + listed(detached);
  }
  return cell;
}

}  // namespace bicepgate::report
