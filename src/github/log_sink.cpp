#include "github/log_sink.hpp"

#include <spdlog/sinks/base_sink.h>

#include <mutex>

namespace bicepgate::github {
namespace {

class ChannelSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ChannelSink(WorkflowCommands& channel) : channel_(channel) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    channel_.log(std::string(formatted.data(), formatted.size()));
  }
  void flush_() override {}

 private:
  WorkflowCommands& channel_;
};

}  // namespace

std::shared_ptr<spdlog::logger> channel_logger(const std::string& name, WorkflowCommands& channel) {
  return std::make_shared<spdlog::logger>(name, std::make_shared<ChannelSink>(channel));
}

}  // namespace bicepgate::github
