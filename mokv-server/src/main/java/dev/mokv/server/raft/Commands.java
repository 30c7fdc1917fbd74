package dev.mokv.server.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResults;
import dev.mokv.server.raft.proto.DeleteCommand;
import dev.mokv.server.raft.proto.PublishMemberCommand;
import dev.mokv.server.raft.proto.Query;
import dev.mokv.server.raft.proto.SetCommand;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Translates between mökv's command protobufs and Ratis messages.
 *
 * <p>Ratis carries its own shaded protobuf. The bytes cross this boundary without a copy: a
 * message's bytes are wrapped (nothing writes to them afterwards), and parsing reads Ratis's bytes
 * through a read-only view.
 */
final class Commands {

  private Commands() {}

  static Command set(String key, byte[] value) {
    return set(key, com.google.protobuf.ByteString.copyFrom(value));
  }

  /** A set of {@code value} as it came in the request: a ByteString is immutable, not copied. */
  static Command set(String key, com.google.protobuf.ByteString value) {
    return Command.newBuilder().setSet(SetCommand.newBuilder().setKey(key).setValue(value)).build();
  }

  static Command delete(String key) {
    return Command.newBuilder().setDelete(DeleteCommand.newBuilder().setKey(key)).build();
  }

  static Command publishMember(String nodeName, String rpcAddress) {
    return Command.newBuilder()
        .setPublishMember(
            PublishMemberCommand.newBuilder().setNodeName(nodeName).setRpcAddress(rpcAddress))
        .build();
  }

  static Message barrier() {
    return toMessage(Query.newBuilder().setBarrier(true).build());
  }

  static Message toMessage(MessageLite proto) {
    // The array is new and never written again: wrapping it is safe.
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(proto.toByteArray()));
  }

  static CommandBatch parseBatch(ByteString data) throws InvalidProtocolBufferException {
    return CommandBatch.parseFrom(data.asReadOnlyByteBuffer());
  }

  static Query parseQuery(Message message) throws InvalidProtocolBufferException {
    return Query.parseFrom(message.getContent().asReadOnlyByteBuffer());
  }

  static CommandResults parseResults(Message message) throws InvalidProtocolBufferException {
    return CommandResults.parseFrom(message.getContent().asReadOnlyByteBuffer());
  }
}
