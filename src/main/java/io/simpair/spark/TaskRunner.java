package io.simpair.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs one tile task inside what surrounds it on a cluster: a task the checkpoint already holds
 * is loaded instead of scored (and counted as resumed when it was finished before this run
 * began); a task that scores stores its outputs in the checkpoint before it returns them.
 * Serializable: shipped to the tasks.
 *
 * @param store the checkpoint's tasks, or null without {@code --checkpoint}
 * @param resumed the tasks the checkpoint held when this run began
 * @param faults the test-only fault switches
 */
record TaskRunner(TaskStore store, Set<Integer> resumed, TestFaults faults) implements Serializable {

  /** The body of a task: scores its tiles and returns its outputs. */
  @FunctionalInterface
  interface Body extends Serializable {
    Iterator<TaskOutput> score();
  }

  /** Whether task {@code task} needs no blocks (it is loaded from the checkpoint). */
  boolean loads(int task) {
    return resumed.contains(task);
  }

  Iterator<TaskOutput> run(int task, Body body, LongAccumulator tilesAcc, LongAccumulator pairsAcc) {
    // also a task this run stored already: a recomputation after a lost executor or a retry
    if (store != null && (resumed.contains(task) || store.has(task))) {
      List<TaskOutput> outs = store.load(task);
      TaskResult summary = outs.get(0).summary;
      if (resumed.contains(task)) {
        summary.tilesResumed = summary.counts.tiles;
        tilesAcc.add(summary.counts.tiles);
        pairsAcc.add(summary.counts.pairs);
      }
      return outs.iterator();
    }
    List<TaskOutput> outs = new ArrayList<>();
    body.score().forEachRemaining(outs::add);
    faults.afterScoring(task);
    io.simpair.io.TestPause.at("score");
    if (store != null) {
      store.save(task, outs);
    }
    return outs.iterator();
  }
}
