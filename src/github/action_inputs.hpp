#pragma once
// The inputs bicepgate reads, in one list. Reading a name not listed here is a programming
// error; a test keeps this list and action.yml's inputs equal, both ways.

#include <array>
#include <string_view>

namespace bicepgate::github {

inline constexpr auto kActionInputs = std::to_array<std::string_view>({
    "config",
    "environment",
    "resource-group",
    "management-group-id",
    "location",
    "template",
    "parameters",
    "scope",
    "mode",
    "allow-warnings",
    "allow-deletes",
    "delete-approval-label",
    "plan-only",
    "drift",
    "drift-fails",
    "drift-issue",
    "skip-health",
    "force",
    "parameter-overrides",
    "sarif-file",
    "what-if-noise",
    "bicep-path",
    "max-retries",
    "retry-base-seconds",
    "audit-dir",
    "audit-db",
    "audit-store",
    "audit-store-auth",
    "fix-request-file",
    "max-fix-attempts",
    "github-token",
    "client-id",
    "tenant-id",
    "subscription-id",
    "creds",
    "cloud",
    "audience",
    "create-resource-group",
    "auto-region",
    "timeout-minutes",
    "relogin-minutes",
    "comment-on-pr",
    "dispatch-fix-request",
    "fix-request-event-type",
    "validation-level",
    "what-if-exclude-change-types",
    "masked-outputs",
    "preview-required",
    "rollback-on-failure",
    "type",
    "action-on-unmanage",
    "deny-settings-mode",
    "deny-settings-excluded-principals",
    "deny-settings-excluded-actions",
    "deny-settings-apply-to-child-scopes",
    "stack-delete",
});

}  // namespace bicepgate::github
