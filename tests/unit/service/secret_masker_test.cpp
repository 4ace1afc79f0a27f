#include "service/secret_masker.hpp"

#include <gtest/gtest.h>

namespace kiln::service {
namespace {

TEST(SecretMasker, MasksEveryOccurrenceLongestFirst) {
  SecretMasker masker({"abc", "abcdef", ""});
  EXPECT_EQ(masker.mask("x abcdef y abc z abcabc"), "x *** y *** z ******");
  EXPECT_EQ(masker.mask("nothing here"), "nothing here");
}

TEST(SecretMasker, EmptyMaskerLeavesTextAlone) {
  SecretMasker masker({});
  EXPECT_TRUE(masker.empty());
  EXPECT_EQ(masker.mask("abc"), "abc");
}

}  // namespace
}  // namespace kiln::service
