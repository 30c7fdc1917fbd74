package dev.mokv.cli.bench;

/**
 * Told when the {@link LoadGenerator}'s measured window opens and closes, on the thread that runs
 * the generator, so that it can sample the servers exactly around the measured requests.
 */
public interface MeasureWindow {

  /** Nothing to sample. */
  MeasureWindow NONE =
      new MeasureWindow() {
        @Override
        public void opening() {}

        @Override
        public void closed() {}
      };

  /** Just before measurement starts (after the warm-up). Must not throw. */
  void opening();

  /** After the last measured request completed or was abandoned. Must not throw. */
  void closed();
}
