package dev.mokv.server.membership;

import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * ScaleCube's Java-serialization message codec with {@link SerialFilter} on every input stream.
 *
 * <p>The wire format is exactly that of ScaleCube's {@code JdkMessageCodec}, so members using
 * either codec understand each other.
 */
final class GuardedMessageCodec implements MessageCodec {

  @Override
  public Message deserialize(InputStream in) throws IOException, ClassNotFoundException {
    Message message = new Message();
    try (ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(SerialFilter.forGossip());
      message.readExternal(objects);
    }
    return message;
  }

  @Override
  public void serialize(Message message, OutputStream out) throws IOException {
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      message.writeExternal(objects);
      objects.flush();
    }
  }
}
