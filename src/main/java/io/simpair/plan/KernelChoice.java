package io.simpair.plan;

/**
 * Which kernel scores the tiles, and why.
 *
 * @param binary the exact popcount kernel (else fp32)
 * @param reason for result.json's {@code kernel_reason}: "binary: ..." or "float: ..."
 */
public record KernelChoice(boolean binary, String reason) implements java.io.Serializable {}
