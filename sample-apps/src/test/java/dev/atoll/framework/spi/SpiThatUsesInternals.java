package dev.atoll.framework.spi;

import dev.atoll.framework.internal.MurmurHash3;

/** Test fixture that breaks the SPI rule on purpose: an SPI type built on its module's internals. */
public interface SpiThatUsesInternals {
  default int hash(byte[] key) {
    return MurmurHash3.hash32(key, 0);
  }
}
