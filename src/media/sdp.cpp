// SDP parsing and the relay rewrite. The input is split once into lines (LF or CRLF) and media
// sections; both entry points work on that index so they agree on which audio stream is relayed.
#include "media/sdp.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace hotline::media {
namespace {

constexpr int kPayloadPcmu = 0;
constexpr int kPayloadPcma = 8;
constexpr int kPayloadG722 = 9;

bool is_telephone_event_8000(std::string_view rtpmap_line);
std::string address_type(const std::string& ip);

// Lines of an SDP body without their endings; `sections` holds the index of every m= line.
struct SdpIndex {
  std::vector<std::string_view> lines;
  std::vector<std::size_t> sections;

  std::size_t section_end(std::size_t section) const {
    return section + 1 < sections.size() ? sections[section + 1] : lines.size();
  }
  std::size_t session_end() const { return sections.empty() ? lines.size() : sections.front(); }
};

SdpIndex index_sdp(std::string_view sdp) {
  SdpIndex index;
  while (!sdp.empty()) {
    std::size_t eol = sdp.find('\n');
    std::string_view line = sdp.substr(0, eol);
    sdp = eol == std::string_view::npos ? std::string_view{} : sdp.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2 || line[1] != '=') continue;
    if (line[0] == 'm') index.sections.push_back(index.lines.size());
    index.lines.push_back(line);
  }
  return index;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t start = text.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    std::size_t end = std::min(text.find(' ', start), text.size());
    words.push_back(text.substr(start, end - start));
    pos = end;
  }
  return words;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

struct MediaLine {
  std::string_view media;  // audio, video, ...
  std::string_view port;   // without a "/count" suffix
  std::string_view proto;
  std::vector<std::string_view> formats;
};

std::optional<MediaLine> parse_media_line(std::string_view line) {
  auto words = split_words(line.substr(2));
  if (words.size() < 3) return std::nullopt;
  MediaLine media{words[0], words[1].substr(0, words[1].find('/')), words[2], {}};
  media.formats.assign(words.begin() + 3, words.end());
  return media;
}

// "a=name:value" or "a=name" → name.
std::string_view attribute_name(std::string_view line) {
  std::string_view body = line.substr(2);
  return body.substr(0, body.find(':'));
}

std::string_view attribute_value(std::string_view line) {
  std::size_t colon = line.find(':');
  return colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
}

// The payload type an a=rtpmap/fmtp/rtcp-fb line is about, if it is one of those.
std::optional<int> attribute_payload_type(std::string_view line) {
  std::string_view name = attribute_name(line);
  if (name != "rtpmap" && name != "fmtp" && name != "rtcp-fb") return std::nullopt;
  std::string_view value = attribute_value(line);
  return to_int(value.substr(0, value.find(' ')));
}

bool is_direction(std::string_view name) {
  return name == "sendrecv" || name == "sendonly" || name == "recvonly" || name == "inactive";
}

// "c=IN IP4 192.0.2.1/127" → "192.0.2.1".
std::optional<std::string_view> connection_address(std::string_view line) {
  auto words = split_words(line.substr(2));
  if (words.size() < 3) return std::nullopt;
  return words[2].substr(0, words[2].find('/'));
}

std::optional<std::string_view> find_line(const SdpIndex& index, std::size_t begin, std::size_t end,
                                          char type) {
  for (std::size_t i = begin; i < end; ++i) {
    if (index.lines[i][0] == type) return index.lines[i];
  }
  return std::nullopt;
}

std::optional<std::string_view> find_direction(const SdpIndex& index, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    std::string_view line = index.lines[i];
    if (line[0] == 'a' && is_direction(attribute_name(line))) return attribute_name(line);
  }
  return std::nullopt;
}

// The audio section the relay anchors: the first audio m= line with a non-zero port, else the
// first audio m= line (a rejected stream). Returns an index into `sections`.
std::optional<std::size_t> relayed_audio_section(const SdpIndex& index) {
  std::optional<std::size_t> first_audio;
  for (std::size_t s = 0; s < index.sections.size(); ++s) {
    auto media = parse_media_line(index.lines[index.sections[s]]);
    if (!media || media->media != "audio") continue;
    if (!first_audio) first_audio = s;
    if (media->port != "0") return s;
  }
  return first_audio;
}

