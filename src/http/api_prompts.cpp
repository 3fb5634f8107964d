// Prompts (IVR-11): the tenant's prompt files and the shared ones, uploading a WAV or rendering
// text with espeak-ng into one, listening to one (audio/wav), deleting one that no published flow
// plays. Files live under DATA/prompts (ivr/runtime/prompt_library.hpp); another tenant's prompts
// are simply not found.
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/file_response.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"
#include "ivr/runtime/prompt_files.hpp"
#include "ivr/runtime/prompt_library.hpp"
#include "media/audio/tts.hpp"
#include "media/audio/wav_import.hpp"

namespace hotline::http {
namespace {

nlohmann::json prompt_json(const ivr::PromptFileInfo& p) {
  nlohmann::json out = {{"name", p.name},
                        {"shared", p.shared},
                        {"duration_ms", p.duration_ms},
                        {"size_bytes", p.size_bytes},
                        {"modified_at", p.modified_at}};
  if (!p.shared) out["audio_url"] = "/api/v1/prompts/" + p.name + "/audio";
  return out;
}

ApiResponse list_prompts(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& prompt : ivr::PromptLibrary(deps.data_dir).list(context.principal->tenant_id))
    items.push_back(prompt_json(prompt));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse save_prompt(const ApiDeps& deps, RequestContext& context, const std::string& name,
                        const media::audio::Prompt& audio) {
  ivr::PromptLibrary library(deps.data_dir);
  store::TenantId tenant = context.principal->tenant_id;
  bool existed = library.file(tenant, name).ok();
  auto saved = library.save(tenant, name, audio.samples());
  if (!saved) return error_response(saved.error());
  return json_response(existed ? 200 : 201, prompt_json(*saved));
}

ApiResponse upload_prompt(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  if (auto valid = media::audio::check_audio_file_name(name, "name"); !valid)
    return error_response(valid.error());
  auto audio = media::audio::decode_wav_upload(context.request.body);
  if (!audio) return error_response(audio.error());
  return save_prompt(deps, context, name, **audio);
}

struct SpeechRequest {
  std::string name;
  std::string text;
  std::string language;
};

Result<SpeechRequest> read_speech_request(const ApiRequest& request, std::vector<Error>& all) {
  auto body = object_body(request);
  if (!body) return body.error();
  ErrorList errors;
  ObjectReader reader(*body, "", errors);
  SpeechRequest speech;
  speech.name = reader.string("name", Need::Required).value_or("");
  speech.text = reader.string("text", Need::Required).value_or("");
  speech.language = reader.string("language", Need::Required).value_or("");
  reader.finish();
  if (!speech.name.empty())
    if (auto valid = media::audio::check_audio_file_name(speech.name, "name"); !valid)
      errors.add("name", valid.error().message);
  if (!speech.language.empty() && speech.language != "zh-CN" && speech.language != "en")
    errors.add("language", "language must be zh-CN or en");
  if (errors.empty()) return speech;
  all = errors.take();
  return all.front();
}

ApiResponse speak_prompt(const ApiDeps& deps, RequestContext& context) {
  std::vector<Error> errors;
  auto speech = read_speech_request(context.request, errors);
  if (!errors.empty()) return invalid_input_response(errors);
  if (!speech) return error_response(speech.error());
  media::audio::TextToSpeech tts(deps.data_dir / "speech");
  auto wav = tts.synthesize(speech->text, speech->language);
  if (!wav) return error_response(wav.error());
  auto audio = media::audio::Prompt::load(*wav);
  if (!audio)
    return error_response(
        Error::unavailable("the synthesized speech cannot be read: " + audio.error().message));
  return save_prompt(deps, context, speech->name, **audio);
}

// What a flow naming the file plays: the tenant's prompt, else the shared one of that name.
ApiResponse prompt_audio(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  auto not_found = error_response(Error::not_found("no prompt " + name));
  if (!media::audio::check_audio_file_name(name, "name")) return not_found;
  auto path = ivr::find_prompt(deps.data_dir, context.principal->tenant_id, name);
  if (!path) return not_found;
  return wav_file_response(*path, name);
}

ApiResponse delete_prompt(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  store::TenantId tenant = context.principal->tenant_id;
  ivr::PromptLibrary library(deps.data_dir);
  if (!library.file(tenant, name)) return error_response(Error::not_found("no prompt " + name));
  auto flows = library.flows_using(deps.store, tenant, name);
  if (!flows.empty()) {
    std::string names;
    for (const auto& flow : flows) names += (names.empty() ? "" : ", ") + flow;
    ApiResponse response =
        error_response(Error::conflict("published flows play prompt " + name + ": " + names));
    auto body = nlohmann::json::parse(response.body);
    body["flows"] = flows;
    response.body = body.dump();
    return response;
  }
  if (auto removed = library.remove(tenant, name); !removed) return error_response(removed.error());
  return {204, {}, {}};
}

}  // namespace

void add_prompt_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/prompts", true, "prompts.read",
              [deps](RequestContext& c) { return list_prompts(deps, c); }});
  router.add({"POST", "/api/v1/prompts/tts", true, "prompts.write",
              [deps](RequestContext& c) { return speak_prompt(deps, c); }});
  router.add({"PUT", "/api/v1/prompts/{name}", true, "prompts.write",
              [deps](RequestContext& c) { return upload_prompt(deps, c); }});
  router.add({"DELETE", "/api/v1/prompts/{name}", true, "prompts.write",
              [deps](RequestContext& c) { return delete_prompt(deps, c); }});
  router.add({"GET", "/api/v1/prompts/{name}/audio", true, "prompts.read",
              [deps](RequestContext& c) { return prompt_audio(deps, c); }});
}

}  // namespace hotline::http
