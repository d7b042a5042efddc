package io.simpair.io;

/**
 * A problem with the user's input or arguments: the job stops before writing anything and
 * exits with code 2. The message is one line that names the file, the row or id, and what is
 * wrong.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
