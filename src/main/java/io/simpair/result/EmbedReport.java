package io.simpair.result;

import java.util.List;

/**
 * What an embed run did: the counts written to embed.json and printed.
 *
 * @param documents documents read and embedded
 * @param emptyDocuments documents whose text is empty or only white space (embedded all the same)
 * @param truncatedDocuments minilm: documents longer than the model's window, cut to it
 * @param tokens minilm: word pieces fed to the model ([CLS] and [SEP] included); else words
 * @param zeroVectors vectors that are all zero (bow: no word of the vocabulary; tfidf/hashing: no word)
 * @param zeroVectorIds the first such ids in input order (at most 10)
 * @param seconds wall time of the run
 * @param embedder minilm, bow, tfidf or hashing
 * @param model the weights (minilm) or the featuriser's description
 * @param dimension the vector length
 * @param vocabulary bow: the words kept, most frequent first; else empty
 * @param input the input path
 * @param format jsonl, text or parquet
 * @param stages the stage table
 */
public record EmbedReport(
    long documents,
    long emptyDocuments,
    long truncatedDocuments,
    long tokens,
    long zeroVectors,
    List<String> zeroVectorIds,
    double seconds,
    String embedder,
    String model,
    int dimension,
    List<String> vocabulary,
    String input,
    String format,
    int batchSize,
    StageLog stages) {}