Result<std::vector<int>> payload_types_of(const MediaLine& media) {
  std::vector<int> types;
  for (std::string_view format : media.formats) {
    auto pt = to_int(format);
    if (!pt || *pt < 0 || *pt > 127) {
      return Error::invalid("sdp", "audio m= line has a bad payload type '" + std::string(format) + "'");
    }
    types.push_back(*pt);
  }
  return types;
}

}  // namespace

Result<SdpAudio> parse_sdp_audio(std::string_view sdp) {
  SdpIndex index = index_sdp(sdp);
  auto section = relayed_audio_section(index);
  if (!section) return Error::invalid("sdp", "no audio m= line");
  std::size_t begin = index.sections[*section];
  std::size_t end = index.section_end(*section);

  auto media = parse_media_line(index.lines[begin]);
  auto port = to_int(media->port);
  if (!port || *port < 0 || *port > 65535) return Error::invalid("sdp", "audio m= line has a bad port");
  auto types = payload_types_of(*media);
  if (!types) return types.error();

  auto connection = find_line(index, begin, end, 'c');
  if (!connection) connection = find_line(index, 0, index.session_end(), 'c');
  auto address = connection ? connection_address(*connection) : std::nullopt;
  if (!address) return Error::invalid("sdp", "no c= address for the audio stream");

  auto direction = find_direction(index, begin, end);
  if (!direction) direction = find_direction(index, 0, index.session_end());

  SdpAudio audio;
  audio.connection_ip = std::string(*address);
  audio.port = static_cast<std::uint16_t>(*port);
  audio.payload_types = std::move(*types);
  audio.direction = std::string(direction.value_or("sendrecv"));
  for (std::size_t i = begin + 1; i < end; ++i) {
    std::string_view line = index.lines[i];
    if (line[0] == 'a' && attribute_name(line) == "rtpmap" && is_telephone_event_8000(line)) {
      audio.telephone_event_pt = attribute_payload_type(line).value_or(-1);
      break;
    }
  }
  return audio;
}

namespace {

// Attributes that describe transports the plain-RTP relay does not offer: ICE, SRTP/DTLS keys, an
// RTCP port other than port+1, or RTP/RTCP multiplexing.
bool is_dropped_attribute(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kDropped = {
      "rtcp",   "rtcp-mux",    "candidate", "remote-candidates", "end-of-candidates",
      "crypto", "fingerprint", "setup",     "connection",        "tls-id"};
  if (name.starts_with("ice-")) return true;
  return std::find(kDropped.begin(), kDropped.end(), name) != kDropped.end();
}

bool is_telephone_event_8000(std::string_view rtpmap_line) {
  std::string_view value = attribute_value(rtpmap_line);
  std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view encoding = value.substr(space + 1);  // telephone-event/8000[/channels]
  std::size_t slash = encoding.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view rate = encoding.substr(slash + 1);
  rate = rate.substr(0, rate.find('/'));
  return iequals(encoding.substr(0, slash), "telephone-event") && rate == "8000";
}

}  // namespace

bool is_audio_codec(int payload_type) {
  return payload_type == kPayloadPcmu || payload_type == kPayloadPcma || payload_type == kPayloadG722;
}

