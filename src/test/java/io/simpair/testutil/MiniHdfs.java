package io.simpair.testutil;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** An in-process HDFS (one NameNode, one DataNode) with every socket on 127.0.0.1. */
public final class MiniHdfs {
  private MiniHdfs() {}

  /** Starts it with its storage under {@code base}; {@code conf} gets its settings too. */
  public static MiniDFSCluster start(Configuration conf, Path base) throws IOException {
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    return hdfs;
  }

  /** The file system's root URI, {@code hdfs://127.0.0.1:PORT}. */
  public static String root(MiniDFSCluster hdfs) {
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
  }
}
