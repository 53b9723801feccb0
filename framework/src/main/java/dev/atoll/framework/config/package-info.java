/**
 * Reading Atoll settings: {@link dev.atoll.framework.config.ConfigReader} turns HOCON into typed
 * values and reports every bad value with its path, value and origin.
 */
@NullMarked
package dev.atoll.framework.config;

import org.jspecify.annotations.NullMarked;
