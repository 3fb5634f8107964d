// Prompts, music on hold and backups through the dispatcher on a real store and data folder:
// uploads are converted and stored, bad audio and bad names are 400 naming the field, another
// tenant's files are 404, a prompt a published flow plays cannot be deleted (409 naming the
// flow), a music upload reloads the class, and a backup is a sound copy of the database.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"
#include "store/database_backup.hpp"

namespace hotline::http {
namespace {

using json = nlohmann::json;
using testing_support::body_of;
namespace fs = std::filesystem;

// A 16-bit WAV file of `hz` at `rate`, in memory.
std::string tone_wav(const fs::path& scratch, double hz, int rate, int channels, double seconds) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  std::string path = (scratch / "tone-upload.wav").string();
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  auto frames = static_cast<std::size_t>(rate * seconds);
  std::vector<short> samples;
  for (std::size_t i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c)
      samples.push_back(
          static_cast<short>(8000 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate)));
  sf_writef_short(file, samples.data(), static_cast<sf_count_t>(frames));
  sf_close(file);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(path);
  return bytes;
}

constexpr const char* kFlowPlayingHello = R"({"name": "greeting", "start": "hello", "nodes": {
  "hello": {"type": "play", "items": [{"type": "file", "path": "hello.wav"}], "next": "bye"},
  "bye": {"type": "hangup"}}})";

class ApiMediaAdminTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                   const std::string& as = "") {
    return dispatcher.handle({method, target, "Bearer " + (as.empty() ? alice_token : as), "", body});
  }

  std::string operator_token() {
    store::User user{
        0,  alice.tenant_id,   "ops", app::hash_password("ops-password"), "platform_operator", "ops",
        {}, rig.clock.now_ms()};
    EXPECT_TRUE(rig.store->users().create(user));
    return rig.login("ops", "ops-password");
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string alice_token = rig.login(alice);
};