namespace {

bool is_kept(const std::vector<int>& kept, int pt) {
  return std::find(kept.begin(), kept.end(), pt) != kept.end();
}

// PCMU, PCMA and G.722 (static, rtpmap optional) and telephone-event/8000 under any payload number.
Result<std::vector<int>> kept_payload_types(const SdpIndex& index, std::size_t section) {
  std::size_t begin = index.sections[section];
  auto offered = payload_types_of(*parse_media_line(index.lines[begin]));
  if (!offered) return offered.error();
  std::vector<int> kept;
  bool has_voice_codec = false;
  for (int pt : *offered) {
    bool keep = is_audio_codec(pt);
    has_voice_codec = has_voice_codec || keep;
    for (std::size_t i = begin + 1; !keep && i < index.section_end(section); ++i) {
      std::string_view line = index.lines[i];
      keep = line[0] == 'a' && attribute_name(line) == "rtpmap" && attribute_payload_type(line) == pt &&
             is_telephone_event_8000(line);
    }
    if (keep && !is_kept(kept, pt)) kept.push_back(pt);
  }
  if (!has_voice_codec) {
    return Error::invalid("sdp", "no supported audio codec offered (PCMU, PCMA or G722)");
  }
  return kept;
}

std::string_view plain_rtp_profile(std::string_view proto) {
  if (proto == "RTP/SAVP" || proto == "UDP/TLS/RTP/SAVP") return "RTP/AVP";
  if (proto == "RTP/SAVPF" || proto == "UDP/TLS/RTP/SAVPF") return "RTP/AVPF";
  return proto;
}

std::string address_type(const std::string& ip) { return ip.find(':') == std::string::npos ? "IP4" : "IP6"; }

Result<std::string> rewrite_origin(std::string_view line, const std::string& ip) {
  auto words = split_words(line.substr(2));
  if (words.size() < 6) return Error::invalid("sdp", "malformed o= line");
  std::string out = "o=";
  for (std::size_t i = 0; i < 3; ++i) out.append(words[i]).append(" ");
  out.append(words[3]).append(" ").append(address_type(ip)).append(" ").append(ip);
  return out;
}

std::string rewrite_media_line(const MediaLine& media, std::uint16_t port, const std::vector<int>& kept) {
  std::string out = "m=";
  out.append(media.media).append(" ").append(media.port == "0" ? "0" : std::to_string(port));
  out.append(" ").append(plain_rtp_profile(media.proto));
  for (int pt : kept) out.append(" ").append(std::to_string(pt));
  return out;
}

std::string reject_media_line(const MediaLine& media) {
  std::string out = "m=";
  out.append(media.media).append(" 0 ").append(media.proto);
  for (std::string_view format : media.formats) out.append(" ").append(format);
  return out;
}

// Whether an a= line survives in the section it belongs to.
bool keep_attribute(std::string_view line, bool relayed_section, const std::vector<int>& kept) {
  if (is_dropped_attribute(attribute_name(line))) return false;
  if (!relayed_section) return true;
  auto pt = attribute_payload_type(line);
  return !pt || is_kept(kept, *pt);
}

}  // namespace

Result<std::string> rewrite_sdp_for_relay(std::string_view sdp, const std::string& ip, std::uint16_t port) {
  SdpIndex index = index_sdp(sdp);
  auto relayed = relayed_audio_section(index);
  if (!relayed) return Error::invalid("sdp", "no audio m= line");
  auto kept = kept_payload_types(index, *relayed);
  if (!kept) return kept.error();

  std::string out;
  out.reserve(sdp.size() + 64);
  std::optional<std::size_t> section;  // none yet: session level
  for (std::string_view line : index.lines) {
    if (line[0] == 'm') section = section ? *section + 1 : 0;
    bool relayed_section = section == relayed;
    if (line[0] == 'o') {
      auto origin = rewrite_origin(line, ip);
      if (!origin) return origin.error();
      out.append(*origin);
    } else if (line[0] == 'c') {
      out.append("c=IN ").append(address_type(ip)).append(" ").append(ip);
    } else if (line[0] == 'm') {
      auto media = parse_media_line(line);
      if (!media) return Error::invalid("sdp", "malformed m= line");
      out.append(relayed_section ? rewrite_media_line(*media, port, *kept) : reject_media_line(*media));
    } else if (line[0] != 'a' || keep_attribute(line, relayed_section, *kept)) {
      out.append(line);
    } else {
      continue;
    }
    out.append("\r\n");
  }
  return out;
}

