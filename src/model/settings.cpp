#include "model/settings.hpp"

#include "util/strings.hpp"

namespace bicepgate::model {

std::string RunSettings::worded(std::string message) const {
  for (const auto& [phrase, words] : wording) message = util::replace_all(message, phrase, words);
  return message;
}

}  // namespace bicepgate::model
