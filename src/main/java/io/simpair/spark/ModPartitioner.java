package io.simpair.spark;

import org.apache.spark.Partitioner;

/** Sends key k (an Integer) to partition k mod n. */
final class ModPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int parts;

  ModPartitioner(int parts) {
    this.parts = parts;
  }

  @Override
  public int numPartitions() {
    return parts;
  }

  @Override
  public int getPartition(Object key) {
    return Math.floorMod((Integer) key, parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModPartitioner m && m.parts == parts;
  }

  @Override
  public int hashCode() {
    return parts;
  }
}
