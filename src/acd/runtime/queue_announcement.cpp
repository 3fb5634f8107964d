#include "acd/runtime/queue_announcement.hpp"

#include <algorithm>

namespace hotline::acd {
namespace {

std::int64_t whole_minutes(std::int64_t ms) { return std::max<std::int64_t>(1, (ms + 59'999) / 60'000); }

std::string english(std::size_t position, std::optional<std::int64_t> wait_ms) {
  std::string text = position <= 1   ? "You are next in line."
                     : position == 2 ? "There is 1 caller ahead of you."
                                     : "There are " + std::to_string(position - 1) + " callers ahead of you.";
  if (wait_ms) {
    auto minutes = whole_minutes(*wait_ms);
    text +=
        " The expected wait is about " + std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes.");
  }
  return text + " Please hold.";
}

std::string chinese(std::size_t position, std::optional<std::int64_t> wait_ms) {
  std::string text =
      position <= 1 ? "您是下一位" : "您前面还有" + std::to_string(position - 1) + "位客户在等候";
  if (wait_ms) text += "，预计等待" + std::to_string(whole_minutes(*wait_ms)) + "分钟";
  return text + "，请稍候。";
}

}  // namespace

std::string queue_position_text(std::size_t position, std::optional<std::int64_t> expected_wait_ms,
                                const std::string& language) {
  return language.starts_with("en") ? english(position, expected_wait_ms)
                                    : chinese(position, expected_wait_ms);
}

}  // namespace hotline::acd
