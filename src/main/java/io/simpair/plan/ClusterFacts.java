package io.simpair.plan;

/**
 * What the plan needs to know of where it runs.
 *
 * @param parallelism the default parallelism (cores the tasks run on)
 * @param memoryBudgetBytes what one JVM may hold of blocks: one fifth of the smaller of driver
 *     heap and executor memory
 */
public record ClusterFacts(int parallelism, long memoryBudgetBytes) implements java.io.Serializable {}
