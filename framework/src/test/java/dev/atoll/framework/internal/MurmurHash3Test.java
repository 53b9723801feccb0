package dev.atoll.framework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MurmurHash3 against published test vectors of the reference implementation (SMHasher's
 * MurmurHash3_x86_32 verification values as widely republished, and the x64_128 digest of the
 * "quick brown fox" pangram), then against Guava's independent implementation on random inputs.
 */
class MurmurHash3Test {

  @ParameterizedTest(name = "x86_32(hex {0}, seed {1}) = {2}")
  @CsvSource({
    "'',         00000000, 00000000",
    "'',         00000001, 514e28b7",
    "'',         ffffffff, 81f16f39",
    "00000000,   00000000, 2362f9de",
    "000000,     00000000, 85f0b427",
    "0000,       00000000, 30f4c306",
    "00,         00000000, 514e28b7",
    "ffffffff,   00000000, 76293b50",
    "21436587,   00000000, f55b516b",
    "21436587,   5082edee, 2362f9de",
    "214365,     00000000, 7e4a8634",
    "2143,       00000000, a0f7b07a",
    "21,         00000000, 72661cf4",
  })
  void x86_32MatchesPublishedVectorsForBytes(String hexInput, String hexSeed, String hexExpected) {
    byte[] input = HexFormat.of().parseHex(hexInput);
    int seed = Integer.parseUnsignedInt(hexSeed, 16);
    assertThat(MurmurHash3.hash32(input, seed)).isEqualTo(Integer.parseUnsignedInt(hexExpected, 16));
  }

  @ParameterizedTest(name = "x86_32(\"{0}\", 0x9747b28c) = {1}")
  @CsvSource({
    "a,            7fa09ea6",
    "ab,           74875592",
    "abc,          c84a62dd",
    "abcd,         f0478627",
    "aa,           5d211726",
    "aaa,          283e0130",
    "aaaa,         5a97808a",
    "'Hello, world!', 24884cba",
    "The quick brown fox jumps over the lazy dog, 2fa826cd",
  })
  void x86_32MatchesPublishedVectorsForText(String text, String hexExpected) {
    int seed = 0x9747b28c;
    assertThat(MurmurHash3.hash32(text.getBytes(StandardCharsets.UTF_8), seed))
        .isEqualTo(Integer.parseUnsignedInt(hexExpected, 16));
  }

  @Test
  void x64_128MatchesThePublishedDigestOfThePangram() {
    long[] hash =
        MurmurHash3.hash128(
            "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0);
    // Published digest bytes 6c1b07bc7bbc4be3 47939ac4a93c437a: h1 then h2, each little-endian.
    assertThat(hash[0]).isEqualTo(0xe34bbc7bbc071b6cL);
    assertThat(hash[1]).isEqualTo(0x7a433ca9c49a9347L);
  }

  @Test
  void x64_128OfEmptyInputWithSeedZeroIsZero() {
    assertThat(MurmurHash3.hash128(new byte[0], 0)).containsExactly(0L, 0L);
  }

  @Test
  void agreesWithGuavaOnRandomInputsOfEveryTailLength() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] input = new byte[i % 67];
      random.nextBytes(input);
      // Non-negative seeds only: Guava sign-extends a negative seed into x64_128's 64-bit state,
      // where the reference implementation zero-extends it.
      int seed = random.nextInt() & 0x7fffffff;
      assertThat(MurmurHash3.hash32(input, seed))
          .as("x86_32 of %d bytes", input.length)
          .isEqualTo(Hashing.murmur3_32_fixed(seed).hashBytes(input).asInt());
      assertThat(MurmurHash3.hash64(input, seed))
          .as("x64_128 h1 of %d bytes", input.length)
          .isEqualTo(Hashing.murmur3_128(seed).hashBytes(input).asLong());
    }
  }
}
