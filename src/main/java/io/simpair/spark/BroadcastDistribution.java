package io.simpair.spark;

import io.simpair.plan.SearchPlan;
import io.simpair.result.StageLog;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanSpec;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code broadcast} stage: every block on the driver, broadcast once; each task scores its
 * balanced share of the tiles. Memory per executor: all blocks, {@code O(n d)}.
 */
final class BroadcastDistribution {
  private BroadcastDistribution() {}

  static Distribution run(
      JavaSparkContext jsc, SearchPlan plan, Distribution.Blocks blocks, StageLog log, TaskRunner runner,
      LongAccumulator tilesAcc, LongAccumulator pairsAcc) {
    boolean bi = blocks.bichromatic();
    StageLog.Stage s = log.begin("broadcast", "collect blocks (NPY: the driver reads them) and broadcast them");
    jsc.setJobDescription("simpair: collect blocks for broadcast");
    RowBlock[] arrA = blocks.packA().onDriver(blocks.a());
    RowBlock[] arrB = bi ? blocks.packB().onDriver(blocks.b()) : arrA;
    Broadcast<RowBlock[]> bcA = jsc.broadcast(arrA);
    Broadcast<RowBlock[]> bcB = bi ? jsc.broadcast(arrB) : bcA;
    long bytes = payload(arrA) + (bi ? payload(arrB) : 0);
    log.end(s, blocks.rowsTotal(), arrA.length + (bi ? arrB.length : 0));
    s.count("bytes_broadcast", bytes);
    List<int[][]> taskTiles = plan.taskTiles();
    ScanSpec spec = plan.scan();
    JavaRDD<TaskOutput> tasks =
        jsc.parallelize(taskTiles, taskTiles.size())
            .mapPartitionsWithIndex(
                (i, it) -> {
                  int[][] t = it.next(); // one task's tiles a partition
                  return runner.run(i, () -> TileTask.run(t, bcA.value(), bcB.value(), spec, tilesAcc, pairsAcc), tilesAcc, pairsAcc);
                },
                true);
    return new Distribution(tasks, bytes, 0, taskTiles.size() + " tasks (broadcast)");
  }

  private static long payload(RowBlock[] blocks) {
    return Arrays.stream(blocks).mapToLong(RowBlock::payloadBytes).sum();
  }
}
