#include "registry/ed25519_keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sources/scratch_folder.hpp"

namespace kiln::registry {
namespace {

TEST(Ed25519Keys, SignsAndVerifiesWithTheKeyPair) {
  ScratchFolder dir("kiln-keys-test");
  const auto key = dir.path() / "key";
  ASSERT_TRUE(generate_key_pair(key));
  struct stat st {};
  ASSERT_EQ(stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto pub = read_public_key((dir.path() / "key.pub").string());
  ASSERT_TRUE(pub) << pub.error().message;
  auto signature = sign_bytes("package bytes", key);
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_TRUE(verify_signature("package bytes", *signature, *pub));
  EXPECT_FALSE(verify_signature("package bytes!", *signature, *pub));
  EXPECT_FALSE(verify_signature("package bytes", "not base64", *pub));
  // A key read from its one-line form is the same key.
  EXPECT_EQ(*read_public_key(*pub), *pub);
}

TEST(Ed25519Keys, AnotherKeyDoesNotVerify) {
  ScratchFolder dir("kiln-keys-test");
  ASSERT_TRUE(generate_key_pair(dir.path() / "a"));
  ASSERT_TRUE(generate_key_pair(dir.path() / "b"));
  auto signature = sign_bytes("x", dir.path() / "a");
  auto other = read_public_key((dir.path() / "b.pub").string());
  ASSERT_TRUE(signature && other);
  EXPECT_FALSE(verify_signature("x", *signature, *other));
}

TEST(Ed25519Keys, NeverOverwritesAKey) {
  ScratchFolder dir("kiln-keys-test");
  ASSERT_TRUE(generate_key_pair(dir.path() / "k"));
  auto again = generate_key_pair(dir.path() / "k");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("does not overwrite"), std::string::npos);
  EXPECT_FALSE(read_public_key("MCowBQYDK2VwAyEAnotakey"));
}

}  // namespace
}  // namespace kiln::registry
