using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Benchmarks;

/// <summary>
/// A local grain call against a remote one (two silos in this process, HTTP/2 over loopback, membership in a fresh
/// PostgreSQL database from FRAUDACTORS_TEST_POSTGRES). Not BenchmarkDotNet: a cluster takes seconds to start and a
/// call's cost is dominated by scheduling and I/O, which a plain loop with a warm-up measures as well.
/// Run: dotnet run -c Release --project bench/Runtime.Benchmarks -- remote-calls
/// </summary>
internal static class RemoteCallHarness
{
    private const int WarmUpCalls = 3_000;
    private const int LatencyCalls = 20_000;
    private const int ConcurrentCallers = 64;
    private static readonly TimeSpan ThroughputDuration = TimeSpan.FromSeconds(3);

    public static async Task RunAsync()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(CancellationToken.None);
        using var a = await StartSiloAsync(database.ConnectionString);
        using var b = await StartSiloAsync(database.ConnectionString);
        var membership = a.Services.GetRequiredService<IClusterMembership>();
        var others = b.Services.GetRequiredService<IClusterMembership>();
        while (membership.Current.ActiveSilos.Length != 2 || others.Current.ActiveSilos.Length != 2)
        {
            await Task.Delay(50);
        }

        var placement = new RendezvousPlacement(membership.Current.ActiveSilos);
        string[] KeysOwnedBy(SiloAddress silo, int count) =>
            [.. Enumerable.Range(0, int.MaxValue).Select(i => $"k{i}").Where(k => placement.OwnerOf(new GrainId("bench-echo", k)) == silo).Take(count)];
        var local = KeysOwnedBy(membership.LocalSilo, ConcurrentCallers);
        var remote = KeysOwnedBy(others.LocalSilo, ConcurrentCallers);
        var grains = a.Services.GetRequiredService<IGrainFactory>();

        Console.WriteLine($"Calls made from silo A; 'local' grains live on A, 'remote' ones on B. {Environment.ProcessorCount} cores, .NET {Environment.Version}.");

        // Two passes, the first unreported: it lets tiered JIT settle every path and warms the HTTP/2 connections,
        // which a per-measurement warm-up of a few thousand calls does not fully do.
        for (var pass = 1; pass <= 2; pass++)
        {
            if (pass == 2)
            {
                Console.WriteLine("| call | where | mean µs | p50 µs | p99 µs | calls/s with 64 callers on 64 grains |");
                Console.WriteLine("|---|---|---|---|---|---|");
            }

            foreach (var (name, call) in new (string, Func<IEchoGrain, Task>)[]
                     {
                         ("PingAsync()", g => g.PingAsync()),
                         ("ScoreAsync(ScoreRequest) → ScoreResult", g => g.ScoreAsync(Payloads.Request)),
                     })
            {
                foreach (var (where, keys) in new[] { ("local", local), ("remote", remote) })
                {
                    var latency = await LatencyAsync(grains.GetGrain<IEchoGrain>(keys[0]), call);
                    var throughput = await ThroughputAsync([.. keys.Select(grains.GetGrain<IEchoGrain>)], call);
                    if (pass == 2)
                    {
                        Console.WriteLine($"| {name} | {where} | {latency.Mean:0.0} | {latency.P50:0.0} | {latency.P99:0.0} | {throughput:N0} |");
                    }
                }
            }
        }

        await a.StopAsync();
        await b.StopAsync();
    }

    private static async Task<(double Mean, double P50, double P99)> LatencyAsync(IEchoGrain grain, Func<IEchoGrain, Task> call)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            await call(grain);
        }

        var samples = new double[LatencyCalls];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(grain);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return (samples.Average(), samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
    }

    private static async Task<double> ThroughputAsync(IEchoGrain[] grains, Func<IEchoGrain, Task> call)
    {
        long calls = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            while (stopwatch.Elapsed < ThroughputDuration)
            {
                await call(grain);
                Interlocked.Increment(ref calls);
            }
        })));
        return calls / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<IHost> StartSiloAsync(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddFraudActorsRuntime();
        builder.Services.AddFraudActorsCluster(options =>
        {
            options.ClusterId = "bench";
            options.PostgresConnectionString = connectionString;
            options.SiloPort = FreeLoopbackPort();
        });
        builder.Services.AddGrain<IEchoGrain, EchoGrain>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
