#pragma once
// ARM's limits on a deployment stack's denySettings, checked where the config and the inputs
// are read (2024-03-01 DenySettings: "Up to 5 principals are permitted", "Up to 200 actions are
// permitted"; `az stack group create --help` says the same of
// --deny-settings-excluded-principals).

#include <cstddef>

namespace bicepgate::azure {

inline constexpr std::size_t kMaxExcludedPrincipals = 5;
inline constexpr std::size_t kMaxExcludedActions = 200;

}  // namespace bicepgate::azure