TEST_F(ApiMediaAdminTest, AnUploadedPromptIsStoredAt8kHzMonoAndListedBesideTheSharedOnes) {
  fs::create_directories(rig.dir / "prompts" / "common");
  std::ofstream(rig.dir / "prompts" / "common" / "beep.wav", std::ios::binary)
      << tone_wav(rig.dir, 1000, 8000, 1, 0.2);

  ApiResponse put = call("PUT", "/api/v1/prompts/hello.wav", tone_wav(rig.dir, 700, 44100, 2, 1.5));
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_NEAR(body_of(put)["duration_ms"].get<double>(), 1500, 2);  // the resampler's last sample
  EXPECT_EQ(call("PUT", "/api/v1/prompts/hello.wav", tone_wav(rig.dir, 700, 8000, 1, 1.0)).status, 200);

  SF_INFO info{};
  auto stored = rig.dir / "prompts" / std::to_string(alice.tenant_id) / "hello.wav";
  SNDFILE* file = sf_open(stored.c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  sf_close(file);
  EXPECT_EQ(info.samplerate, 8000);
  EXPECT_EQ(info.channels, 1);

  auto items = body_of(call("GET", "/api/v1/prompts"))["items"];
  ASSERT_EQ(items.size(), 2u) << items;
  EXPECT_EQ(items[0]["name"], "hello.wav");
  EXPECT_EQ(items[0]["shared"], false);
  EXPECT_EQ(items[0]["duration_ms"], 1000);
  EXPECT_EQ(items[1]["name"], "common/beep.wav");
  EXPECT_EQ(items[1]["shared"], true);

  ApiResponse audio = call("GET", "/api/v1/prompts/hello.wav/audio");
  ASSERT_EQ(audio.status, 200);
  EXPECT_EQ(audio.body.substr(0, 4), "RIFF");
}

TEST_F(ApiMediaAdminTest, BadAudioAndBadNamesAreRefusedNamingTheField) {
  ApiResponse garbage = call("PUT", "/api/v1/prompts/hello.wav", "this is not a wav");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(body_of(garbage)["error"]["field"], "body");
  for (const char* name : {"..%2Fsecret.wav", "hello.mp3", ".hidden.wav", "a%20b.wav"}) {
    ApiResponse bad =
        call("PUT", std::string("/api/v1/prompts/") + name, tone_wav(rig.dir, 700, 8000, 1, 0.2));
    EXPECT_EQ(bad.status, 400) << name;
    EXPECT_EQ(body_of(bad)["error"]["field"], "name") << name;
  }
  ApiResponse speech =
      call("POST", "/api/v1/prompts/tts", R"({"name": "x.wav", "text": "hi", "language": "fr"})");
  EXPECT_EQ(speech.status, 400);
  EXPECT_EQ(body_of(speech)["error"]["field"], "language");
  ApiResponse bad_class = call("PUT", "/api/v1/moh/a.b/x.wav", tone_wav(rig.dir, 700, 8000, 1, 0.2));
  EXPECT_EQ(body_of(bad_class)["error"]["field"], "class");
  EXPECT_FALSE(fs::exists(rig.dir / "prompts" / std::to_string(alice.tenant_id))) << "nothing was stored";
}

TEST_F(ApiMediaAdminTest, SpeechIsStoredAsAPromptOfPlausibleLength) {
  ApiResponse made =
      call("POST", "/api/v1/prompts/tts",
           R"({"name": "welcome.wav", "text": "您好，欢迎致电服务热线", "language": "zh-CN"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto ms = body_of(made)["duration_ms"].get<std::int64_t>();
  EXPECT_GT(ms, 1000);
  EXPECT_LT(ms, 8000);
  auto path = rig.dir / "prompts" / std::to_string(alice.tenant_id) / "welcome.wav";
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  std::vector<short> samples(static_cast<std::size_t>(info.frames));
  sf_readf_short(file, samples.data(), info.frames);
  sf_close(file);
  double sum = 0;
  for (short s : samples) sum += static_cast<double>(s) * s;
  EXPECT_GT(std::sqrt(sum / static_cast<double>(samples.size())), 300.0) << "speech, not silence";
}

TEST_F(ApiMediaAdminTest, AnotherTenantsPromptsAreNotFound) {
  ASSERT_EQ(call("PUT", "/api/v1/prompts/hello.wav", tone_wav(rig.dir, 700, 8000, 1, 0.5)).status, 201);
  std::string bob_token = rig.login(bob);
  EXPECT_EQ(call("GET", "/api/v1/prompts/hello.wav/audio", "", bob_token).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/prompts/hello.wav", "", bob_token).status, 404);
  EXPECT_TRUE(body_of(call("GET", "/api/v1/prompts", "", bob_token))["items"].empty());
  EXPECT_EQ(call("GET", "/api/v1/prompts/hello.wav/audio").status, 200);
}

TEST_F(ApiMediaAdminTest, APromptAPublishedFlowPlaysIsKeptUntilTheFlowNoLongerPlaysIt) {
  ASSERT_EQ(call("PUT", "/api/v1/prompts/hello.wav", tone_wav(rig.dir, 700, 8000, 1, 0.5)).status, 201);
  ApiResponse created =
      call("POST", "/api/v1/flows",
           json{{"name", "greeting"}, {"definition", json::parse(kFlowPlayingHello)}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string flow = "/api/v1/flows/" + std::to_string(body_of(created)["id"].get<std::int64_t>());
  ApiResponse published = call("POST", flow + "/publish");
  ASSERT_EQ(published.status, 201) << published.body;

  ApiResponse refused = call("DELETE", "/api/v1/prompts/hello.wav");
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(body_of(refused)["flows"], json::array({"greeting"}));

  json silent = json::parse(R"({"name": "greeting", "start": "bye", "nodes": {"bye": {"type": "hangup"}}})");
  ASSERT_EQ(call("POST", flow + "/publish", json{{"definition", silent}}.dump()).status, 201);
  EXPECT_EQ(call("DELETE", "/api/v1/prompts/hello.wav").status, 204);
  EXPECT_EQ(call("GET", "/api/v1/prompts/hello.wav/audio").status, 404);
}

TEST_F(ApiMediaAdminTest, MusicUploadsGoToTheTenantsClassAndReloadIt) {
  ApiResponse put = call("PUT", "/api/v1/moh/jazz/one.wav", tone_wav(rig.dir, 440, 16000, 2, 1.0));
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_TRUE(fs::is_regular_file(rig.dir / "moh" / std::to_string(alice.tenant_id) / "jazz" / "one.wav"));
  EXPECT_EQ(rig.live.music_reloads(), std::vector<std::string>{std::to_string(alice.tenant_id) + "/jazz"});

  auto items = body_of(call("GET", "/api/v1/moh"))["items"];
  ASSERT_EQ(items.size(), 2u) << items;
  EXPECT_EQ(items[0]["name"], "jazz");
  EXPECT_EQ(items[0]["files"][0]["duration_ms"], 1000);
  EXPECT_EQ(items[1]["name"], "default");
  EXPECT_EQ(items[1]["shared"], true);

  std::string bob_token = rig.login(bob);
  EXPECT_EQ(call("GET", "/api/v1/moh/jazz/one.wav/audio", "", bob_token).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/moh/jazz", "", bob_token).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/moh/jazz").status, 409);
  EXPECT_EQ(call("DELETE", "/api/v1/moh/jazz/one.wav").status, 204);
  EXPECT_EQ(rig.live.music_reloads().size(), 2u);
  EXPECT_EQ(call("DELETE", "/api/v1/moh/jazz").status, 204);
}

TEST_F(ApiMediaAdminTest, ABackupIsASoundCopyOfTheDatabaseToDownload) {
  std::string ops = operator_token();
  EXPECT_EQ(call("POST", "/api/v1/system/backups").status, 403)
      << "a tenant admin does not back up the platform";
  ApiResponse made = call("POST", "/api/v1/system/backups", "", ops);
  ASSERT_EQ(made.status, 201) << made.body;
  auto name = body_of(made)["name"].get<std::string>();
  EXPECT_TRUE(store::check_backup(rig.dir / "backups" / name));

  auto listed = body_of(call("GET", "/api/v1/system/backups", "", ops))["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name"], name);
  ApiResponse file = call("GET", listed[0]["download_url"].get<std::string>(), "", ops);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body.substr(0, 15), "SQLite format 3");
  EXPECT_EQ(file.body.size(), listed[0]["size_bytes"].get<std::size_t>());
  EXPECT_EQ(call("GET", "/api/v1/system/backups/hotline.db/file", "", ops).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/system/backups/..%2Fhotline.db/file", "", ops).status, 404);
}

}  // namespace
}  // namespace hotline::http
