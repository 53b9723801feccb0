package dev.atoll.framework.internal;

/**
 * Austin Appleby's MurmurHash3, the two variants Atoll needs: {@code x86_32} for shard numbers and
 * the first 64 bits of {@code x64_128} for positions on the hash ring.
 *
 * <p>Why a hand-written hash instead of {@link String#hashCode()}: placement must be the same on
 * every node and in every JVM run, and must spread similar keys ("user-1", "user-2") evenly. The
 * constants and the mixing steps are those of the public reference implementation; the outputs are
 * checked against its published test vectors in {@code MurmurHash3Test}.
 */
public final class MurmurHash3 {

  private static final int C1_32 = 0xcc9e2d51;
  private static final int C2_32 = 0x1b873593;
  private static final long C1_64 = 0x87c37b91114253d5L;
  private static final long C2_64 = 0x4cf5ad432745937fL;

  private MurmurHash3() {}

  /** MurmurHash3 x86_32 of {@code data} with the given seed. */
  public static int hash32(byte[] data, int seed) {
    int length = data.length;
    int h1 = seed;
    int blocks = length / 4;
    for (int i = 0; i < blocks; i++) {
      int k1 = littleEndianInt(data, i * 4);
      h1 ^= mixK1(k1);
      h1 = Integer.rotateLeft(h1, 13);
      h1 = h1 * 5 + 0xe6546b64;
    }
    int tail = blocks * 4;
    int k1 = 0;
    switch (length & 3) {
      case 3:
        k1 ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        h1 ^= mixK1(k1);
        break;
      default:
        break;
    }
    h1 ^= length;
    return fmix32(h1);
  }

  /** The first (low) 64 bits, {@code h1}, of MurmurHash3 x64_128 of {@code data}. */
  public static long hash64(byte[] data, int seed) {
    return hash128(data, seed)[0];
  }

  /** MurmurHash3 x64_128 of {@code data}: {@code {h1, h2}} as the reference returns them. */
  public static long[] hash128(byte[] data, int seed) {
    int length = data.length;
    long h1 = seed & 0xffffffffL;
    long h2 = seed & 0xffffffffL;
    int blocks = length / 16;
    for (int i = 0; i < blocks; i++) {
      long k1 = littleEndianLong(data, i * 16);
      long k2 = littleEndianLong(data, i * 16 + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks * 16;
    int remaining = length & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = remaining - 1; i >= 8; i--) {
      k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
    }
    if (remaining > 8) {
      h2 ^= mixK2(k2);
    }
    for (int i = Math.min(remaining, 8) - 1; i >= 0; i--) {
      k1 ^= (data[tail + i] & 0xffL) << (i * 8);
    }
    if (remaining > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    return new long[] {h1, h2};
  }

  private static int mixK1(int k1) {
    k1 *= C1_32;
    k1 = Integer.rotateLeft(k1, 15);
    return k1 * C2_32;
  }

  private static long mixK1(long k1) {
    k1 *= C1_64;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2_64;
  }

  private static long mixK2(long k2) {
    k2 *= C2_64;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1_64;
  }

  private static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static int littleEndianInt(byte[] data, int offset) {
    return (data[offset] & 0xff)
        | (data[offset + 1] & 0xff) << 8
        | (data[offset + 2] & 0xff) << 16
        | (data[offset + 3] & 0xff) << 24;
  }

  private static long littleEndianLong(byte[] data, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (data[offset + i] & 0xffL);
    }
    return value;
  }
}
