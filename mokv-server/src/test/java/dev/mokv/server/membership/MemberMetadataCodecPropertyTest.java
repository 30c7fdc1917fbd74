package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MemberMetadataCodecPropertyTest {

  @Property(tries = 500)
  void encodeThenDecode_isIdentity(@ForAll("metadata") MemberMetadata metadata) {
    assertThat(MemberMetadataCodec.decode(MemberMetadataCodec.encode(metadata)))
        .isEqualTo(metadata);
  }

  @Property(tries = 2000)
  void decode_anyBytes_returnsMetadataOrThrowsMalformed(@ForAll byte[] bytes) {
    try {
      MemberMetadata decoded = MemberMetadataCodec.decode(ByteBuffer.wrap(bytes));
      assertThat(decoded.nodeName()).isNotBlank();
    } catch (MalformedMetadataException expected) {
      // the only acceptable failure
    }
  }

  @Provide
  Arbitrary<MemberMetadata> metadata() {
    Arbitrary<String> printable =
        Arbitraries.strings()
            .all()
            .ofMaxLength(200)
            .filter(s -> s.chars().noneMatch(Character::isISOControl))
            .filter(MemberMetadataCodecPropertyTest::isWellFormed);
    Arbitrary<String> names = printable.filter(s -> !s.isBlank());
    Arbitrary<String> addresses =
        Combinators.combine(
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars(".-")
                    .ofMinLength(1)
                    .ofMaxLength(60)
                    // A host name starts with a letter or digit (HostPort's rule).
                    .filter(host -> Character.isLetterOrDigit(host.charAt(0))),
                Arbitraries.integers().between(1, 65535))
            .as((host, port) -> host + ":" + port);
    return Combinators.combine(names, addresses, addresses, printable).as(MemberMetadata::new);
  }

  /** MemberMetadata rejects unpaired surrogates: they cannot survive UTF-8. */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
