package dev.ecbd.server;

import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.dispatcher.Worker;
import dev.ecbd.server.accesslog.AccessLog;
import dev.ecbd.server.builtin.OpenFileCache;
import dev.ecbd.server.deploy.Deployer;
import dev.ecbd.transport.ClientFault;
import dev.ecbd.transport.HttpServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's metrics, read from the live server each time they are scraped (callbacks, so the
 * request path never touches the metrics library).
 */
final class ServerMetrics
{
    private ServerMetrics()
    {
    }

    static void register(final PrometheusRegistry registry, final HttpServer server, final Dispatcher dispatcher, final Deployer deployer,
        final AccessLog accessLog, final OpenFileCache openFiles)
    {
        if (openFiles != null)
        {
            GaugeWithCallback.builder().name("ecbd_open_files").help("Document-root files held open with their metadata (--open-files bounds them)")
                .callback(cb -> cb.call(openFiles.size())).register(registry);
        }
        if (accessLog != null)
        {
            CounterWithCallback.builder().name("ecbd_access_log_lines").help("Access-log lines written")
                .callback(cb -> cb.call(accessLog.lines())).register(registry);
            CounterWithCallback.builder().name("ecbd_access_log_dropped").help("Access-log records dropped because the log's buffer was full")
                .callback(cb -> cb.call(accessLog.dropped())).register(registry);
        }
        GaugeWithCallback.builder().name("ecbd_ecb_pool_capacity").help("ECB slots in the pool")
            .callback(cb -> cb.call(dispatcher.pool().capacity())).register(registry);
        GaugeWithCallback.builder().name("ecbd_ecb_pool_in_use").help("ECB slots carrying a request now")
            .callback(cb -> cb.call(dispatcher.pool().inUse())).register(registry);
        GaugeWithCallback.builder().name("ecbd_ecb_pool_high_water").help("Most ECB slots ever in use at once")
            .callback(cb -> cb.call(dispatcher.pool().highWater())).register(registry);
        CounterWithCallback.builder().name("ecbd_requests_shed").help("Requests answered 503 because no ECB or worker-queue room was free")
            .callback(cb -> cb.call(server.shedCount())).register(registry);
        CounterWithCallback.builder().name("ecbd_client_faults")
            .help("Requests refused with a 4xx, or connections closed, for the client's fault (malformed, too large, too slow), by reason")
            .labelNames("reason")
            .callback(cb ->
            {
                for (final ClientFault fault : ClientFault.values())
                {
                    cb.call(server.clientFaults(fault), fault.label());
                }
            }).register(registry);
        CounterWithCallback.builder().name("ecbd_connection_output_pauses")
            .help("Times a connection stopped reading requests because its client left its responses unread")
            .callback(cb -> cb.call(server.outputPauses())).register(registry);
        GaugeWithCallback.builder().name("ecbd_netty_direct_memory_bytes").help("Direct memory Netty's buffer pool holds: the chunks its arenas reserved, which hold the buffers in use")
            .callback(cb -> cb.call(((ByteBufAllocatorMetricProvider)ByteBufAllocator.DEFAULT).metric().usedDirectMemory())).register(registry);
        GaugeWithCallback.builder().name("ecbd_connections_open").help("Client connections open now")
            .callback(cb -> cb.call(server.openConnections())).register(registry);
        GaugeWithCallback.builder().name("ecbd_worker_queue_depth").help("Sessions waiting in each worker's queue").labelNames("worker")
            .callback(cb ->
            {
                for (final Worker worker : dispatcher.workers())
                {
                    cb.call(worker.queueDepth(), String.valueOf(worker.id()));
                }
            }).register(registry);
        GaugeWithCallback.builder().name("ecbd_worker_pinned_cpu").help("CPU each worker is pinned to; -1 when pinning failed or was not asked for")
            .labelNames("worker", "pinning")
            .callback(cb ->
            {
                for (final Worker worker : dispatcher.workers())
                {
                    final boolean pinned = worker.pinning().startsWith("pinned");
                    cb.call(pinned ? worker.cpu() : -1, String.valueOf(worker.id()), worker.pinning());
                }
            }).register(registry);
        CounterWithCallback.builder().name("ecbd_extension_reloads").help("New versions of extension packages loaded without a restart")
            .callback(cb -> cb.call(deployer.reloads())).register(registry);
        CounterWithCallback.builder().name("ecbd_extension_reload_failures").help("Reloads that failed; the version before went on serving")
            .callback(cb -> cb.call(deployer.failedReloads())).register(registry);
        GaugeWithCallback.builder().name("ecbd_extension_class_loaders")
            .help("Extension class loaders not yet collected, those serving included; one that stays above the packages deployed after a GC shows a leak")
            .callback(cb -> cb.call(deployer.liveLoaders())).register(registry);
        registry.register(new StageHistograms(server::stageLatencies));
        GaugeWithCallback.builder().name("ecbd_transport_info").help("The socket transport in use").labelNames("transport")
            .callback(cb -> cb.call(1, server.transport().kind().label())).register(registry);
    }
}
