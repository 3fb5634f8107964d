#include "pbx/agent_announcement.hpp"

namespace hotline::pbx {
namespace {

bool is_english(const std::string& language) { return language.starts_with("en"); }

// Digits one by one, separated so that the synthesizer does not read them as one number.
std::string digits_text(std::string_view number, const std::string& language) {
  static constexpr const char* kChinese[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string text;
  for (char c : number) {
    if (c < '0' || c > '9') continue;
    if (!text.empty()) text += ' ';
    text += is_english(language) ? std::string(1, c) : kChinese[c - '0'];
  }
  return text;
}

}  // namespace

media::PlayItemSpec spoken_digits(std::string_view number, const std::string& language) {
  return media::PlayItemSpec::speech(digits_text(number, language), language);
}

media::PlaySpec agent_announcement(std::string_view work_number, const std::string& language) {
  std::string digits = digits_text(work_number, language);
  std::string text =
      is_english(language) ? "Agent number " + digits + " at your service." : "工号 " + digits + " 为您服务";
  media::PlaySpec spec;
  spec.items = {media::PlayItemSpec::speech(text, language)};
  spec.interruptible = false;
  return spec;
}

}  // namespace hotline::pbx
