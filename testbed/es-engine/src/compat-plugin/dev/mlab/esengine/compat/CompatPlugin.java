/*
 * Monitoring Lab test bed -- TEST-ONLY plugin "mlab-test-compat".
 *
 * Real Elasticsearch serves a few REST endpoints from modules that Elastic does not publish on Maven Central.
 * This plugin fills only the gaps our stack (the official Node and Python clients) may touch:
 *
 *   GET|HEAD /                    -> normally the "rest-root" module (client.info() / client.ping()).
 *                                    Answers with the real engine's Build (version number is the engine's, e.g. 9.5.3).
 *   GET /_data_stream[/{name}]    -> normally the "data-streams" module. Basic fields only
 *                                    (name, timestamp_field, indices, generation, status, template, hidden, system).
 *   DELETE /_data_stream/{name}   -> normally the "data-streams" module. Uses the server's own
 *                                    MetadataDataStreamsService.deleteDataStreams (removes the backing indices too).
 *
 * Everything else (bulk, search, aggregations, index templates, data stream auto-creation, msearch, _count,
 * compatible-with=9 media types, the X-Elastic-Product header...) is the real server's code.
 */
package dev.mlab.esengine.compat;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.ClusterStateUpdateTask;
import org.elasticsearch.cluster.health.ClusterStateHealth;
import org.elasticsearch.cluster.metadata.DataStream;
import org.elasticsearch.cluster.metadata.MetadataDataStreamsService;
import org.elasticsearch.cluster.metadata.MetadataIndexTemplateService;
import org.elasticsearch.cluster.metadata.ProjectId;
import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.Priority;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.IndexNotFoundException;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

public class CompatPlugin extends Plugin implements ActionPlugin {
    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services, Supplier<DiscoveryNodes> nodes,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler(), new GetDataStreamHandler(), new DeleteDataStreamHandler());
    }

    /** Same body shape as the rest-root module's RestMainAction. */
    final class RootHandler extends BaseRestHandler {
        @Override public String getName() { return "mlab_test_compat_root"; }

        @Override public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                ClusterState state = clusterService.state();
                Build b = Build.current();
                XContentBuilder x = channel.newBuilder();
                x.startObject();
                x.field("name", clusterService.getNodeName());
                x.field("cluster_name", state.getClusterName().value());
                x.field("cluster_uuid", state.metadata().clusterUUID());
                x.startObject("version");
                x.field("number", b.qualifiedVersion());
                x.field("build_flavor", b.flavor());
                x.field("build_type", b.type().displayName());
                x.field("build_hash", b.hash());
                x.field("build_date", b.date());
                x.field("build_snapshot", b.isSnapshot());
                x.field("lucene_version", IndexVersion.current().luceneVersion().toString());
                x.field("minimum_wire_compatibility_version", b.minWireCompatVersion());
                x.field("minimum_index_compatibility_version", b.minIndexCompatVersion());
                x.endObject();
                x.field("tagline", "You Know, for Search");
                x.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, x));
            };
        }
    }

    private static Set<DataStream> select(ProjectMetadata project, String expr, boolean failIfMissing) {
        Set<DataStream> out = new LinkedHashSet<>();
        String[] names = Strings.isNullOrEmpty(expr) ? new String[] { "*" } : Strings.splitStringByCommaToArray(expr);
        for (String n : names) {
            boolean found = false;
            for (DataStream ds : project.dataStreams().values()) {
                if ("_all".equals(n) || Regex.simpleMatch(n, ds.getName())) {
                    out.add(ds);
                    found = true;
                }
            }
            if (failIfMissing && !found && !Regex.isSimpleMatchPattern(n)) {
                throw new IndexNotFoundException(n);
            }
        }
        return out;
    }

    final class GetDataStreamHandler extends BaseRestHandler {
        @Override public String getName() { return "mlab_test_compat_get_data_stream"; }

        @Override public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/_data_stream"), new Route(RestRequest.Method.GET, "/_data_stream/{name}"));
        }

        @Override protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            String expr = request.param("name");
            return channel -> {
                try {
                    ClusterState state = clusterService.state();
                    ProjectMetadata project = state.metadata().getProject(ProjectId.DEFAULT);
                    Set<DataStream> selected = select(project, expr, true);
                    XContentBuilder x = channel.newBuilder();
                    x.startObject().startArray("data_streams");
                    for (DataStream ds : selected) {
                        List<String> idx = new ArrayList<>();
                        for (Index i : ds.getIndices()) idx.add(i.getName());
                        String status = new ClusterStateHealth(state, idx.toArray(String[]::new), ProjectId.DEFAULT).getStatus().name();
                        x.startObject();
                        x.field("name", ds.getName());
                        x.startObject("timestamp_field").field("name", "@timestamp").endObject();
                        x.startArray("indices");
                        for (Index i : ds.getIndices()) {
                            x.startObject().field("index_name", i.getName()).field("index_uuid", i.getUUID()).endObject();
                        }
                        x.endArray();
                        x.field("generation", ds.getGeneration());
                        x.field("status", status);
                        String template = MetadataIndexTemplateService.findV2Template(project, ds.getName(), ds.isHidden());
                        if (template != null) x.field("template", template);
                        x.field("hidden", ds.isHidden());
                        x.field("system", ds.isSystem());
                        x.endObject();
                    }
                    x.endArray().endObject();
                    channel.sendResponse(new RestResponse(RestStatus.OK, x));
                } catch (Exception e) {
                    channel.sendResponse(new RestResponse(channel, e));
                }
            };
        }
    }

    final class DeleteDataStreamHandler extends BaseRestHandler {
        @Override public String getName() { return "mlab_test_compat_delete_data_stream"; }

        @Override public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.DELETE, "/_data_stream/{name}"));
        }

        @Override protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            String expr = request.param("name");
            return channel -> clusterService.submitUnbatchedStateUpdateTask("mlab-test-compat-delete-data-stream [" + expr + "]",
                new ClusterStateUpdateTask(Priority.HIGH) {
                    @Override public ClusterState execute(ClusterState current) {
                        Set<DataStream> selected = select(current.metadata().getProject(ProjectId.DEFAULT), expr, true);
                        if (selected.isEmpty()) return current;
                        return MetadataDataStreamsService.deleteDataStreams(current.projectState(ProjectId.DEFAULT), selected,
                            clusterService.getSettings());
                    }

                    @Override public void onFailure(Exception e) {
                        respond(channel, e);
                    }

                    @Override public void clusterStateProcessed(ClusterState before, ClusterState after) {
                        try {
                            XContentBuilder x = channel.newBuilder();
                            x.startObject().field("acknowledged", true).endObject();
                            channel.sendResponse(new RestResponse(RestStatus.OK, x));
                        } catch (Exception e) {
                            respond(channel, e);
                        }
                    }
                });
        }
    }

    private static void respond(RestChannel channel, Exception e) {
        try {
            channel.sendResponse(new RestResponse(channel, e));
        } catch (Exception inner) {
            inner.addSuppressed(e);
            throw new RuntimeException(inner);
        }
    }
}
