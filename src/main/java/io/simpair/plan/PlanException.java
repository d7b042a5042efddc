package io.simpair.plan;

/**
 * The options cannot be planned for this input (for example {@code --kernel binary} on values
 * other than 0 and 1): bad input, exit code 2, nothing written.
 */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}
