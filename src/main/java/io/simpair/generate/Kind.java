package io.simpair.generate;

import java.util.Locale;

/** The kinds of instance {@code generate} writes; the label is the {@code --kind} value. */
public enum Kind {
  /** standard Gaussian rows; nothing planted (the answer comes from the exact search) */
  RANDOM(false, false),
  /** near-duplicates around random centres, with one exact duplicate pair planted */
  CLUSTERED(false, false),
  /** Gaussian rows with one pair made most similar by a margin */
  PLANTED(false, false),
  /** p-biased 0/1 rows with one planted orthogonal pair: the least similar, cosine 0 */
  OV_LSD(true, false),
  /** the 3-slot gadget of an OV instance: A side g(a), B side h(b), planted cosine 1/sqrt(2) */
  OV_BICHROMATIC_MSD(true, true),
  /** the monochromatic form (a,1,0), (b,0,1) of an OV instance in one set */
  OV_MSD(true, false);

  private final boolean binary;
  private final boolean bichromatic;

  Kind(boolean binary, boolean bichromatic) {
    this.binary = binary;
    this.bichromatic = bichromatic;
  }

  /** Whether every value written is 0 or 1 (the popcount kernel's input). */
  public boolean binary() {
    return binary;
  }

  /** Whether the instance has a B side (b.npy). */
  public boolean bichromatic() {
    return bichromatic;
  }

  /** Whether the instance is an OV instance (p-biased bits). */
  public boolean orthogonalVectors() {
    return binary;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The kind of a {@code --kind} value, or null. */
  public static Kind parse(String s) {
    for (Kind k : values()) {
      if (k.label().equals(s)) {
        return k;
      }
    }
    return null;
  }

  /** Every label, comma-separated, for usage text. */
  public static String labels() {
    StringBuilder sb = new StringBuilder();
    for (Kind k : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(k.label());
    }
    return sb.toString();
  }
}
