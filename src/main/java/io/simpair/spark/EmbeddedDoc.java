package io.simpair.spark;

import java.io.Serializable;

/** One document's vector with its id, text and what embedding it took. */
public final class EmbeddedDoc implements Serializable {
  private static final long serialVersionUID = 1L;
  public long index;
  public String id;
  public String text;
  public float[] vector;
  public int tokens;
  public boolean truncated;
  public boolean empty;

  public EmbeddedDoc() {}
}
