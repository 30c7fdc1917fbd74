package dev.mokv.client.internal;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;

/**
 * Makes {@link LeaderFollowerBalancer} selectable as the load-balancing policy {@value
 * #POLICY_NAME}.
 *
 * <p>This is the one global registration of the client. grpc-java (1.85) looks a channel's policy
 * up only in {@link LoadBalancerRegistry#getDefaultRegistry()}: unlike name resolvers, a channel
 * builder cannot be given its own load-balancer registry or provider, and a service config names a
 * policy that is again looked up there. So {@link #register()} adds one stateless provider to the
 * default registry, idempotently (the registry keeps a set, and it is always the same instance).
 * Each channel still gets its own balancer instance, so clients share no state through it.
 */
public final class LeaderFollowerBalancerProvider extends LoadBalancerProvider {

  /** The policy name; specific enough not to collide with any other library's. */
  public static final String POLICY_NAME = "mokv_leader_follower";

  private static final LeaderFollowerBalancerProvider INSTANCE =
      new LeaderFollowerBalancerProvider();

  private LeaderFollowerBalancerProvider() {}

  /** Registers the policy with the default registry (once; later calls change nothing). */
  public static String register() {
    LoadBalancerRegistry.getDefaultRegistry().register(INSTANCE);
    return POLICY_NAME;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public int getPriority() {
    return 5;
  }

  @Override
  public String getPolicyName() {
    return POLICY_NAME;
  }

  @Override
  public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
    return new LeaderFollowerBalancer(helper);
  }
}
