package dev.atoll.loadbalancer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.framework.AtollNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Router declarations are checked when the node starts, not when a router is first used. */
class StartupValidationTest {

  @TempDir Path dataDir;

  @Test
  void aNodeWithAnUnknownRoutingStrategyRefusesToStartNamingThePath() {
    assertThatThrownBy(
            () ->
                AtollNode.start(
                    ConfigFactory.parseString(
                        "atoll.node { port = 0, data-dir = \"" + dataDir + "\" }\n"
                            + "atoll.management.enabled = off\n"
                            + "atoll.load-balancer.routers.jobs { strategy = round-robbin, service = jobs }")))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.load-balancer.routers.jobs.strategy = \"round-robbin\"")
        .hasMessageContaining("unknown strategy");
  }
}
