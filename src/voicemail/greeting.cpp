#include "voicemail/greeting.hpp"

namespace hotline::voicemail {

std::string default_greeting_text(const std::string& language) {
  if (language == "zh-CN")
    return "您好，您呼叫的用户暂时无法接听。请在提示音后留言，留言完毕请按井号键或挂机。";
  return "The person you are calling is not available. Please leave a message after the tone, then "
         "press the hash key or hang up.";
}

media::PlaySpec greeting_play(const store::VoicemailBox& box, const std::filesystem::path& data_dir) {
  if (box.greeting_file.empty() && box.greeting_text.empty()) return default_greeting_play(box.language);
  media::PlaySpec spec;
  if (!box.greeting_file.empty()) {
    std::filesystem::path file = box.greeting_file;
    spec.items = {media::PlayItemSpec::file((file.is_absolute() ? file : data_dir / file).string())};
  } else {
    spec.items = {media::PlayItemSpec::speech(box.greeting_text, box.language)};
  }
  return spec;
}

media::PlaySpec default_greeting_play(const std::string& language) {
  media::PlaySpec spec;
  spec.items = {media::PlayItemSpec::speech(default_greeting_text(language), language)};
  return spec;
}

media::PlaySpec beep_play() {
  media::PlaySpec spec;
  // A short pause first, so that the beep stands apart from the end of the greeting.
  spec.items = {media::PlayItemSpec::silence(300), media::PlayItemSpec::tone("beep")};
  spec.interruptible = false;
  return spec;
}

}  // namespace hotline::voicemail
