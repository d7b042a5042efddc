package io.simpair.cli;

/** Bad command-line arguments: usage is printed and the exit code is 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
