package dev.mokv.server.raft;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.util.TimeDuration;

/**
 * How long a JVM pause may last before Ratis closes the node's Raft server: in effect never, since
 * a resumed node carries on safely as a follower (see {@link RaftSettings}).
 *
 * <p>The JVM system property {@value #PROPERTY} (whole seconds) sets a real threshold instead. It
 * exists so that fault tests can make Ratis close the server after a short pause and check that the
 * node then exits (see {@link RaftWatchdog}) rather than stay half alive; it is not a configuration
 * key because no operator should want it.
 */
final class PauseThreshold {

  static final String PROPERTY = "mokv.raft.pause-close-threshold-seconds";

  /** Ten years: Ratis takes a duration, not "off". */
  private static final TimeDuration NEVER = TimeDuration.valueOf(3650, TimeUnit.DAYS);

  private PauseThreshold() {}

  /**
   * The close threshold to give Ratis.
   *
   * @throws IllegalArgumentException if {@value #PROPERTY} is set to anything but a positive whole
   *     number of seconds
   */
  static TimeDuration closeThreshold() {
    return parse(System.getProperty(PROPERTY));
  }

  static TimeDuration parse(String seconds) {
    if (seconds == null) {
      return NEVER;
    }
    long value;
    try {
      value = Long.parseLong(seconds.trim());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be a positive number of seconds, was '" + seconds + "'");
    }
    return TimeDuration.valueOf(value, TimeUnit.SECONDS);
  }
}