Result<std::string> with_direction(std::string_view sdp, std::string_view direction) {
  if (!is_direction(direction))
    return Error::invalid("direction", "not an SDP direction: " + std::string(direction));
  SdpIndex index = index_sdp(sdp);
  auto audio = relayed_audio_section(index);
  if (!audio) return Error::invalid("sdp", "no audio m= line");
  std::string out;
  out.reserve(sdp.size() + 32);
  std::optional<std::size_t> section;
  auto close_audio_section = [&] { out.append("a=").append(direction).append("\r\n"); };
  for (std::string_view line : index.lines) {
    if (line[0] == 'm') {
      if (section == audio) close_audio_section();
      section = section ? *section + 1 : 0;
    }
    if (line[0] == 'a' && is_direction(attribute_name(line))) continue;
    if (line[0] == 'o') {
      auto words = split_words(line.substr(2));
      if (words.size() < 6) return Error::invalid("sdp", "malformed o= line");
      // A changed SDP carries a higher version (RFC 3264 §8).
      auto version = std::strtoull(std::string(words[2]).c_str(), nullptr, 10) + 1;
      out.append("o=").append(words[0]).append(" ").append(words[1]).append(" ").append(
          std::to_string(version));
      for (std::size_t i = 3; i < words.size(); ++i) out.append(" ").append(words[i]);
    } else {
      out.append(line);
    }
    out.append("\r\n");
  }
  if (section == audio) close_audio_section();
  return out;
}

Result<LocalAudio> choose_local_audio(std::string_view offer) {
  auto audio = parse_sdp_audio(offer);
  if (!audio) return audio.error();
  for (int pt : audio->payload_types) {
    if (is_audio_codec(pt)) return LocalAudio{pt, audio->telephone_event_pt, "sendrecv"};
  }
  return Error::invalid("sdp", "no supported audio codec offered (PCMU, PCMA or G.722)");
}

namespace {

// An SDP body for the voice payload types `voice` (PCMU, PCMA, G.722) and, unless -1,
// telephone-event at `telephone_event_pt`.
std::string sdp_body(const std::string& ip, std::uint16_t port, const std::vector<int>& voice,
                     int telephone_event_pt, const std::string& direction, std::uint64_t session_id,
                     std::uint64_t version) {
  static constexpr std::array<const char*, 10> kNames = {"PCMU", "", "", "", "", "", "", "", "PCMA", "G722"};
  std::string type = address_type(ip);
  std::string out = "v=0\r\no=hotline " + std::to_string(session_id) + " " + std::to_string(version) +
                    " IN " + type + " " + ip + "\r\ns=hotline\r\nc=IN " + type + " " + ip +
                    "\r\nt=0 0\r\nm=audio " + std::to_string(port) + " RTP/AVP";
  for (int pt : voice) out += " " + std::to_string(pt);
  if (telephone_event_pt >= 0) out += " " + std::to_string(telephone_event_pt);
  out += "\r\n";
  for (int pt : voice) {
    const char* name = pt >= 0 && pt < 10 ? kNames[pt] : "";
    out += "a=rtpmap:" + std::to_string(pt) + " " + name + "/8000\r\n";
  }
  if (telephone_event_pt >= 0) {
    std::string te = std::to_string(telephone_event_pt);
    out += "a=rtpmap:" + te + " telephone-event/8000\r\na=fmtp:" + te + " 0-15\r\n";
  }
  out += "a=ptime:20\r\na=" + direction + "\r\n";
  return out;
}

}  // namespace

std::string local_sdp(const std::string& ip, std::uint16_t port, const LocalAudio& audio,
                      std::uint64_t session_id, std::uint64_t version) {
  return sdp_body(ip, port, {audio.payload_type}, audio.telephone_event_pt, audio.direction, session_id,
                  version);
}

std::string local_offer(const std::string& ip, std::uint16_t port, std::uint64_t session_id) {
  return sdp_body(ip, port, {kPayloadPcmu, kPayloadPcma}, 101, "sendrecv", session_id, 1);
}

}  // namespace hotline::media
