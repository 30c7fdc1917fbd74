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

/**
 * Translates between mökv's command protobufs and Ratis messages.
 *
 * <p>Ratis carries its own shaded protobuf, so the bytes are copied once at this boundary.
 */
final class Commands {

  private Commands() {}

  static Command set(String key, byte[] value) {
    return Command.newBuilder()
        .setSet(
            SetCommand.newBuilder()
                .setKey(key)
                .setValue(com.google.protobuf.ByteString.copyFrom(value)))
        .build();
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
    return Message.valueOf(ByteString.copyFrom(proto.toByteArray()));
  }

  static CommandBatch parseBatch(ByteString data) throws InvalidProtocolBufferException {
    return CommandBatch.parseFrom(data.toByteArray());
  }

  static Query parseQuery(Message message) throws InvalidProtocolBufferException {
    return Query.parseFrom(message.getContent().toByteArray());
  }

  static CommandResults parseResults(Message message) throws InvalidProtocolBufferException {
    return CommandResults.parseFrom(message.getContent().toByteArray());
  }
}
