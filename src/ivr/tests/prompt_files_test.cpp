// Prompt files are found in the tenant's folder first, then the shared one; nothing outside the
// prompts folder is reachable through a relative path.
#include "ivr/runtime/prompt_files.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace hotline::ivr {
namespace {

namespace fs = std::filesystem;

class PromptFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "hotline-prompts-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    data = pattern;
  }
  void TearDown() override { fs::remove_all(data); }

  fs::path touch(const fs::path& relative) {
    fs::path path = data / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "RIFF";
    return path;
  }

  fs::path data;
};

TEST_F(PromptFilesTest, TheTenantsOwnPromptComesBeforeTheSharedOne) {
  touch("prompts/welcome.wav");
  fs::path own = touch("prompts/7/welcome.wav");
  EXPECT_EQ(find_prompt(data, 7, "welcome.wav"), own.string());
  EXPECT_EQ(find_prompt(data, 8, "welcome.wav"), (data / "prompts/welcome.wav").string());
}

TEST_F(PromptFilesTest, SubfoldersAndAbsolutePaths) {
  fs::path menu = touch("prompts/7/menus/main.wav");
  EXPECT_EQ(find_prompt(data, 7, "menus/main.wav"), menu.string());
  EXPECT_EQ(find_prompt(data, 8, menu.string()), menu.string());
}

TEST_F(PromptFilesTest, MissingOrEscapingPathsAreUnknown) {
  touch("prompts/7/welcome.wav");
  touch("secret.wav");
  EXPECT_EQ(find_prompt(data, 7, "nope.wav"), std::nullopt);
  EXPECT_EQ(find_prompt(data, 7, "../secret.wav"), std::nullopt);
  EXPECT_EQ(find_prompt(data, 8, "7/../../secret.wav"), std::nullopt);
  EXPECT_EQ(find_prompt(data, 7, ""), std::nullopt);
  EXPECT_EQ(find_prompt(data, 7, "menus"), std::nullopt);  // a folder is no prompt
  EXPECT_EQ(find_prompt(data, 7, (data / "none.wav").string()), std::nullopt);
}

TEST_F(PromptFilesTest, TheResolverIsBoundToItsTenant) {
  fs::path own = touch("prompts/7/hello.wav");
  auto resolve = prompt_resolver(data, 7);
  EXPECT_EQ(resolve("hello.wav"), own.string());
  EXPECT_EQ(prompt_resolver(data, 8)("hello.wav"), std::nullopt);
}

}  // namespace
}  // namespace hotline::ivr
