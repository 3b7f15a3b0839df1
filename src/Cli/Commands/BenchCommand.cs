using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using FraudActors.Cli.Bench;
using FraudActors.Cli.Node;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Cli.Commands;

/// <summary>
/// <c>fraudctl bench</c>: measured performance, never asserted in tests. <c>grains</c> scores in-process through
/// the full path (grains, model, durable log); <c>http</c> drives a running node with wrk as in the performance anchors.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: in-process grain scoring, or HTTP against a running node (wrk).");
        command.Subcommands.Add(Grains());
        command.Subcommands.Add(Http());
        return command;
    }

    private static Command Grains()
    {
        var customers = new Option<int>("--customers") { Description = "Distinct customers (each activated at least once).", DefaultValueFactory = _ => 100_000 };
        var terminals = new Option<int>("--terminals") { Description = "Distinct terminals.", DefaultValueFactory = _ => 10_000 };
        var transactions = new Option<int>("--transactions") { Description = "Transactions to score after the warm-up.", DefaultValueFactory = _ => 1_000_000 };
        var warmup = new Option<int>("--warmup") { Description = "Transactions scored first and not measured.", DefaultValueFactory = _ => 100_000 };
        var inFlight = new Option<int>("--in-flight") { Description = "Calls in flight.", DefaultValueFactory = _ => 1024 };
        var store = new Option<DirectoryInfo>("--store") { Description = "Artifact store holding the champion model.", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
        var command = new Command("grains", "Score synthetic transactions in-process through the grains, the model and the durable decision log.")
        {
            customers, terminals, transactions, warmup, inFlight, store,
        };

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("bench grains", async () =>
        {
            var temporary = Directory.CreateTempSubdirectory("fraudactors-bench-");
            try
            {
                await using var node = await InProcessNode.StartAsync(parse.GetValue(store)!.FullName, Path.Combine(temporary.FullName, "node.db"), cancellationToken).ConfigureAwait(false);
                var model = node.Services.GetRequiredService<ModelCache>().Champion
                    ?? throw new InvalidOperationException("No champion model; train one with fraudctl train.");
                var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

                var warm = new SyntheticStream(parse.GetValue(customers), parse.GetValue(terminals), parse.GetValue(warmup), seed: 1);
                await RunAsync(node, warm.Requests("warm"), warm.Count, parse.GetValue(inFlight), latencies: null, cancellationToken).ConfigureAwait(false);

                var measured = new SyntheticStream(parse.GetValue(customers), parse.GetValue(terminals), parse.GetValue(transactions), seed: 2);
                var latencies = new LatencyRecorder(measured.Count);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await RunAsync(node, measured.Requests("run"), measured.Count, parse.GetValue(inFlight), latencies, cancellationToken).ConfigureAwait(false);
                var elapsed = clock.Elapsed;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

                var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
                var (p50, p99, p999, max) = latencies.Percentiles();
                var active = Math.Min(parse.GetValue(customers), warm.Count + measured.Count);
                Console.WriteLine($"model {model.Version}; {Environment.ProcessorCount} cores; {parse.GetValue(inFlight)} calls in flight; durable decision log");
                Console.WriteLine($"scored {measured.Count:N0} in {elapsed.TotalSeconds:0.00} s: {measured.Count / elapsed.TotalSeconds:N0} scores/s, {cpu.TotalMicroseconds / measured.Count:0.0} µs CPU per score");
                Console.WriteLine($"latency (µs): p50 {p50:N0}  p99 {p99:N0}  p99.9 {p999:N0}  max {max:N0}");
                Console.WriteLine($"managed heap after: {heapAfter / 1e6:N0} MB for {active:N0} active customers and up to {parse.GetValue(terminals):N0} terminals " +
                    $"({(heapAfter - heapBefore) / (double)active:N0} bytes per customer, all state included); working set {Environment.WorkingSet / 1e6:N0} MB");
                return 0;
            }
            finally
            {
                temporary.Delete(recursive: true);
            }
        }));

        return command;
    }

    private static async Task RunAsync(InProcessNode node, IEnumerable<ScoreRequest> requests, int count, int inFlight, LatencyRecorder? latencies, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(inFlight);
        var failures = 0;
        foreach (var request in requests)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var call = node.Grains.GetGrain<ICustomerGrain>(request.CustomerId).ScoreAsync(request);
            _ = CompleteAsync(call, started);
        }

        for (var i = 0; i < inFlight; i++)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {count} scores failed.");
        }

        async Task CompleteAsync(ValueTask<ScoreResult> call, long started)
        {
            try
            {
                await call.ConfigureAwait(false);
                latencies?.Record(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failures);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static Command Http()
    {
        var url = new Option<string>("--url") { Description = "Base URL of a running node.", DefaultValueFactory = _ => "http://localhost:8080" };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections.", DefaultValueFactory = _ => 32 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds (not reported).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Transactions per request via score-batch; 0 for single scores.", DefaultValueFactory = _ => 0 };
        var apiKey = new Option<string?>("--api-key") { Description = "A scorer key (default: SCORER_KEY from the environment, as in artifacts/node/demo-keys.env)." };
        var command = new Command("http", "Drive a running node's scoring API with wrk (Debian package wrk), the method of the performance anchors.")
        {
            url, connections, duration, warmup, batch, apiKey,
        };

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("bench http", async () =>
        {
            var script = Path.Combine(Path.GetTempPath(), $"fraudactors-{Guid.NewGuid():N}.lua");
            var name = parse.GetValue(batch) > 0 ? "score-batch.lua" : "score.lua";
            await using (var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!)
            await using (var file = File.Create(script))
            {
                await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("SCORER_KEY")
                    ?? throw new InvalidOperationException("No API key: pass --api-key or set SCORER_KEY (see artifacts/node/demo-keys.env).");
                var environment = new Dictionary<string, string>
                {
                    ["FA_BATCH"] = Math.Max(1, parse.GetValue(batch)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["FA_API_KEY"] = key,
                };
                var threads = Math.Min(2, parse.GetValue(connections));
                await Wrk(["-t", $"{threads}", "-c", $"{parse.GetValue(connections)}", "-d", $"{parse.GetValue(warmup)}s", "-s", script, parse.GetValue(url)!], environment, echo: false, cancellationToken).ConfigureAwait(false);
                var output = await Wrk(["-t", $"{threads}", "-c", $"{parse.GetValue(connections)}", "-d", $"{parse.GetValue(duration)}s", "--latency", "-s", script, parse.GetValue(url)!], environment, echo: true, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(batch) > 0)
                {
                    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
                    if (line is not null && double.TryParse(line["Requests/sec:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var perSecond))
                    {
                        Console.WriteLine($"transactions/sec: {perSecond * parse.GetValue(batch):N0} ({parse.GetValue(batch)} per request)");
                    }
                }

                return output.Contains("Non-2xx", StringComparison.Ordinal) ? CommandFailure.Failed : 0;
            }
            finally
            {
                File.Delete(script);
            }
        }));

        return command;
    }

    private static async Task<string> Wrk(string[] arguments, Dictionary<string, string> environment, bool echo, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("wrk is not installed: apt-get install wrk");
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (echo)
            {
                Console.Write(output);
            }

            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk failed: {await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }
}
