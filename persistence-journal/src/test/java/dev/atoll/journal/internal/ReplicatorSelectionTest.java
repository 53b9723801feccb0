package dev.atoll.journal.internal;

import dev.atoll.journal.spi.LocalOnlyReplicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.journal.TestDirectories;
import dev.atoll.journal.spi.ReplicationBatch;
import dev.atoll.journal.spi.Replicator;
import dev.atoll.journal.spi.ReplicatorProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@code atoll.journal.replicator} picks the Replicator: auto, local or a class name. */
class ReplicatorSelectionTest {

  private static final Config PLUGIN_CONFIG = ConfigFactory.parseString("marker = 42");

  private Path servicesRoot;

  @BeforeEach
  void createServicesRoot() {
    servicesRoot = TestDirectories.fresh("services");
  }

  @AfterEach
  void deleteServicesRoot() {
    TestDirectories.delete(servicesRoot);
  }

  @Test
  void autoWithoutAnyProviderStoresLocallyOnly() {
    Replicator replicator =
        ReplicatorLoader.load("auto", getClass().getClassLoader(), null, PLUGIN_CONFIG);

    assertThat(replicator).isInstanceOf(LocalOnlyReplicator.class);
    assertThat(replicator.replicates()).as("local-only is never handed a write").isFalse();
  }

  @Test
  void autoUsesTheSingleRegisteredProviderWithThePluginConfig() throws IOException {
    try (URLClassLoader loader = registering(FirstProvider.class)) {
      Replicator replicator = ReplicatorLoader.load("auto", loader, null, PLUGIN_CONFIG);

      assertThat(replicator).isInstanceOf(ProvidedReplicator.class);
      assertThat(((ProvidedReplicator) replicator).provider).isEqualTo("first");
      assertThat(((ProvidedReplicator) replicator).pluginConfig.getInt("marker")).isEqualTo(42);
    }
  }

  @Test
  void autoWithSeveralProvidersFailsNamingThem() throws IOException {
    try (URLClassLoader loader = registering(FirstProvider.class, SecondProvider.class)) {
      assertThatThrownBy(() -> ReplicatorLoader.load("auto", loader, null, PLUGIN_CONFIG))
          .isInstanceOf(AtollConfigException.class)
          .hasMessageContaining("atoll.journal.replicator = \"auto\"")
          .hasMessageContaining("found 2 replicator providers")
          .hasMessageContaining(FirstProvider.class.getName())
          .hasMessageContaining(SecondProvider.class.getName());
    }
  }

  @Test
  void localSelectsLocalOnlyEvenWithAProviderOnTheClassPath() throws IOException {
    try (URLClassLoader loader = registering(FirstProvider.class)) {
      assertThat(ReplicatorLoader.load("local", loader, null, PLUGIN_CONFIG))
          .isInstanceOf(LocalOnlyReplicator.class);
    }
  }

  @Test
  void aClassNameStillSelectsThatClass() {
    Replicator replicator =
        ReplicatorLoader.load(
            ProvidedReplicator.class.getName(), getClass().getClassLoader(), null, PLUGIN_CONFIG);

    assertThat(replicator).isInstanceOf(ProvidedReplicator.class);
    assertThat(((ProvidedReplicator) replicator).provider).isEqualTo("by class name");
  }

  @Test
  void aReplicatorClassThatDoesNotExistFailsNamingTheConfigPath() {
    assertThatThrownBy(
            () ->
                ReplicatorLoader.load(
                    "com.example.Missing", getClass().getClassLoader(), null, PLUGIN_CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atoll.journal.replicator = \"com.example.Missing\"");
  }

  /** A class loader that sees {@code providers} registered in META-INF/services. */
  private URLClassLoader registering(Class<?>... providers) throws IOException {
    Path services = servicesRoot.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> provider : providers) {
      lines.append(provider.getName()).append('\n');
    }
    Files.writeString(services.resolve(ReplicatorProvider.class.getName()), lines);
    return new URLClassLoader(
        new URL[] {servicesRoot.toUri().toURL()}, getClass().getClassLoader());
  }

  /** A replicator that remembers who made it and with which config. */
  public static final class ProvidedReplicator implements Replicator {

    final String provider;
    final Config pluginConfig;

    ProvidedReplicator(String provider, Config pluginConfig) {
      this.provider = provider;
      this.pluginConfig = pluginConfig;
    }

    public ProvidedReplicator(ActorSystem system, Config pluginConfig) {
      this("by class name", pluginConfig);
    }

    @Override
    public CompletionStage<Void> replicate(ReplicationBatch batch) {
      return CompletableFuture.completedFuture(null);
    }
  }

  public static final class FirstProvider implements ReplicatorProvider {
    @Override
    public Replicator create(ActorSystem system, Config pluginConfig) {
      return new ProvidedReplicator("first", pluginConfig);
    }
  }

  public static final class SecondProvider implements ReplicatorProvider {
    @Override
    public Replicator create(ActorSystem system, Config pluginConfig) {
      return new ProvidedReplicator("second", pluginConfig);
    }
  }
}
