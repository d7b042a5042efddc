package io.simpair.result;

/**
 * A pair table the run wrote (Parquet), as result.json's {@code "threshold"} ({@code value},
 * {@code pairs}, {@code path}) or {@code "per_row"} ({@code k}, {@code rows}, {@code path}).
 *
 * @param parameter the threshold T or the per-row K
 * @param count pairs written (threshold) or rows with neighbours (per-row)
 * @param path where the table is
 */
public record TableOutput(Number parameter, long count, String path) {}
