/**
 * The {@code bin/atoll} command line (picocli): {@code atoll node} starts one node, {@code atoll
 * demo} runs the bank sample on local node JVMs through a crash ({@code DemoCommand}, with
 * {@code DemoNodes}, {@code BankClient}, {@code TransferDriver} and {@code BankInvariant}), {@code
 * atoll chaos} a seeded soak of a ledger cluster under faults.
 */
@NullMarked
package dev.atoll.samples.launcher;

import org.jspecify.annotations.NullMarked;
