/**
 * Internal to the framework module: free to change in any release; other modules must not use it
 * (an ArchUnit test enforces this).
 */
@NullMarked
package dev.atoll.framework.internal;

import org.jspecify.annotations.NullMarked;
