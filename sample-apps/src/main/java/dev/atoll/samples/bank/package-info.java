/**
 * The bank sample: {@link dev.atoll.samples.bank.Account} entities, money moved between them by
 * {@link dev.atoll.samples.bank.Transfer} sagas (debit, credit, compensation; idempotent, resumed
 * after a crash), and {@link dev.atoll.samples.bank.BankHttp}, the JSON API every node serves. It is
 * what {@code bin/atoll node --app bank} runs and what {@code bin/atoll demo} drives.
 */
@NullMarked
package dev.atoll.samples.bank;

import org.jspecify.annotations.NullMarked;
