package dev.atoll.framework.internal;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /atoll/dashboard}: a live page of the cluster as this node sees it (members, the hash
 * ring of shard primaries, entities per node, recent failovers), drawn in the browser from the JSON
 * endpoints of the modules that run here. Registered through {@code pekko.management.http.routes} in
 * the framework's reference.conf.
 *
 * <p>Every file is served from this jar (a node is often on a machine without internet access) and
 * only the files named in {@link #ASSETS} exist: a request names an asset, never a path, so nothing
 * else on the class path or the disk can be reached. The page runs under a content security policy
 * that allows only this origin's scripts, styles and JSON.
 */
public final class DashboardRoutes implements ManagementRouteProvider {

  private static final String RESOURCE_DIR = "/dev/atoll/framework/dashboard/";

  private static final String PAGE = "index.html";

  /** Asset name (the last path segment under {@code /atoll/dashboard/}) to its content type. */
  private static final Map<String, ContentType> ASSETS =
      Map.of(
          PAGE, ContentTypes.TEXT_HTML_UTF8,
          "dashboard.js", MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8),
          "dashboard.css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8));

  private static final List<HttpHeader> HEADERS =
      List.of(
          RawHeader.create(
              "Content-Security-Policy",
              "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
                  + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "no-referrer"),
          RawHeader.create("Cache-Control", "no-cache"));

  private final Map<String, byte[]> contents;

  /** Pekko Management instantiates route providers with the actor system; the page needs none of it. */
  public DashboardRoutes(ExtendedActorSystem system) {
    Map<String, byte[]> loaded = new HashMap<>();
    ASSETS.keySet().forEach(name -> loaded.put(name, load(name)));
    this.contents = Map.copyOf(loaded);
  }

  private static byte[] load(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard asset " + RESOURCE_DIR + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard asset " + RESOURCE_DIR + name, e);
    }
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        segment("atoll").slash("dashboard"),
        () ->
            get(
                () ->
                    concat(
                        pathEndOrSingleSlash(() -> asset(PAGE)),
                        path(segment(), this::asset))));
  }

  private Route asset(String name) {
    byte[] body = contents.get(name);
    if (body == null) {
      return complete(StatusCodes.NOT_FOUND, "no dashboard asset named '" + name + "'\n");
    }
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ASSETS.get(name), body)).addHeaders(HEADERS));
  }
}
