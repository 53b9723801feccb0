package dev.atoll.samples.workerpool;

import dev.atoll.framework.AtollSerializable;

/** What a worker answers: the digest, and which worker on which node computed it. */
public record JobResult(String digest, String worker) implements AtollSerializable {}
